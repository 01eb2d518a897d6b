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

}
