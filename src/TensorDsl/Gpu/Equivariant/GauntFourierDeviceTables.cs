using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using TensorDsl.Equivariant;

namespace TensorDsl.Gpu.Equivariant
{
    /// <summary>
    /// The tables of the direct Fourier-method product on a device: κ of x, κ of y and ω of
    /// <see cref="GauntFourierPlan{T}"/> (built in double on the host, rounded once to <typeparamref name="T"/>), one after the
    /// other in one buffer, uploaded on first use per (device, degrees, element type) and kept for the life of the device.
    /// For a many-body product: κ of x and ω of every power n = 2..ν (product degree nL, output degrees ≤ min(LOut, nL)).
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    internal sealed class GauntFourierDeviceTables<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Key: (0, L1, L2, LOut) for a product, (1, L, ν, LOut) for a many-body product.
        private static readonly ConditionalWeakTable<TensorDevice, Dictionary<(int, int, int, int), GauntFourierDeviceTables<T>>> s_device = new();

        private GauntFourierDeviceTables(DeviceTensor<T> buffer, long kappaX, long kappaY, long omega, long[] powers)
        {
            Buffer = buffer;
            KappaX = kappaX;
            KappaY = kappaY;
            Omega = omega;
            Powers = powers;
        }

        /// <summary>κ of x, κ of y and ω, concatenated.</summary>
        public DeviceTensor<T> Buffer { get; }

        /// <summary>Offset of κ of x in <see cref="Buffer"/>.</summary>
        public long KappaX { get; }

        /// <summary>Offset of κ of y in <see cref="Buffer"/>.</summary>
        public long KappaY { get; }

        /// <summary>Offset of ω in <see cref="Buffer"/> (a product).</summary>
        public long Omega { get; }

        /// <summary>Offsets of ω of the powers n = 2..ν in <see cref="Buffer"/> (a many-body product; empty for a product).</summary>
        public long[] Powers { get; }

        /// <summary>The tables of degrees (<paramref name="l1"/>, <paramref name="l2"/>, <paramref name="lOut"/>) on <paramref name="device"/>.</summary>
        public static GauntFourierDeviceTables<T> Get(TensorDevice device, int l1, int l2, int lOut)
        {
            var perDevice = s_device.GetValue(device, static _ => new Dictionary<(int, int, int, int), GauntFourierDeviceTables<T>>());
            lock (perDevice)
            {
                if (perDevice.TryGetValue((0, l1, l2, lOut), out var cached) && !cached.Buffer.IsDisposed) return cached;
                var plan = GauntFourierPlan<T>.Get(l1, l2, l1 + l2, lOut, GauntFourierConvolution.Direct);
                T[] kx = plan.KappaX!, ky = plan.KappaY!, omega = plan.Omega!;
                var all = new T[kx.Length + ky.Length + omega.Length];
                kx.CopyTo(all, 0);
                ky.CopyTo(all, kx.Length);
                omega.CopyTo(all, kx.Length + ky.Length);
                var tables = new GauntFourierDeviceTables<T>(device.Upload(all), 0, kx.Length, kx.Length + ky.Length, Array.Empty<long>());
                perDevice[(0, l1, l2, lOut)] = tables;
                return tables;
            }
        }

        /// <summary>The tables of a many-body product of degree <paramref name="l"/>, <paramref name="nu"/> factors, on <paramref name="device"/>.</summary>
        public static GauntFourierDeviceTables<T> GetManyBody(TensorDevice device, int l, int nu, int lOut)
        {
            var perDevice = s_device.GetValue(device, static _ => new Dictionary<(int, int, int, int), GauntFourierDeviceTables<T>>());
            lock (perDevice)
            {
                if (perDevice.TryGetValue((1, l, nu, lOut), out var cached) && !cached.Buffer.IsDisposed) return cached;
                // κ depends on the degree only: take it from the plan of the square (any Direct plan of degree l has it).
                var parts = new List<T[]> { GauntFourierPlan<T>.Get(l, l, 2 * l, Math.Min(lOut, 2 * l), GauntFourierConvolution.Direct).KappaX! };
                for (int n = 2; n <= nu; n++)
                {
                    parts.Add(GauntFourierPlan<T>.Get(l, l, n * l, Math.Min(lOut, n * l), GauntFourierConvolution.Direct).Omega!);
                }
                var powers = new long[nu - 1];
                int length = 0;
                for (int i = 0; i < parts.Count; i++)
                {
                    if (i > 0) powers[i - 1] = length;
                    length += parts[i].Length;
                }
                var all = new T[length];
                for (int i = 0, at = 0; i < parts.Count; at += parts[i].Length, i++) parts[i].CopyTo(all, at);
                var tables = new GauntFourierDeviceTables<T>(device.Upload(all), 0, 0, 0, powers);
                perDevice[(1, l, nu, lOut)] = tables;
                return tables;
            }
        }
    }
}
