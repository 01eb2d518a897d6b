using SparseDsl.Language.IR;

namespace SparseDsl.Generator.Emit;

/// <summary>
/// A code-generation backend (scalar, SIMD, GPU). The spec emitter asks each backend whether it can
/// specialize a kernel and lets it write its part. A kernel that no CPU backend specializes is emitted as a
/// call into the runtime's generic reference kernels, with warning SPD200 at the kernel's spec line.
/// </summary>
public interface IKernelBackend
{
    /// <summary>"scalar", "simd" or "gpu": used in comments and in SPD200's message.</summary>
    string Name { get; }

    /// <summary>True when this backend emits specialized code for the kernel.</summary>
    bool CanSpecialize(KernelIr kernel);

    /// <summary>Writes this backend's code for the kernel (a path inside the CPU range method, or the GPU members named by <paramref name="names"/>).</summary>
    void Emit(SourceWriter writer, KernelIr kernel, KernelNames names);
}
