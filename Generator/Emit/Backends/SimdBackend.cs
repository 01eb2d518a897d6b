using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Storage;
using SparseDsl.Language.IR;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Backends;

/// <summary>
/// The SIMD paths of a range method: <c>if (Vector512.IsHardwareAccelerated) { ... } else if (Vector256...) ...</c>,
/// one branch per width the format provides (no dead branches); each branch returns, the scalar path follows.
/// </summary>
public sealed class SimdBackend : IKernelBackend
{
    public string Name => "simd";

    public bool CanSpecialize(KernelIr kernel)
    {
        var format = StorageDescriptors.CpuFor(kernel.Matrix.Storage.Kind);
        return format is not null && format.CanSpecialize(kernel) && format.HasSimd(kernel) && format.SimdWidths(kernel).Count > 0;
    }

    public void Emit(SourceWriter writer, KernelIr kernel, KernelNames names)
    {
        var format = StorageDescriptors.CpuFor(kernel.Matrix.Storage.Kind)!;
        bool first = true;
        foreach (int bits in format.SimdWidths(kernel))
        {
            using (writer.Open($"{(first ? "if" : "else if")} ({Rt.Vector(bits)}.IsHardwareAccelerated)"))
                format.EmitSimd(writer, kernel, bits);
            first = false;
        }
    }
}
