using System.Runtime.CompilerServices;

// The tests check SpecLocations' mapping directly, for spans the binders do not produce today (across lines).
[assembly: InternalsVisibleTo("TensorDsl.Analyzers.Tests")]
