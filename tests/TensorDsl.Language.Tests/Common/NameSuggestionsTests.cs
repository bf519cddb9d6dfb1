using TensorDsl.Language;
using Xunit;

namespace TensorDsl.Language.Tests.Common
{
    public sealed class NameSuggestionsTests
    {
        [Theory]
        [InlineData("tnah", "tanh", 1)]      // adjacent swap: one edit
        [InlineData("smu", "sum", 1)]
        [InlineData("sofmax", "softmax", 1)] // one deletion
        [InlineData("gelu", "relu", 1)]      // one replacement
        [InlineData("Q", "q", 0)]            // case is ignored
        [InlineData("kitten", "sitting", 3)]
        [InlineData("abc", "ca", 3)]         // optimal string alignment: no edit of a swapped pair
        [InlineData("", "exp", 3)]
        [InlineData("exp", "exp", 0)]
        public void Distance_counts_inserted_deleted_replaced_and_swapped_characters(string a, string b, int expected)
        {
            Assert.Equal(expected, NameSuggestions.Distance(a, b));
            Assert.Equal(expected, NameSuggestions.Distance(b, a));
        }

        [Theory]
        [InlineData(1, 0)]
        [InlineData(2, 0)]
        [InlineData(3, 1)]
        [InlineData(5, 1)]
        [InlineData(6, 2)]
        [InlineData(30, 2)]
        public void Short_names_tolerate_fewer_edits(int length, int expected) => Assert.Equal(expected, NameSuggestions.MaxDistance(length));

        [Theory]
        [InlineData("tnah", "tanh")]
        [InlineData("sofmax", "softmax")]
        [InlineData("sotfmax", "softmax")]
        [InlineData("sigmod", "sigmoid")]
        [InlineData("Exp", "exp")]
        [InlineData("expp", "exp")]
        public void Nearest_finds_the_name_meant(string typo, string meant)
            => Assert.Equal(meant, NameSuggestions.Nearest(typo, new[] { "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "max", "min", "sum", "softmax" }));

        [Theory]
        [InlineData("x")]       // one letter: another name, not a typo of 'a'
        [InlineData("ab")]      // two letters, not a case slip
        [InlineData("erf")]     // two edits from 'exp'
        [InlineData("softplus")]
        public void Nearest_suggests_nothing_when_no_name_is_near(string name)
            => Assert.Null(NameSuggestions.Nearest(name, new[] { "a", "b", "exp", "softmax", "sum" }));

        [Fact]
        public void A_case_slip_beats_an_earlier_candidate_one_edit_away()
            => Assert.Equal("Qk", NameSuggestions.Nearest("qk", new[] { "qv", "Qk" }));

        [Fact]
        public void Ties_go_to_the_earlier_candidate()
        {
            Assert.Equal("max", NameSuggestions.Nearest("mix", new[] { "max", "min" }));
            Assert.Equal("min", NameSuggestions.Nearest("mix", new[] { "min", "max" }));
            Assert.Equal("max", NameSuggestions.Nearest("mxa", new[] { "min", "max" })); // a swap is nearer than two replacements
        }

        [Fact]
        public void The_name_itself_is_never_suggested()
            => Assert.Null(NameSuggestions.Nearest("exp", new[] { "exp" }));
    }
}
