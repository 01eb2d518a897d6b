using System.Collections.Generic;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary><c>dia&lt;T&gt;</c>: <c>DiaMatrix&lt;T&gt;</c> / <c>DeviceDiaMatrix&lt;T&gt;</c>: diagonal offsets and one padded row of values per diagonal.</summary>
public sealed class DiaDescriptor : StorageDescriptor
{
    public override FormatKind Kind => FormatKind.Dia;

    public override string? HostType(StorageFormat format) => $"{Rt.DiaMatrix}<{ElementType(format.Element)}>";

    public override string? DeviceType(StorageFormat format) => $"{Rt.DeviceDiaMatrix}<{ElementType(format.Element)}>";

    protected override IReadOnlyList<StoredArray> Arrays(KernelIr kernel) => new StoredArray[]
    {
        new("int", "offsets", "Offsets"),
        new(ElementType(kernel), "values", "Values"),
    };

    protected override IEnumerable<DeviceView> DeviceSizes(KernelIr kernel, string matrix) => new DeviceView[]
    {
        new("int", "rows", $"{matrix}.Rows"),
        new("int", "columns", $"{matrix}.Columns"),
        new("int", "diagonals", $"{matrix}.DiagonalCount"),
    };

    public override FormatKernels? Cpu { get; } = new DiaFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuDiaKernels();
}
