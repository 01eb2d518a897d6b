using System.Collections.Generic;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary><c>coo&lt;T&gt;</c>: <c>CooMatrix&lt;T&gt;</c> / <c>DeviceCooMatrix&lt;T&gt;</c>: (row, column, value) triplets in any order.</summary>
public sealed class CooDescriptor : StorageDescriptor
{
    public override FormatKind Kind => FormatKind.Coo;

    public override string? HostType(StorageFormat format) => $"{Rt.CooMatrix}<{ElementType(format.Element)}>";

    public override string? DeviceType(StorageFormat format) => $"{Rt.DeviceCooMatrix}<{ElementType(format.Element)}>";

    protected override IReadOnlyList<StoredArray> Arrays(KernelIr kernel) => new StoredArray[]
    {
        new("int", "rowIndices", "RowIndices"),
        new("int", "columnIndices", "ColumnIndices"),
        new(ElementType(kernel), "values", "Values"),
    };

    public override FormatKernels? Cpu { get; } = new CooFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuCooKernels();
}
