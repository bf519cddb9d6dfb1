using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Language.Programs.Syntax
{
    /// <summary>
    /// The names the program language calls: elementwise functions <c>f(e)</c> and reductions <c>r[idx](e)</c>. One list
    /// for the parser (which treats the reductions as keywords), the binder (which resolves calls) and the "did you
    /// mean" of an unknown name.
    /// </summary>
    public static class ProgramFunctions
    {
        /// <summary>Functions of one argument.</summary>
        public static readonly IReadOnlyList<string> Unary = new[] { "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "step" };

        /// <summary>Functions of two arguments (<c>max</c> is a reduction too, told apart by its brackets).</summary>
        public static readonly IReadOnlyList<string> Binary = new[] { "max", "min" };

        /// <summary>Reductions and normalizers, written <c>name[idx](e)</c>.</summary>
        public static readonly IReadOnlyList<string> Reductions = new[] { "sum", "max", "softmax" };

        /// <summary>The Gaunt tensor product, written <c>gaunt[L1,L2,LOut](x[…,i], y[…,j])</c> as a statement's whole right side.</summary>
        public const string Gaunt = "gaunt";

        /// <summary>Every function, in the order messages list them.</summary>
        public static readonly IReadOnlyList<string> Functions = Unary.Concat(Binary).ToArray();

        /// <summary>True for <c>sum</c>, <c>max</c> and <c>softmax</c>.</summary>
        public static bool IsReduction(string name) => name == "sum" || name == "max" || name == "softmax";

        /// <summary>True for a name callable as <c>name(…)</c>.</summary>
        public static bool IsFunction(string name) => Functions.Contains(name);

        /// <summary>How <paramref name="name"/> is written: <c>exp(e)</c>, <c>min(a, b)</c>, <c>sum[j](e)</c>.</summary>
        public static string Usage(string name)
            => IsReduction(name) ? name + "[j](e)" : Binary.Contains(name) ? name + "(a, b)" : name + "(e)";

        /// <summary>
        /// The known name nearest to a misspelled <paramref name="name"/>, or null. <paramref name="indexed"/> says how it
        /// was written: <c>name[j](e)</c> prefers a reduction on a tie, <c>name(e)</c> a function.
        /// </summary>
        public static string? Suggest(string name, bool indexed)
            => NameSuggestions.Nearest(name, indexed ? Reductions.Concat(Functions) : Functions.Concat(Reductions));
    }
}
