using System.Collections.Generic;
using System.Linq;
using SparseDsl.Generator.Emit.Storage;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>
/// The GPU backend: for each kernel its format covers (<see cref="GpuFormatKernels"/>, found through the storage descriptor), members of the nested <c>Gpu</c> class —
/// a public launcher named after the kernel that takes device operands (<c>DeviceCsrMatrix&lt;T&gt;</c>,
/// <c>DeviceVector&lt;T&gt;</c>, <c>DeviceDenseMatrix&lt;T&gt;</c>, a <c>GridShape</c> for stencils) and the spec's
/// scalars, checks shapes up front and launches; and the ILGPU kernels themselves: static methods of scalar code over
/// <c>ArrayView&lt;T&gt;</c>, each compiled once per <c>GpuDevice</c> through a cached loader.
/// <para>
/// Gathers run one thread per output element (a row of y, or one (row, column) of Y: a 1-D launch of rows x k threads
/// so neighbouring threads touch neighbouring columns of X and Y, and no size sits in a 65,535-limited grid slot). Scatters — y = A' * x over row storage, y = A * x
/// over CSC and COO — run as two launches: the β prescale of the output (β = 0 overwrites, NaN included, as on the CPU),
/// then one thread per stored row/column/entry adding its products with <c>Atomic.Add</c>: no transposed copy of the
/// matrix is needed, at the price of a summation order that varies between runs (results agree to rounding).
/// </para>
/// Not covered (no Gpu member): CSR with 64-bit indices.
/// </summary>
internal static class GpuLauncher
{
    /// <summary>True when the kernel gets GPU members: its format has a device variant and GPU kernels that cover it.</summary>
    public static bool CanEmit(KernelIr kernel)
    {
        var descriptor = StorageDescriptors.For(kernel.Matrix.Storage);
        return descriptor.HasDeviceVariant(kernel.Matrix.Storage) && descriptor.Gpu?.CanSpecialize(kernel) == true;
    }

    /// <summary>The members of the Gpu class besides the launcher: per launch, its ILGPU kernel and its loader (<c>Kernel</c>, <c>KernelLoader</c>, and for a scatter <c>Prescale</c>, <c>PrescaleLoader</c>).</summary>
    public static IEnumerable<string> HelperSuffixes(KernelIr kernel)
        => Launches(kernel, out _).SelectMany(launch => new[] { launch.Suffix, launch.Suffix + "Loader" });

    private static List<Launch> Launches(KernelIr kernel, out LauncherNames names)
    {
        var descriptor = StorageDescriptors.For(kernel.Matrix.Storage);
        names = new LauncherNames(kernel, descriptor.DeviceType(kernel.Matrix.Storage));
        string m = names.Matrix ?? "";
        var plan = new GpuPlan(kernel, names, descriptor.DeviceViews(kernel, m));
        descriptor.Gpu!.Plan(plan, kernel, m);
        return plan.Launches;
    }

    /// <summary>The launcher, then a loader and an ILGPU kernel method per launch.</summary>
    public static void Emit(SourceWriter writer, KernelIr kernel, KernelNames members)
    {
        var launches = Launches(kernel, out var names);
        EmitLauncher(writer, kernel, members, names, launches);
        foreach (var launch in launches)
        {
            writer.Line();
            EmitLoader(writer, members, launch);
            writer.Line();
            EmitKernelMethod(writer, kernel, members, launch);
        }
    }

    private static void EmitLauncher(SourceWriter w, KernelIr kernel, KernelNames members, LauncherNames names, List<Launch> launches)
    {
        string k = kernel.Name;
        var main = launches[launches.Count - 1];
        w.Line($"/// <summary>{GeneratedText.Xml(k)} on the GPU: <c>{GeneratedText.Xml(GeneratedText.Expression(kernel.SourceText))}</c>; {GeneratedText.Xml(main.Summary)}.</summary>");
        w.Line("/// <remarks>Operands live on one GpuDevice; the kernels are queued on its default stream (a download, or GpuDevice.Synchronize, waits for them).</remarks>");
        using (w.Open($"public static void {members.Method}({string.Join(", ", names.Parameters)})"))
        {
            OperandChecks.Emit(w, kernel, names, OperandSide.Device, device: names.Device);
            if (kernel.Action == KernelAction.ApplyToBlock) w.Line($"int {names.K} = {names.Input}.Columns;");
            foreach (var launch in launches)
            {
                string arguments = string.Join(", ", new[] { launch.Extent }.Concat(launch.Parameters.Select(p => p.Argument)));
                w.Line($"if ({launch.Guard}) {names.Device}.Kernel({members.Gpu(launch.Suffix + "Loader")})({arguments});");
            }
        }
    }

    private static string LauncherType(Launch launch)
        => $"{Rt.Action}<{string.Join(", ", new[] { launch.Index }.Concat(launch.Parameters.Select(p => p.Type)))}>";

    private static void EmitLoader(SourceWriter w, KernelNames members, Launch launch)
    {
        string types = string.Join(", ", new[] { launch.Index }.Concat(launch.Parameters.Select(p => p.Type)));
        w.Line($"private static readonly {Rt.Func}<{Rt.Accelerator}, {LauncherType(launch)}> {members.Gpu(launch.Suffix + "Loader")} =");
        w.PushIndent();
        w.Line($"static accelerator => accelerator.LoadAutoGroupedStreamKernel<{types}>({members.Gpu(launch.Suffix)});");
        w.PopIndent();
    }

    private static void EmitKernelMethod(SourceWriter w, KernelIr kernel, KernelNames members, Launch launch)
    {
        w.Line($"/// <summary>ILGPU kernel of {GeneratedText.Xml(kernel.Name)}: {GeneratedText.Xml(launch.Summary)}.</summary>");
        string parameters = string.Join(", ", new[] { $"{launch.Index} index" }.Concat(launch.Parameters.Select(p => $"{p.Type} {p.Name}")));
        using (w.Open($"private static void {members.Gpu(launch.Suffix)}({parameters})"))
            launch.Body(w);
    }
}

/// <summary>The launcher's parameters (the spec's names, as the CPU entry method has them) and its locals.</summary>
internal sealed class LauncherNames : KernelSignature
{
    public LauncherNames(KernelIr kernel, string? matrixType)
        : base(kernel, matrixType, OperandType(kernel), OperandType(kernel))
    {
        Device = Local("device");
        K = Local("k");
    }

    public string Device { get; }
    public string K { get; }

    private static string OperandType(KernelIr kernel)
        => kernel.Action == KernelAction.ApplyToBlock ? $"{Rt.DeviceDenseMatrix}<{ElementType(kernel)}>" : $"{Rt.DeviceVector}<{ElementType(kernel)}>";
}
