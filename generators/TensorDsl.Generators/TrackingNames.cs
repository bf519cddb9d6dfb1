namespace TensorDsl.Generators
{
    /// <summary>Names of the incremental steps, so that tests can assert that they are cached.</summary>
    public static class TrackingNames
    {
        /// <summary>The transform from attributed methods to models.</summary>
        public const string EinsumModels = nameof(EinsumModels);

        /// <summary>The transform from <c>[TensorProgram]</c> methods to models.</summary>
        public const string ProgramModels = nameof(ProgramModels);
        public const string GradientModels = nameof(GradientModels);

        /// <summary>The transform from <c>[GauntProduct]</c> methods to models.</summary>
        public const string GauntModels = nameof(GauntModels);

        /// <summary>The transform from <c>[EquivariantPolynomial]</c> methods to models.</summary>
        public const string PolynomialModels = nameof(PolynomialModels);
    }
}
