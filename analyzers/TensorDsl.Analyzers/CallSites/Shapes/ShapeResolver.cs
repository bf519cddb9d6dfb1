using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TensorDsl.Analyzers.CallSites.Checking;
using TensorDsl.Analyzers.CallSites.Contracts;

namespace TensorDsl.Analyzers.CallSites.Shapes
{
    /// <summary>
    /// The compile-time shape of a tensor argument, or null. Sources: <c>new TensorSpan&lt;T&gt;(…)</c> /
    /// <c>new ReadOnlyTensorSpan&lt;T&gt;(…)</c> and <c>Tensor.Create</c>/<c>CreateFromShape</c>/<c>CreateFromShapeUninitialized</c>
    /// with literal lengths, an array created with a constant length (1-D), the implicit conversions and <c>As…TensorSpan()</c>
    /// between tensor types, locals and readonly fields whose every write has one shape, and the output of an earlier kernel
    /// call in the same block whose result shape is known (the call would have thrown otherwise). Never guesses.
    /// </summary>
    internal sealed class ShapeResolver
    {
        private const int MaxDepth = 8;

        private readonly SemanticModel _model;
        private readonly KernelContracts _contracts;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<ISymbol, VariableWrites> _writes = new Dictionary<ISymbol, VariableWrites>(SymbolEqualityComparer.Default);
        private int _depth;

        /// <summary>Creates a resolver for the operations of one semantic model (one analyzed operation block).</summary>
        public ShapeResolver(SemanticModel model, KernelContracts contracts, CancellationToken cancellationToken)
        {
            _model = model;
            _contracts = contracts;
            _cancellationToken = cancellationToken;
        }

        /// <summary>The shapes of a kernel call's tensor arguments, by tensor slot of <paramref name="contract"/> (null = unknown).</summary>
        public KnownShape?[] ArgumentShapes(IInvocationOperation call, KernelContract contract)
        {
            var shapes = new KnownShape?[contract.Tensors.Length];
            for (int t = 0; t < shapes.Length; t++)
            {
                var argument = Argument(call, contract.Tensors[t].Parameter);
                if (argument is not null && argument.ArgumentKind == ArgumentKind.Explicit) shapes[t] = ShapeOf(argument.Value);
            }
            return shapes;
        }

        /// <summary>The argument passed for parameter <paramref name="ordinal"/>.</summary>
        public static IArgumentOperation? Argument(IInvocationOperation call, int ordinal)
            => call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal);

        /// <summary>The shape of <paramref name="value"/>, or null when it is not known at compile time.</summary>
        public KnownShape? ShapeOf(IOperation value)
        {
            if (_depth >= MaxDepth) return null;
            _cancellationToken.ThrowIfCancellationRequested();
            _depth++;
            try
            {
                return Resolve(value);
            }
            finally
            {
                _depth--;
            }
        }

        private KnownShape? Resolve(IOperation value)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    if (!TensorTypes.IsTensor(conversion.Type)) return null;
                    if (conversion.Operand.Type is IArrayTypeSymbol { Rank: 1 })
                    {
                        // T[] → Tensor<T> / TensorSpan<T> / ReadOnlyTensorSpan<T>: one axis of the array's length.
                        var (n, origin) = ArrayLength(conversion.Operand);
                        return n is null || origin is null ? null : new KnownShape(new[] { n.Value }, KnownShape.OriginOf(origin));
                    }
                    return TensorTypes.IsTensor(conversion.Operand.Type) ? ShapeOf(conversion.Operand) : null;

                case IObjectCreationOperation { Constructor: { } constructor } creation when TensorTypes.IsTensorSpan(creation.Type):
                    return FromFactory(constructor, creation.Arguments, creation.Syntax);

                case IInvocationOperation invocation:
                {
                    var method = invocation.TargetMethod;
                    if (TensorTypes.IsTensorFactory(method.ContainingType)
                        && method.Name is "Create" or "CreateFromShape" or "CreateFromShapeUninitialized")
                    {
                        return FromFactory(method, invocation.Arguments, invocation.Syntax);
                    }
                    if (method.Parameters.Length == 0 && invocation.Instance is { } instance && TensorTypes.IsTensor(method.ContainingType)
                        && method.Name is "AsTensorSpan" or "AsReadOnlyTensorSpan")
                    {
                        return ShapeOf(instance);
                    }
                    return null;
                }

                case ILocalReferenceOperation local:
                    return FromVariable(local.Local, Writes(local.Local, () => VariableWrites.OfLocal(local.Local, _model, _cancellationToken)), value.Syntax);

                case IParameterReferenceOperation parameter:
                    return FromVariable(parameter.Parameter, Writes(parameter.Parameter, () => VariableWrites.OfParameter(parameter.Parameter, value.Syntax, _model, _cancellationToken)), value.Syntax);

                case IFieldReferenceOperation field when field.Field.IsReadOnly && (field.Field.IsStatic || field.Instance is IInstanceReferenceOperation):
                {
                    var writes = Writes(field.Field, () => VariableWrites.OfReadonlyField(field.Field, _model, _cancellationToken));
                    return writes.IsTracked ? SameShape(writes.Values) : null;
                }
            }
            return null;
        }

        // A constructor or factory: the first ReadOnlySpan<nint> parameter is the lengths; without one, (T[] array) gives
        // [array.Length] and (T* data, nint length) gives [length].
        private KnownShape? FromFactory(IMethodSymbol method, IEnumerable<IArgumentOperation> arguments, SyntaxNode syntax)
        {
            var parameters = method.Parameters;
            var lengthsParameter = parameters.FirstOrDefault(p => TensorTypes.IsLengths(p.Type));
            long[]? lengths = null;
            if (lengthsParameter is not null)
            {
                var argument = arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, lengthsParameter));
                if (argument is null || argument.ArgumentKind != ArgumentKind.Explicit) return null;
                lengths = Lengths(argument.Value);
            }
            else if (parameters.Length == 1 && parameters[0].Type is IArrayTypeSymbol { Rank: 1 })
            {
                var argument = arguments.FirstOrDefault();
                long? n = argument is null ? null : ArrayLength(argument.Value).Length;
                if (n is not null) lengths = new[] { n.Value };
            }
            else if (parameters.Length == 2 && parameters[0].Type is IPointerTypeSymbol && parameters[1].Type.SpecialType == SpecialType.System_IntPtr)
            {
                var argument = arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1);
                long n = argument is null ? KnownShape.Unknown : ConstantValues.Length(argument.Value);
                if (n != KnownShape.Unknown) lengths = new[] { n };
            }
            // An empty lengths list is not a shape this check reasons about.
            if (lengths is null || lengths.Length == 0) return null;
            return new KnownShape(lengths, KnownShape.OriginOf(syntax));
        }

        /// <summary>A literal list of lengths, or a local whose every write is the same literal list.</summary>
        private long[]? Lengths(IOperation value)
        {
            var literal = ConstantValues.LiteralList(value, _model);
            if (literal is not null) return literal;
            if (ConstantValues.StripConversions(value) is not ILocalReferenceOperation { Local: var local }) return null;
            var writes = Writes(local, () => VariableWrites.OfLocal(local, _model, _cancellationToken));
            if (!writes.IsTracked || writes.Values.Count == 0) return null;
            // An array or Span<nint> could be changed element by element: every read must hand it to System.Numerics.Tensors.
            if (!TensorTypes.IsLengths(local.Type) && !writes.Reads.All(IsPassedToTensors)) return null;
            long[]? result = null;
            foreach (var write in writes.Values)
            {
                var list = ConstantValues.LiteralList(write, _model);
                if (list is null || (result is not null && !result.SequenceEqual(list))) return null;
                result = list;
            }
            return result;
        }

        private bool IsPassedToTensors(SyntaxNode read)
        {
            if (read.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } call } }) return false;
            return TensorTypes.InTensorsNamespace(_model.GetSymbolInfo(call, _cancellationToken).Symbol?.ContainingType);
        }

        /// <summary>
        /// The length of a one-dimensional array — created in place, or a local whose every write has that length — and the
        /// creation that gave it.
        /// </summary>
        private (long? Length, SyntaxNode? Origin) ArrayLength(IOperation value)
        {
            var literal = ConstantValues.LiteralArrayLength(value);
            if (literal is not null) return (literal, ConstantValues.StripConversions(value).Syntax);
            if (ConstantValues.StripConversions(value) is not ILocalReferenceOperation { Local: var local }) return (null, null);
            var writes = Writes(local, () => VariableWrites.OfLocal(local, _model, _cancellationToken));
            if (!writes.IsTracked || writes.Values.Count == 0) return (null, null);
            long? result = null;
            SyntaxNode? origin = null;
            foreach (var write in writes.Values)
            {
                long? n = ConstantValues.LiteralArrayLength(write);
                if (n is null || (result is not null && result != n)) return (null, null);
                result = n;
                origin ??= ConstantValues.StripConversions(write).Syntax;
            }
            return (result, origin);
        }

        private KnownShape? FromVariable(ISymbol symbol, VariableWrites writes, SyntaxNode use)
        {
            if (!writes.IsTracked) return null;
            var shape = writes.Values.Count > 0 ? SameShape(writes.Values) : null;
            if (shape is not null) return shape;
            // Written at most once (its declaration): an earlier kernel call that wrote it fixes its shape.
            return writes.Values.Count <= 1 && writes.Scope is not null ? KernelOutputFacts.ShapeAfterEarlierCall(symbol, use, writes.Scope, _model, this, _contracts, _cancellationToken) : null;
        }

        private KnownShape? SameShape(IReadOnlyList<IOperation> values)
        {
            KnownShape? result = null;
            foreach (var value in values)
            {
                var shape = ShapeOf(value);
                if (shape is null || (result is not null && !result.SameLengths(shape))) return null;
                result ??= shape;
            }
            return result;
        }

        private VariableWrites Writes(ISymbol symbol, System.Func<VariableWrites> find)
        {
            if (!_writes.TryGetValue(symbol, out var writes))
            {
                writes = find();
                _writes[symbol] = writes;
            }
            return writes;
        }
    }
}
