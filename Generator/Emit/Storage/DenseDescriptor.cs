using System.Collections.Generic;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary><c>dense&lt;T&gt;(layout: row|col)</c>: <c>DenseMatrix&lt;T&gt;</c> / <c>DeviceDenseMatrix&lt;T&gt;</c>; the layout is checked at run time.</summary>
public sealed class DenseDescriptor : StorageDescriptor
{
    public override FormatKind Kind => FormatKind.Dense;

    public override string? HostType(StorageFormat format) => $"{Rt.DenseMatrix}<{ElementType(format.Element)}>";

    public override string? DeviceType(StorageFormat format) => $"{Rt.DeviceDenseMatrix}<{ElementType(format.Element)}>";

    public override void EmitValidation(SourceWriter w, KernelIr kernel, string matrix)
    {
        bool columnMajor = ((DenseStorage)kernel.Matrix.Storage).ColumnMajor;
        string layout = columnMajor ? "ColumnMajor" : "RowMajor";
        string words = columnMajor ? "column-major" : "row-major";
        w.Line($"if ({matrix}.Layout != {Rt.DenseLayout}.{layout}) throw new {Rt.ArgumentException}(\"{kernel.Name}: {kernel.Matrix.ParameterName} must be {words} (format {kernel.Matrix.Storage.Name})\", {Rt.NameOf(matrix)});");
        w.Line($"if ({matrix}.Values.Length < (long){matrix}.Stride * ({(columnMajor ? $"{matrix}.Columns" : $"{matrix}.Rows")})) throw new {Rt.ShapeMismatchException}($\"{kernel.Name}: {kernel.Matrix.ParameterName} holds {{{matrix}.Values.Length}} values, fewer than {{{matrix}.Rows}} x {{{matrix}.Columns}}\", {Rt.NameOf(matrix)});");
    }

    public override IReadOnlyList<(string Declaration, string Expression)> PinnedArrays(KernelIr kernel, string matrix)
        => new[] { ($"{ElementType(kernel)}* values", $"{matrix}.Values") };

    /// <summary><c>n</c> is the reduction length of the vector products (columns for A * x, rows for A' * x), the columns for Y = A * X.</summary>
    public override IReadOnlyList<DeviceView> DeviceViews(KernelIr kernel, string matrix) => new DeviceView[]
    {
        new($"{Rt.ArrayView}<{ElementType(kernel)}>", "values", $"{matrix}.Values.View"),
        new("int", "stride", $"{matrix}.Stride"),
        new("int", "n", kernel.Action == KernelAction.ApplyTransposed ? $"{matrix}.Rows" : $"{matrix}.Columns"),
    };

    public override FormatKernels? Cpu { get; } = new DenseFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuDenseKernels();
}
