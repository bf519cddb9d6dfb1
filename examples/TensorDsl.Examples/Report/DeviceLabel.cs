using TensorDsl;

namespace TensorDsl.Examples.Report
{
    /// <summary>The backend column of a GPU overload's row: "cuda", "opencl", "ilgpu-cpu" (ILGPU's CPU accelerator).</summary>
    public static class DeviceLabel
    {
        /// <summary>The label of <paramref name="device"/>.</summary>
        /// <param name="device">The device the GPU overloads run on.</param>
        public static string Of(TensorDevice device) => device.Backend switch
        {
            TensorDeviceBackend.Cuda => "cuda",
            TensorDeviceBackend.OpenCL => "opencl",
            TensorDeviceBackend.CpuAccelerator => "ilgpu-cpu",
            _ => "host-cpu",
        };
    }
}
