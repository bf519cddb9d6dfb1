using System.Collections.Generic;
using TensorDsl.Language.Programs.Binding;

namespace TensorDsl.Language.Gradients
{
    /// <summary>
    /// Builds the expressions of a derived backward with the obvious simplifications (a factor 1 disappears, constants fold,
    /// a double negation cancels), so that the gradient of a product stays a flat product the contraction planner
    /// recognizes, and the generated header reads like what a person would write.
    /// </summary>
    internal static class ExprAlgebra
    {
        public static readonly ConstExpr One = new ConstExpr(1);

        public static BoundExpr Mul(BoundExpr a, BoundExpr b)
        {
            if (a is ConstExpr { Value: 1 }) return b;
            if (b is ConstExpr { Value: 1 }) return a;
            if (a is ConstExpr ca && b is ConstExpr cb) return new ConstExpr(ca.Value * cb.Value);
            if (a is UnaryExpr { Op: UnaryOp.Negate } na) return Neg(Mul(na.Operand, b));
            if (b is UnaryExpr { Op: UnaryOp.Negate } nb) return Neg(Mul(a, nb.Operand));
            return new BinaryExpr(BinaryOp.Multiply, a, b);
        }

        public static BoundExpr Div(BoundExpr a, BoundExpr b)
            => b is ConstExpr { Value: 1 } ? a : new BinaryExpr(BinaryOp.Divide, a, b);

        public static BoundExpr Sub(BoundExpr a, BoundExpr b) => new BinaryExpr(BinaryOp.Subtract, a, b);

        public static BoundExpr Add(BoundExpr a, BoundExpr b) => new BinaryExpr(BinaryOp.Add, a, b);

        public static BoundExpr Neg(BoundExpr a) => a switch
        {
            UnaryExpr { Op: UnaryOp.Negate } n => n.Operand,
            ConstExpr c => new ConstExpr(-c.Value),
            _ => new UnaryExpr(UnaryOp.Negate, a),
        };

        public static BoundExpr Step(BoundExpr a) => new UnaryExpr(UnaryOp.Step, a);

        /// <summary>
        /// The seed that flows into the operand of <paramref name="u"/> when <paramref name="seed"/> flows into
        /// <paramref name="u"/> (the chain rule with u's local derivative, written with u's own value where that is
        /// cheaper), or null where the derivative is zero (<c>step</c>).
        /// </summary>
        public static BoundExpr? ThroughUnary(UnaryExpr u, BoundExpr seed)
        {
            var x = u.Operand;
            return u.Op switch
            {
                UnaryOp.Negate => Neg(seed),
                UnaryOp.Exp => Mul(seed, u),
                UnaryOp.Log => Div(seed, x),
                UnaryOp.Sqrt => Div(Mul(seed, new ConstExpr(0.5)), u),
                UnaryOp.Abs => Mul(seed, Sub(Step(x), Step(Neg(x)))),
                UnaryOp.Tanh => Mul(seed, Sub(One, Mul(u, u))),
                UnaryOp.Sigmoid => Mul(seed, Mul(u, Sub(One, u))),
                UnaryOp.Relu => Mul(seed, Step(x)),
                _ => null,
            };
        }
    }
}
