using System.Collections.Generic;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary>
/// <c>csr&lt;T[, index: i32|i64]&gt;</c>: <c>CsrMatrix&lt;T&gt;</c> or <c>CsrMatrix64&lt;T&gt;</c> (64-bit indices) on the host,
/// <c>DeviceCsrMatrix&lt;T&gt;</c> on the GPU (32-bit indices only: CSR with 64-bit indices has no GPU variant).
/// </summary>
public sealed class CsrDescriptor : StorageDescriptor
{
    public override FormatKind Kind => FormatKind.Csr;

    public override string? HostType(StorageFormat format)
        => format.Index == IndexWidth.I64 ? $"{Rt.CsrMatrix64}<{ElementType(format.Element)}>" : $"{Rt.CsrMatrix}<{ElementType(format.Element)}>";

    public override bool HasDeviceVariant(StorageFormat format) => format.Index == IndexWidth.I32;

    public override string? DeviceType(StorageFormat format) => HasDeviceVariant(format) ? $"{Rt.DeviceCsrMatrix}<{ElementType(format.Element)}>" : null;

    protected override IReadOnlyList<StoredArray> Arrays(KernelIr kernel) => new StoredArray[]
    {
        new(IndexType(kernel.Matrix.Storage), "rowPointers", "RowPointers"),
        new(IndexType(kernel.Matrix.Storage), "columnIndices", "ColumnIndices"),
        new(ElementType(kernel), "values", "Values"),
    };

    public override FormatKernels? Cpu { get; } = new CsrFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuCsrKernels();
}
