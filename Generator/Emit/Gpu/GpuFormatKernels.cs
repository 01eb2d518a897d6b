using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>
/// The ILGPU kernels of one storage format: which spec kernels it covers and, for each, the one or two launches
/// (<see cref="GpuPlan.Gather"/> or <see cref="GpuPlan.Scatter"/>) with their bodies: scalar code over
/// <c>ArrayView&lt;T&gt;</c> (no <c>Span</c>, <c>stackalloc</c> or <c>Vector128</c>: ILGPU cannot load them). The
/// matrix's views the kernels take are the format's <see cref="Storage.StorageDescriptor.DeviceViews"/>; the
/// launcher, loaders and kernel methods around the bodies are <see cref="GpuLauncher"/>'s. One subclass per format,
/// in this folder, named by its descriptor's <c>Gpu</c>.
/// </summary>
internal abstract class GpuFormatKernels
{
    public abstract FormatKind Kind { get; }

    /// <summary>True when the format's literal parameters allow GPU kernels for the spec kernel (else it gets no Gpu member).</summary>
    public abstract bool CanSpecialize(KernelIr kernel);

    /// <summary>Adds the launches of the spec kernel to <paramref name="plan"/>; <paramref name="m"/> is the launcher's matrix parameter ("" when there is none).</summary>
    public abstract void Plan(GpuPlan plan, KernelIr kernel, string m);

    // ---- shared pieces of kernel bodies ------------------------------------------------------------

    /// <summary>Y = A * X kernels: thread t of the 1-D launch is column t % k of outer item t / k.</summary>
    protected static void MatMatIndex(SourceWriter w, string outer, string column = "c")
    {
        w.Line($"int {column} = index.X % k; // column of X and Y: neighbouring threads read neighbouring columns");
        w.Line($"int {outer} = index.X / k;");
    }

    protected static void StoreElement(SourceWriter w, KernelIr kernel, string row)
    {
        w.Line($"long o = (long){row} * k + c;");
        w.Line($"y[o] = {Combine(kernel, "sum", "y[o]")};");
    }

    protected static string Plus(int offset) => offset == 0 ? "" : $" + {offset}";

    /// <summary>Offset of row <paramref name="r"/> below a row-major element: "", " + k", " + 2 * k".</summary>
    protected static string RowStep(int r) => r == 0 ? "" : r == 1 ? " + k" : $" + {r} * k";
}
