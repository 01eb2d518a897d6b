using System.Collections.Generic;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary><c>sell&lt;T&gt;(slice: C, sort: σ)</c>: <c>SellMatrix&lt;T&gt;</c> / <c>DeviceSellMatrix&lt;T&gt;</c>; the slice height is checked against the spec's.</summary>
public sealed class SellDescriptor : StorageDescriptor
{
    public override FormatKind Kind => FormatKind.Sell;

    public override string? HostType(StorageFormat format) => $"{Rt.SellMatrix}<{ElementType(format.Element)}>";

    public override string? DeviceType(StorageFormat format) => $"{Rt.DeviceSellMatrix}<{ElementType(format.Element)}>";

    public override void EmitValidation(SourceWriter w, KernelIr kernel, string matrix)
    {
        int c = ((SellStorage)kernel.Matrix.Storage).SliceHeight;
        w.Line($"if ({matrix}.SliceHeight != {c}) throw new {Rt.ShapeMismatchException}($\"{kernel.Name}: {kernel.Matrix.ParameterName} has slices of {{{matrix}.SliceHeight}} rows but the spec declares {c}\", {Rt.NameOf(matrix)});");
    }

    public override IReadOnlyList<(string Declaration, string Expression)> PinnedArrays(KernelIr kernel, string matrix) => new[]
    {
        ("int* sliceOffsets", $"{matrix}.SliceOffsets"),
        ("int* sliceWidths", $"{matrix}.SliceWidths"),
        ("int* rowPermutation", $"{matrix}.RowPermutation"),
        ("int* rowLengths", $"{matrix}.RowLengths"),
        ("int* columnIndices", $"{matrix}.ColumnIndices"),
        ($"{ElementType(kernel)}* values", $"{matrix}.Values"),
    };

    public override IReadOnlyList<DeviceView> DeviceViews(KernelIr kernel, string matrix) => new DeviceView[]
    {
        new($"{Rt.ArrayView}<int>", "sliceOffsets", $"{matrix}.SliceOffsets"),
        new($"{Rt.ArrayView}<int>", "sliceWidths", $"{matrix}.SliceWidths"),
        new($"{Rt.ArrayView}<int>", "rowPermutation", $"{matrix}.RowPermutation"),
        new($"{Rt.ArrayView}<int>", "rowLengths", $"{matrix}.RowLengths"),
        new($"{Rt.ArrayView}<int>", "columnIndices", $"{matrix}.ColumnIndices"),
        new($"{Rt.ArrayView}<{ElementType(kernel)}>", "values", $"{matrix}.Values"),
        new("int", "rows", $"{matrix}.Rows"),
    };

    public override FormatKernels? Cpu { get; } = new SellFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuSellKernels();
}
