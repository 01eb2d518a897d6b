using System.Collections.Generic;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary><c>bsr&lt;T&gt;(block: RxC)</c>: <c>BsrMatrix&lt;T&gt;</c> / <c>DeviceBsrMatrix&lt;T&gt;</c>; the block size is checked against the spec's.</summary>
public sealed class BsrDescriptor : StorageDescriptor
{
    public override FormatKind Kind => FormatKind.Bsr;

    public override string? HostType(StorageFormat format) => $"{Rt.BsrMatrix}<{ElementType(format.Element)}>";

    public override string? DeviceType(StorageFormat format) => $"{Rt.DeviceBsrMatrix}<{ElementType(format.Element)}>";

    public override void EmitValidation(SourceWriter w, KernelIr kernel, string matrix)
    {
        var bsr = (BsrStorage)kernel.Matrix.Storage;
        int r = bsr.BlockRows, c = bsr.BlockColumns;
        w.Line($"if ({matrix}.BlockHeight != {r} || {matrix}.BlockWidth != {c}) throw new {Rt.ShapeMismatchException}($\"{kernel.Name}: {kernel.Matrix.ParameterName} has {{{matrix}.BlockHeight}}x{{{matrix}.BlockWidth}} blocks but the spec declares {r}x{c}\", {Rt.NameOf(matrix)});");
    }

    /// <summary>Block-row boundaries balancing stored blocks (cached on the matrix).</summary>
    public override string PartitionExpression(string matrix, string parts) => $"{matrix}.GetBlockRowPartition({parts})";

    protected override IReadOnlyList<StoredArray> Arrays(KernelIr kernel) => new StoredArray[]
    {
        new("int", "blockRowPointers", "BlockRowPointers"),
        new("int", "blockColumns", "BlockColumnIndices"),
        new(ElementType(kernel), "values", "Values"),
    };

    public override FormatKernels? Cpu { get; } = new BsrFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuBsrKernels();
}
