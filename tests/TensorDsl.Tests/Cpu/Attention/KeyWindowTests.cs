using TensorDsl.Cpu.Attention;
using Xunit;

namespace TensorDsl.Tests.Cpu.Attention
{
    public sealed class KeyWindowTests
    {
        [Fact]
        public void Default_is_full_and_full_has_open_bounds()
        {
            Assert.True(default(KeyWindow).IsFull);
            Assert.Equal(KeyWindow.Full, default);
            Assert.Equal(nint.MinValue, KeyWindow.Full.Low);
            Assert.Equal(nint.MaxValue, KeyWindow.Full.High);
            Assert.Equal(KeyWindow.Full, KeyWindow.Relative(nint.MinValue, nint.MaxValue));
            Assert.Equal("Full", KeyWindow.Full.ToString());
        }

        [Fact]
        public void Relative_windows_keep_their_bounds_and_compare_by_value()
        {
            KeyWindow causal = KeyWindow.Relative(-7, 1);
            Assert.False(causal.IsFull);
            Assert.Equal(-7, causal.Low);
            Assert.Equal(1, causal.High);
            Assert.True(causal == KeyWindow.Relative(-7, 1));
            Assert.True(causal != KeyWindow.Relative(-6, 1));
            Assert.False(causal.Equals(KeyWindow.Full));
            Assert.True(causal.Equals((object)KeyWindow.Relative(-7, 1)));
            Assert.Equal(causal.GetHashCode(), KeyWindow.Relative(-7, 1).GetHashCode());
            Assert.Equal("Relative(-7, 1)", causal.ToString());
            Assert.False(KeyWindow.Relative(nint.MinValue, 1).IsFull);
        }

        [Theory]
        [InlineData(0, 10, -3, 1, 0, 1)]
        [InlineData(5, 10, -3, 1, 2, 6)]
        [InlineData(9, 10, 3, 7, 10, 10)]        // past the keys: empty
        [InlineData(4, 10, 3, 7, 7, 10)]
        [InlineData(0, 10, -1000, -20, 0, 0)]
        [InlineData(3, 10, 5, 2, 8, 5)]          // low > high: empty
        public void Ranges_are_clipped_to_the_keys(int row, int keys, int low, int high, int start, int end)
        {
            KeyWindow.Relative(low, high).Range(row, keys, out nint s, out nint e);
            Assert.Equal(start, s);
            Assert.Equal(end, e);
        }

        [Fact]
        public void Extreme_offsets_saturate_instead_of_overflowing()
        {
            KeyWindow.Relative(nint.MinValue, nint.MaxValue).Range(nint.MaxValue / 2, 100, out nint s, out nint e);
            Assert.Equal((0, 100), (s, e));
            KeyWindow.Relative(nint.MaxValue - 1, nint.MaxValue).Range(5, 100, out s, out e);
            Assert.Equal((100, 100), (s, e));
            KeyWindow.Relative(nint.MinValue, nint.MinValue + 1).Range(5, 100, out s, out e);
            Assert.Equal((0, 0), (s, e));
        }
    }
}
