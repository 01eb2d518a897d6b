using System;

namespace SparseDsl;

/// <summary>Which ILGPU accelerator a <see cref="GpuDevice"/> runs on.</summary>
public enum GpuKind
{
    /// <summary>CUDA when an NVIDIA GPU is present, else ILGPU's CPU accelerator; the <c>SPARSEDSL_GPU</c> environment variable (<c>cpu</c>, <c>cuda</c>, <c>auto</c>) overrides it.</summary>
    Auto,
    /// <summary>ILGPU's CPU accelerator: the same kernels, simulated on CPU threads (correctness, CI without a GPU).</summary>
    Cpu,
    /// <summary>An NVIDIA GPU through CUDA; <see cref="GpuUnavailableException"/> when there is none.</summary>
    Cuda,
}

/// <summary>The requested accelerator does not exist on this machine (e.g. CUDA asked for, no NVIDIA GPU or driver).</summary>
public sealed class GpuUnavailableException : InvalidOperationException
{
    public GpuUnavailableException(string message) : base(message) { }
}
