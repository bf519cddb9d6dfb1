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
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    internal sealed class GauntFourierDeviceTables<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private static readonly ConditionalWeakTable<TensorDevice, Dictionary<(int, int, int), GauntFourierDeviceTables<T>>> s_device = new();

        private GauntFourierDeviceTables(DeviceTensor<T> buffer, long kappaX, long kappaY, long omega)
        {
            Buffer = buffer;
            KappaX = kappaX;
            KappaY = kappaY;
            Omega = omega;
        }

        /// <summary>κ of x, κ of y and ω, concatenated.</summary>
        public DeviceTensor<T> Buffer { get; }

        /// <summary>Offset of κ of x in <see cref="Buffer"/>.</summary>
        public long KappaX { get; }

        /// <summary>Offset of κ of y in <see cref="Buffer"/>.</summary>
        public long KappaY { get; }

        /// <summary>Offset of ω in <see cref="Buffer"/>.</summary>
        public long Omega { get; }

        /// <summary>The tables of degrees (<paramref name="l1"/>, <paramref name="l2"/>, <paramref name="lOut"/>) on <paramref name="device"/>.</summary>
        public static GauntFourierDeviceTables<T> Get(TensorDevice device, int l1, int l2, int lOut)
        {
            var perDevice = s_device.GetValue(device, static _ => new Dictionary<(int, int, int), GauntFourierDeviceTables<T>>());
            lock (perDevice)
            {
                if (perDevice.TryGetValue((l1, l2, lOut), out var cached) && !cached.Buffer.IsDisposed) return cached;
                var plan = GauntFourierPlan<T>.Get(l1, l2, l1 + l2, lOut, GauntFourierConvolution.Direct);
                T[] kx = plan.KappaX!, ky = plan.KappaY!, omega = plan.Omega!;
                var all = new T[kx.Length + ky.Length + omega.Length];
                kx.CopyTo(all, 0);
                ky.CopyTo(all, kx.Length);
                omega.CopyTo(all, kx.Length + ky.Length);
                var tables = new GauntFourierDeviceTables<T>(device.Upload(all), 0, kx.Length, kx.Length + ky.Length);
                perDevice[(l1, l2, lOut)] = tables;
                return tables;
            }
        }
    }
}
