namespace TensorDsl
{
    /// <summary>What runs the work of a <see cref="TensorDevice"/> (<see cref="TensorDevice.Backend"/>).</summary>
    public enum TensorDeviceBackend
    {
        /// <summary>An NVIDIA GPU through CUDA: the generated and runtime ILGPU kernels.</summary>
        Cuda,

        /// <summary>An OpenCL device: the generated and runtime ILGPU kernels.</summary>
        OpenCL,

        /// <summary>
        /// ILGPU's CPU accelerator, chosen explicitly (<see cref="TensorDevice.CreateCpu"/> or
        /// <c>new TensorDevice(AcceleratorType.CPU)</c>): the ILGPU kernels run on CPU threads, 10–3000× slower than the
        /// generated CPU code. A device for testing kernels without a GPU.
        /// </summary>
        CpuAccelerator,

        /// <summary>
        /// The generated SIMD CPU code, over the device tensors' host memory: what <c>new TensorDevice()</c> gives on a
        /// machine without CUDA or OpenCL. The GPU overloads call their CPU overloads, so the same program runs at the CPU
        /// path's speed wherever it runs. The buffers are ILGPU CPU-accelerator buffers.
        /// </summary>
        HostCpu,
    }
}
