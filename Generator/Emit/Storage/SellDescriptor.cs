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

    protected override IReadOnlyList<StoredArray> Arrays(KernelIr kernel) => new StoredArray[]
    {
        new("int", "sliceOffsets", "SliceOffsets"),
        new("int", "sliceWidths", "SliceWidths"),
        new("int", "rowPermutation", "RowPermutation"),
        new("int", "rowLengths", "RowLengths"),
        new("int", "columnIndices", "ColumnIndices"),
        new(ElementType(kernel), "values", "Values"),
    };

    protected override IEnumerable<DeviceView> DeviceSizes(KernelIr kernel, string matrix) => new DeviceView[]
    {
        new("int", "rows", $"{matrix}.Rows"),
    };

    public override FormatKernels? Cpu { get; } = new SellFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuSellKernels();
}
