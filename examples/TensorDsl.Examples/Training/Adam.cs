using System;
using System.Linq;

namespace TensorDsl.Examples.Training
{
    /// <summary>Adam (Kingma and Ba) over a list of weight arrays.</summary>
    internal sealed class Adam
    {
        private readonly double[][] _m, _v;
        private readonly double _lr;
        private int _t;

        public Adam(int[] sizes, double learningRate)
        {
            _m = sizes.Select(n => new double[n]).ToArray();
            _v = sizes.Select(n => new double[n]).ToArray();
            _lr = learningRate;
        }

        public void Step(double[][] weights, double[][] gradients)
        {
            const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
            _t++;
            double c1 = 1 - Math.Pow(beta1, _t), c2 = 1 - Math.Pow(beta2, _t);
            for (int a = 0; a < weights.Length; a++)
            {
                for (int i = 0; i < weights[a].Length; i++)
                {
                    double g = gradients[a][i];
                    _m[a][i] = beta1 * _m[a][i] + (1 - beta1) * g;
                    _v[a][i] = beta2 * _v[a][i] + (1 - beta2) * g * g;
                    weights[a][i] -= _lr * (_m[a][i] / c1) / (Math.Sqrt(_v[a][i] / c2) + eps);
                }
            }
        }
    }
}
