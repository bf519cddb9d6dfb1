using System.Collections.Concurrent;
using System.Collections.Generic;
using TensorDsl.Language;

namespace TensorDsl.Analyzers
{
    /// <summary>
    /// The language-level diagnostics of a kernel attribute, cached by value: binding (and, for programs, planning) is a
    /// pure function of the attribute text, the method's signature and its <c>[Dim]</c>s, all value-equatable records. The
    /// IDE re-runs the symbol actions on every kernel after each edit; an unchanged kernel then costs a dictionary lookup
    /// instead of a parse, bind and plan (see docs/performance.md, "Analyzer cost"). Only Language records are stored,
    /// never a Roslyn symbol or compilation.
    /// </summary>
    internal sealed class BindingCache<TKey>
    {
        // Enough for every kernel of a large solution; past it the cache starts over rather than growing without bound.
        private const int Capacity = 4096;
        private readonly ConcurrentDictionary<TKey, IReadOnlyList<LanguageDiagnostic>> _entries =
            new ConcurrentDictionary<TKey, IReadOnlyList<LanguageDiagnostic>>();

        /// <summary>The cached diagnostics for <paramref name="key"/>, computed with <paramref name="compute"/> on a miss.</summary>
        public IReadOnlyList<LanguageDiagnostic> GetOrAdd(TKey key, System.Func<TKey, IReadOnlyList<LanguageDiagnostic>> compute)
        {
            if (_entries.TryGetValue(key, out var cached)) return cached;
            if (_entries.Count >= Capacity) _entries.Clear();
            return _entries.GetOrAdd(key, compute);
        }
    }
}
