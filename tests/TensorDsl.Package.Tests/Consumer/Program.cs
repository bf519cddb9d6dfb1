// Runs the packaged kernels on inputs from a fixed formula and prints every result; the test recomputes them independently.
using System.Globalization;
using System.Numerics.Tensors;
using TensorDsl;

// Input element i of tensor number `seed`: small multiples of 1/4, exact in float.
static double Input(int seed, int i) => ((i * 7 + seed * 3) % 11 - 5) / 4.0;
static T[] Inputs<T>(int seed, int count, Func<double, T> convert) => Enumerable.Range(0, count).Select(i => convert(Input(seed, i))).ToArray();
static void Print<T>(string name, IEnumerable<T> values) where T : IFormattable =>
    Console.WriteLine(name + " " + string.Join(" ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

// [Einsum] on the CPU: (3x4) · (4x5).
float[] a = Inputs(1, 12, x => (float)x), b = Inputs(2, 20, x => (float)x), c = new float[15];
Kernels.MatMul(new ReadOnlyTensorSpan<float>(a, [3, 4]), new ReadOnlyTensorSpan<float>(b, [4, 5]), new TensorSpan<float>(c, [3, 5]));
Print("matmul", c);

// The same [Einsum] through its generated GPU overload, on ILGPU's CPU accelerator (ILGPU comes with the package).
using (var device = TensorDevice.CreateCpu())
{
    using var da = device.Upload(a, 3, 4);
    using var db = device.Upload(b, 4, 5);
    using var dc = device.Allocate<float>(3, 5);
    Kernels.MatMul(device, da, db, dc);
    Print("gpu-matmul", dc.ToArray());
}

// [TensorProgram]: attention with n = 6 queries and keys, d = 4, c = 3 value channels.
double[] q = Inputs(3, 24, x => x), k = Inputs(4, 24, x => x), v = Inputs(5, 18, x => x), o = new double[18];
Kernels.Attention(new ReadOnlyTensorSpan<double>(q, [6, 4]), new ReadOnlyTensorSpan<double>(k, [6, 4]),
    new ReadOnlyTensorSpan<double>(v, [6, 3]), 0.5, new TensorSpan<double>(o, [6, 3]));
Print("attention", o);
