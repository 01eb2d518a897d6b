using System.Collections.Generic;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary><c>nm&lt;T&gt;(N:M)</c>: <c>NmMatrix&lt;T&gt;</c> / <c>DeviceNmMatrix&lt;T&gt;</c>; N:M is checked against the spec's.</summary>
public sealed class NmDescriptor : StorageDescriptor
{
    public override FormatKind Kind => FormatKind.NM;

    public override string? HostType(StorageFormat format) => $"{Rt.NmMatrix}<{ElementType(format.Element)}>";

    public override string? DeviceType(StorageFormat format) => $"{Rt.DeviceNmMatrix}<{ElementType(format.Element)}>";

    public override void EmitValidation(SourceWriter w, KernelIr kernel, string matrix)
    {
        var nm = (NmStorage)kernel.Matrix.Storage;
        int n = nm.GroupNonzeros, m = nm.GroupSize;
        w.Line($"if ({matrix}.N != {n} || {matrix}.M != {m}) throw new {Rt.ShapeMismatchException}($\"{kernel.Name}: {kernel.Matrix.ParameterName} has {{{matrix}.N}}:{{{matrix}.M}} sparsity but the spec declares {n}:{m}\", {Rt.NameOf(matrix)});");
    }

    protected override IReadOnlyList<StoredArray> Arrays(KernelIr kernel) => new StoredArray[]
    {
        new(ElementType(kernel), "values", "Values"),
        new("byte", "indices", "Indices"),
    };

    protected override IEnumerable<DeviceView> DeviceSizes(KernelIr kernel, string matrix) => new DeviceView[]
    {
        new("int", "columns", $"{matrix}.Columns"),
        new("int", "groups", $"{matrix}.GroupsPerRow"),
    };

    public override FormatKernels? Cpu { get; } = new NmFormatKernels();

    internal override GpuFormatKernels? Gpu { get; } = new GpuNmKernels();
}
