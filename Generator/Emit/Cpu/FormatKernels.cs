using System;
using System.Collections.Generic;
using SparseDsl.Language.IR;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>How the entry method splits a kernel's outer loop across threads.</summary>
public enum WorkSplitKind
{
    /// <summary>Always one thread (scatter kernels such as y = A' * x over row storage).</summary>
    SingleThreaded,
    /// <summary>Boundaries balanced by nonzeros from a cached partition (<c>a.GetRowPartition(parts)</c>).</summary>
    ByNonzeros,
    /// <summary>Equal-sized chunks of the outer loop (<c>WorkPartition.Uniform</c>): equal work per iteration.</summary>
    Uniform,
}

/// <summary>
/// The code one storage format contributes to a kernel. The spec emitter writes the public entry method
/// (operand checks, threading) and a private range method
/// <c>static unsafe void {Kernel}Range({HostType} a, T* x, T* y, [k,] [alpha,] [beta,] int start, int end)</c>
/// whose body comes from here: SIMD paths (one per vector width, chosen by IsHardwareAccelerated) and the
/// scalar path. Operands are validated before the range method runs; it indexes without bounds checks.
/// One subclass per format, in this folder; the format's types, checks, pinned arrays and partition are its
/// <see cref="Storage.StorageDescriptor"/>'s.
/// </summary>
public abstract class FormatKernels
{
    public abstract FormatKind Kind { get; }

    /// <summary>How the outer loop is split, and an expression for its length (e.g. <c>a.Rows</c>) and for the total work.</summary>
    public abstract (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX);

    /// <summary>False when this format has no specialized code for the kernel: the emitter then calls ReferenceKernels and reports SPD200.</summary>
    public abstract bool CanSpecialize(KernelIr kernel);

    /// <summary>Statements of the scalar path over the outer range [start, end), with fixed names (formats still moving to <see cref="EmitScalar(SourceWriter, KernelIr, LocalScope)"/>).</summary>
    public virtual void EmitScalar(SourceWriter writer, KernelIr kernel)
        => throw new InvalidOperationException($"{GetType().Name} emits its scalar path through the scoped overload only");

    /// <summary>
    /// The scalar path with the range method's <paramref name="scope"/> (the pinned arrays' names: <c>scope.Of("values")</c>;
    /// fresh locals: <c>scope.Fresh("sum")</c>). By default the unscoped <see cref="EmitScalar(SourceWriter, KernelIr)"/>,
    /// which writes fixed names; a format moves here path by path.
    /// </summary>
    public virtual void EmitScalar(SourceWriter writer, KernelIr kernel, LocalScope scope) => EmitScalar(writer, kernel);

    /// <summary>The SIMD path of one width with the range method's <paramref name="scope"/>; by default the unscoped one.</summary>
    public virtual void EmitSimd(SourceWriter writer, KernelIr kernel, int vectorBits, LocalScope scope) => EmitSimd(writer, kernel, vectorBits);

    /// <summary>True when <see cref="EmitSimd(SourceWriter, KernelIr, int)"/> has a path for this kernel.</summary>
    public virtual bool HasSimd(KernelIr kernel) => false;

    /// <summary>Statements of the SIMD path for one vector width (512, 256 or 128 bits) over [start, end); must end by returning.</summary>
    public virtual void EmitSimd(SourceWriter writer, KernelIr kernel, int vectorBits) { }

    /// <summary>Statements written once at the top of the range method (after pinning), before every path: shared locals.</summary>
    public virtual void EmitPrologue(SourceWriter writer, KernelIr kernel) { }

    /// <summary>The prologue with the range method's <paramref name="scope"/> (its shared locals are declared there, so every path sees them); by default the unscoped one.</summary>
    public virtual void EmitPrologue(SourceWriter writer, KernelIr kernel, LocalScope scope) => EmitPrologue(writer, kernel);

    /// <summary>The vector widths (bits, descending) <see cref="EmitSimd(SourceWriter, KernelIr, int)"/> has a path for; by default 512, 256 and 128 when <see cref="HasSimd"/>.</summary>
    public virtual IReadOnlyList<int> SimdWidths(KernelIr kernel) => HasSimd(kernel) ? new[] { 512, 256, 128 } : Array.Empty<int>();
}
