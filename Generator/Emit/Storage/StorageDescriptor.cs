using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Generator.Emit.Cpu;
using SparseDsl.Generator.Emit.Gpu;
using SparseDsl.Language.IR;

namespace SparseDsl.Generator.Emit.Storage;

/// <summary>One array or size of a stored matrix as an ILGPU kernel takes it: its type and name inside the kernel, and the launcher's argument.</summary>
public sealed record DeviceView(string Type, string Name, string Argument);

/// <summary>
/// One array of a stored matrix: its element type (<c>int</c>, <c>byte</c>, the matrix's element type), the name the
/// loops index it by (a pinned pointer on the CPU, an <c>ArrayView</c> parameter on the GPU) and the member holding it.
/// </summary>
public sealed record StoredArray(string Element, string Name, string Member);

/// <summary>
/// What every backend needs to know about one storage format, written once: the host and device type names, the
/// operator's shape, the format's own entry checks, the arrays the CPU range method pins, the views the GPU kernels
/// take and the CPU work partition; and the format's CPU emitter and GPU kernels. The CPU entry method, the generic
/// fallback (ReferenceKernels) and the GPU launcher all read it. One subclass per <see cref="StorageFormat"/> record,
/// in this folder, found by <see cref="StorageDescriptors"/>.
/// </summary>
public abstract class StorageDescriptor
{
    public abstract FormatKind Kind { get; }

    /// <summary>The C# type of the CPU entry's matrix parameter, e.g. <c>global::SparseDsl.CsrMatrix&lt;float&gt;</c>; null when the kernel takes no matrix (a stencil with a literal grid).</summary>
    public abstract string? HostType(StorageFormat format);

    /// <summary>True when the runtime's generic <c>ReferenceKernels</c> take the host type (the fallback of a kernel without CPU code).</summary>
    public virtual bool HasReferenceKernels => true;

    /// <summary>True when the matrix parameter is a reference type that the entry checks for null.</summary>
    public virtual bool IsNullable => true;

    /// <summary>True when a GPU variant can exist for the format (a device type, or no matrix operand at all).</summary>
    public virtual bool HasDeviceVariant(StorageFormat format) => true;

    /// <summary>The C# type of the GPU launcher's matrix parameter, e.g. <c>global::SparseDsl.DeviceCsrMatrix&lt;float&gt;</c>; null when the launcher takes no matrix.</summary>
    public abstract string? DeviceType(StorageFormat format);

    /// <summary>C# expressions for the operator's row and column counts given the matrix parameter's name.</summary>
    public virtual (string Rows, string Columns) Shape(StorageFormat format, string matrix) => ($"{matrix}.Rows", $"{matrix}.Columns");

    /// <summary>
    /// The format's own checks of the matrix operand beyond the operand lengths (a dense matrix's layout, BSR's block
    /// size...): statements that throw ShapeMismatchException / ArgumentException; <paramref name="matrix"/> is the
    /// parameter's name. The CPU entry method and the GPU launcher write them (through <see cref="OperandChecks"/>).
    /// </summary>
    public virtual void EmitValidation(SourceWriter writer, KernelIr kernel, string matrix) { }

    /// <summary>
    /// The matrix's arrays, in the order the CPU range method pins them and the ILGPU kernels take them: the one list
    /// <see cref="PinnedArrays"/> and <see cref="DeviceViews"/> are made from.
    /// </summary>
    protected virtual IReadOnlyList<StoredArray> Arrays(KernelIr kernel) => Array.Empty<StoredArray>();

    /// <summary>The sizes the ILGPU kernels take after the arrays (e.g. <c>("int", "rows", "a.Rows")</c>).</summary>
    protected virtual IEnumerable<DeviceView> DeviceSizes(KernelIr kernel, string matrix) => Array.Empty<DeviceView>();

    /// <summary>
    /// The matrix's arrays the CPU range method pins before any path runs, as (pointer declaration, array expression),
    /// e.g. <c>("int* rowPointers", "a.RowPointers")</c>. The paths then index these pointers.
    /// </summary>
    public virtual IReadOnlyList<(string Declaration, string Expression)> PinnedArrays(KernelIr kernel, string matrix)
        => Arrays(kernel).Select(array => ($"{array.Element}* {array.Name}", $"{matrix}.{array.Member}")).ToList();

    /// <summary>The matrix's arrays and sizes the ILGPU kernels take, in parameter order, read from the device matrix <paramref name="matrix"/>.</summary>
    public virtual IReadOnlyList<DeviceView> DeviceViews(KernelIr kernel, string matrix)
        => Arrays(kernel).Select(array => new DeviceView($"{RuntimeNames.ArrayView}<{array.Element}>", array.Name, $"{matrix}.{array.Member}"))
            .Concat(DeviceSizes(kernel, matrix)).ToList();

    /// <summary>For <see cref="WorkSplitKind.ByNonzeros"/>: the expression of the <c>ReadOnlySpan&lt;int&gt;</c> of parts+1 outer-loop boundaries.</summary>
    public virtual string PartitionExpression(string matrix, string parts) => $"{matrix}.GetRowPartition({parts})";

    /// <summary>The format's CPU emitter (<c>Cpu/</c>), or null when its kernels fall back to ReferenceKernels (SPD200).</summary>
    public abstract FormatKernels? Cpu { get; }

    /// <summary>The format's ILGPU kernels (<c>Gpu/</c>), or null when it has no GPU variant.</summary>
    internal abstract GpuFormatKernels? Gpu { get; }
}

/// <summary>
/// The registry of storage descriptors: one per <see cref="StorageFormat"/> record, looked up by the record's kind.
/// Adding a format = one <see cref="StorageDescriptor"/> subclass in this folder + one line in <see cref="All"/>.
/// </summary>
public static class StorageDescriptors
{
    /// <summary>Every descriptor, one per storage record.</summary>
    public static IReadOnlyList<StorageDescriptor> All { get; } = new StorageDescriptor[]
    {
        new DenseDescriptor(),
        new CsrDescriptor(),
        new CscDescriptor(),
        new CooDescriptor(),
        new BsrDescriptor(),
        new NmDescriptor(),
        new SellDescriptor(),
        new DiaDescriptor(),
        new StencilDescriptor(),
    };

    private static readonly Dictionary<FormatKind, StorageDescriptor> ByKind = Build();

    private static Dictionary<FormatKind, StorageDescriptor> Build()
    {
        var map = new Dictionary<FormatKind, StorageDescriptor>();
        foreach (var descriptor in All)
        {
            if (map.ContainsKey(descriptor.Kind)) throw new InvalidOperationException($"two storage descriptors registered for {descriptor.Kind}");
            map.Add(descriptor.Kind, descriptor);
        }
        return map;
    }

    /// <summary>The descriptor of a storage record (every record has one).</summary>
    public static StorageDescriptor For(StorageFormat format)
        => For(format.Kind) ?? throw new InvalidOperationException($"no storage descriptor for {format.GetType().Name}");

    /// <summary>The descriptor of a kind, or null when none is registered.</summary>
    public static StorageDescriptor? For(FormatKind kind) => ByKind.TryGetValue(kind, out var descriptor) ? descriptor : null;

    /// <summary>The CPU emitter of a kind, or null (then its kernels fall back to ReferenceKernels with SPD200).</summary>
    public static FormatKernels? CpuFor(FormatKind kind) => For(kind)?.Cpu;
}
