using System.Collections.Generic;
using SparseDsl.Language.IR;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// The body of a CPU range method as one template: the format's prologue (shared locals), then
/// <c>if (Vector512.IsHardwareAccelerated) { ... } else if (Vector256...) { ... }</c> with one branch per width the
/// format provides (no dead branches: the JIT folds IsHardwareAccelerated to a constant, so one path survives; each
/// branch returns), then the scalar path.
/// </summary>
internal static class CpuPaths
{
    /// <summary>True when the format has at least one SIMD path for the kernel.</summary>
    public static bool HasSimd(FormatKernels format, KernelIr kernel)
        => format.CanSpecialize(kernel) && format.HasSimd(kernel) && format.SimdWidths(kernel).Count > 0;

    /// <summary>The paths the range method has, in the order it tries them, as the entry's remarks name them: "simd", "scalar".</summary>
    public static IReadOnlyList<string> Names(FormatKernels format, KernelIr kernel)
        => HasSimd(format, kernel) ? new[] { "simd", "scalar" } : new[] { "scalar" };

    /// <summary>Writes the paths of a kernel the format specializes, inside the range method (after pinning).</summary>
    /// <param name="scope">The range method's locals (its parameters and pinned arrays); each path declares its own in a child scope.</param>
    public static void Emit(SourceWriter writer, KernelIr kernel, FormatKernels format, LocalScope scope)
    {
        format.EmitPrologue(writer, kernel, scope);
        if (HasSimd(format, kernel))
        {
            bool first = true;
            foreach (int bits in format.SimdWidths(kernel))
            {
                using (writer.Open($"{(first ? "if" : "else if")} ({Rt.Vector(bits)}.IsHardwareAccelerated)"))
                    format.EmitSimd(writer, kernel, bits, scope.Child());
                first = false;
            }
        }
        format.EmitScalar(writer, kernel, scope.Child());
    }
}
