using System.Collections.Generic;

namespace SparseDsl.Generator.Emit.Backends;

/// <summary>The backends the spec emitter consults, in emission order.</summary>
public static class BackendRegistry
{
    /// <summary>Paths of the CPU range method, in order: the SIMD branches, then the scalar path.</summary>
    public static IReadOnlyList<IKernelBackend> Cpu { get; } = new IKernelBackend[]
    {
        new SimdBackend(),
        new ScalarBackend(),
    };

    /// <summary>
    /// Backends that write members of the nested <c>Gpu</c> class (one line per backend; the GPU helper adds its own).
    /// Each is asked per kernel; its members for all kernels land in one <c>public static partial class Gpu</c>.
    /// </summary>
    public static IReadOnlyList<IKernelBackend> Gpu { get; } = new IKernelBackend[]
    {
        new GpuBackend(),
    };
}
