using System.Collections.Generic;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary><c>csc&lt;T&gt;</c>: <c>CscMatrix&lt;T&gt;</c> / <c>DeviceCscMatrix&lt;T&gt;</c>: column pointers, row indices, values.</summary>
public sealed class CscDescriptor : StorageDescriptor
{
    public override FormatKind Kind => FormatKind.Csc;

    public override string? HostType(StorageFormat format) => $"{Rt.CscMatrix}<{ElementType(format.Element)}>";

    public override string? DeviceType(StorageFormat format) => $"{Rt.DeviceCscMatrix}<{ElementType(format.Element)}>";

    protected override IReadOnlyList<StoredArray> Arrays(KernelIr kernel) => new StoredArray[]
    {
        new("int", "columnPointers", "ColumnPointers"),
        new("int", "rowIndices", "RowIndices"),
        new(ElementType(kernel), "values", "Values"),
    };

    public override FormatKernels? Cpu { get; } = new CscFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuCscKernels();
}
