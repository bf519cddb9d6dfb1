using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TensorDsl.Analyzers.CallSites.Shapes
{
    /// <summary>Compile-time constants in shape arguments: single lengths, lists of lengths, array lengths.</summary>
    internal static class ConstantValues
    {
        /// <summary>Strips implicit and explicit conversions (int → nint, array → span, span → read-only span).</summary>
        public static IOperation StripConversions(IOperation operation)
        {
            while (operation is IConversionOperation conversion) operation = conversion.Operand;
            return operation;
        }

        /// <summary>A non-negative integer constant, else <see cref="KnownShape.Unknown"/>.</summary>
        public static long Length(IOperation operation)
        {
            for (var op = operation; ; op = ((IConversionOperation)op).Operand)
            {
                if (op.ConstantValue.HasValue) return ToLength(op.ConstantValue.Value);
                if (op is not IConversionOperation) return KnownShape.Unknown;
            }
        }

        /// <summary>A non-negative integer constant, else <see cref="KnownShape.Unknown"/>.</summary>
        public static long ToLength(object? value)
        {
            long n;
            switch (value)
            {
                case int i: n = i; break;
                case long l: n = l; break;
                case IntPtr p: n = p.ToInt64(); break;
                case short s: n = s; break;
                case byte b: n = b; break;
                case uint u: n = u; break;
                case ushort us: n = us; break;
                case sbyte sb: n = sb; break;
                default: return KnownShape.Unknown;
            }
            // A negative length throws in the constructor; it is no shape this check reasons about.
            return n < 0 ? KnownShape.Unknown : n;
        }

        /// <summary>
        /// The elements of a literal list of lengths: a collection expression without spreads, an array creation with an
        /// initializer, or a <c>stackalloc</c> with an initializer. Elements that are not constants are
        /// <see cref="KnownShape.Unknown"/>; anything else is null.
        /// </summary>
        public static long[]? LiteralList(IOperation operation, SemanticModel model)
        {
            var op = StripConversions(operation);
            switch (op)
            {
                case ICollectionExpressionOperation collection:
                {
                    var result = new long[collection.Elements.Length];
                    for (int i = 0; i < result.Length; i++)
                    {
                        if (collection.Elements[i] is ISpreadOperation) return null;
                        result[i] = Length(collection.Elements[i]);
                    }
                    return result;
                }
                case IArrayCreationOperation { Initializer: { } initializer }:
                {
                    var result = new long[initializer.ElementValues.Length];
                    for (int i = 0; i < result.Length; i++) result[i] = Length(initializer.ElementValues[i]);
                    return result;
                }
            }
            // stackalloc has no operation of its own; read its initializer from syntax.
            IEnumerable<ExpressionSyntax>? elements = op.Syntax switch
            {
                StackAllocArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
                ImplicitStackAllocArrayCreationExpressionSyntax implicitAlloc => implicitAlloc.Initializer.Expressions,
                _ => null,
            };
            if (elements is null) return null;
            var list = new List<long>();
            foreach (var e in elements)
            {
                var constant = model.GetConstantValue(e);
                list.Add(constant.HasValue ? ToLength(constant.Value) : KnownShape.Unknown);
            }
            return list.ToArray();
        }

        /// <summary>The length of a one-dimensional array created in place (<c>new float[12]</c>, <c>new float[] {…}</c>, <c>[…]</c>), or null.</summary>
        public static long? LiteralArrayLength(IOperation operation)
        {
            switch (StripConversions(operation))
            {
                case IArrayCreationOperation { DimensionSizes.Length: 1 } creation:
                {
                    long n = Length(creation.DimensionSizes[0]);
                    return n == KnownShape.Unknown ? null : n;
                }
                case ICollectionExpressionOperation { Type: IArrayTypeSymbol { Rank: 1 } } collection:
                {
                    foreach (var e in collection.Elements)
                    {
                        if (e is ISpreadOperation) return null;
                    }
                    return collection.Elements.Length;
                }
            }
            return null;
        }
    }
}
