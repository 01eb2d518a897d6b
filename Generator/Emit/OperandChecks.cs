using SparseDsl.Generator.Emit.Storage;
using SparseDsl.Language.IR;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit;

/// <summary>Which public method the operand checks open: the CPU entry method or the GPU launcher.</summary>
internal enum OperandSide
{
    /// <summary>The CPU entry method: spans (never null) or <c>DenseMatrix&lt;T&gt;</c> operands.</summary>
    Host,
    /// <summary>The GPU launcher: <c>DeviceVector&lt;T&gt;</c> / <c>DeviceDenseMatrix&lt;T&gt;</c> operands on one <c>GpuDevice</c>.</summary>
    Device,
}

/// <summary>
/// The one writer of a kernel's operand checks, shared by the CPU entry method, the generic fallback and the GPU
/// launcher: null operands, the format's own checks (its <see cref="StorageDescriptor.EmitValidation"/>), operand
/// lengths against the operator's shape (<see cref="StorageDescriptor.Shape"/>), row-major blocks, an output that
/// overlaps (host) or is (device) the input, and on the device that every operand lives on the matrix's GpuDevice.
/// Every check throws before any work starts, naming the kernel and the spec's operand names.
/// </summary>
internal static class OperandChecks
{
    /// <summary>
    /// The checks at the top of a public kernel method, over its parameters <paramref name="names"/>.
    /// <paramref name="formatChecks"/> is false for the generic fallback (ReferenceKernels take any block size,
    /// N:M, slice height or layout). On the device, <paramref name="device"/> is the name of the <c>GpuDevice</c>
    /// local the checks declare (the launches run on it).
    /// </summary>
    public static void Emit(SourceWriter w, KernelIr kernel, KernelSignature names, OperandSide side, bool formatChecks = true, string? device = null)
    {
        var descriptor = StorageDescriptors.For(kernel.Matrix.Storage);
        string? matrix = names.Matrix;
        string x = names.Input, y = names.Output;
        var (rows, columns) = descriptor.Shape(kernel.Matrix.Storage, matrix ?? "a");

        // The matrix operand, then (on the device, where every operand is a class) the vectors' nulls.
        if (matrix is not null && descriptor.IsNullable) ThrowIfNull(w, matrix);
        if (side == OperandSide.Device)
        {
            ThrowIfNull(w, x);
            ThrowIfNull(w, y);
        }
        if (formatChecks && matrix is not null) descriptor.EmitValidation(w, kernel, matrix);
        if (matrix is not null && kernel.Matrix.Storage.Shape is { } declared) DeclaredShape(w, kernel, declared, matrix, rows, columns);

        // The operands against the operator's shape.
        if (kernel.Action is KernelAction.Apply or KernelAction.ApplyTransposed) VectorLengths(w, kernel, x, y, rows, columns);
        else BlockShapes(w, kernel, x, y, rows, columns, side);

        // Aliasing, and on the device: one GpuDevice for all operands.
        string k = kernel.Name, inSpec = kernel.Input.Name, outSpec = kernel.Output.Name;
        if (side == OperandSide.Host)
        {
            if (kernel.Action is KernelAction.Apply or KernelAction.ApplyTransposed)
                w.Line($"if ({Rt.MemoryExtensions}.Overlaps({x}, {y})) throw new {Rt.ArgumentException}(\"{k}: {outSpec} overlaps {inSpec}; the output needs its own memory\", {Rt.NameOf(y)});");
            else
                w.Line($"if ({y}.Values.Length > 0 && {Rt.ObjectReferenceEquals}({x}.Values, {y}.Values)) throw new {Rt.ArgumentException}(\"{k}: {outSpec} shares its values with {inSpec}; the output needs its own memory\", {Rt.NameOf(y)});");
            return;
        }
        w.Line($"if ({Rt.ObjectReferenceEquals}({x}, {y})) throw new {Rt.ArgumentException}(\"{k}: {outSpec} is {inSpec}; the output needs its own memory\", {Rt.NameOf(y)});");
        if (matrix is not null && descriptor.IsNullable)
        {
            w.Line($"{Rt.GpuDevice} {device} = {matrix}.Device;");
            w.Line($"{device}.CheckOperand({x}.Device, \"{k}\", {Rt.NameOf(x)});");
        }
        else
        {
            w.Line($"{Rt.GpuDevice} {device} = {x}.Device;");
        }
        w.Line($"{device}.CheckOperand({y}.Device, \"{k}\", {Rt.NameOf(y)});");
    }

    /// <summary>y = A * x and y = A' * x: the vectors' lengths.</summary>
    private static void VectorLengths(SourceWriter w, KernelIr kernel, string x, string y, string rows, string columns)
    {
        string k = kernel.Name, matrixSpec = kernel.Matrix.ParameterName, inSpec = kernel.Input.Name, outSpec = kernel.Output.Name;
        if (kernel.Action == KernelAction.Apply)
        {
            ThrowIf(w, $"{x}.Length != {columns}", $"{k}: {inSpec} has length {{{x}.Length}} but {matrixSpec} has {{{columns}}} columns", x);
            ThrowIf(w, $"{y}.Length != {rows}", $"{k}: {outSpec} has length {{{y}.Length}} but {matrixSpec} has {{{rows}}} rows", y);
            return;
        }
        ThrowIf(w, $"{x}.Length != {rows}", $"{k}: {inSpec} has length {{{x}.Length}} but {matrixSpec}' has {{{rows}}} columns ({matrixSpec} has {{{rows}}} rows)", x);
        ThrowIf(w, $"{y}.Length != {columns}", $"{k}: {outSpec} has length {{{y}.Length}} but {matrixSpec}' has {{{columns}}} rows ({matrixSpec} has {{{columns}}} columns)", y);
    }

    /// <summary>Y = A * X: row-major blocks of matching shapes; on the host also nulls and the values' lengths (a DenseMatrix may hold fewer).</summary>
    private static void BlockShapes(SourceWriter w, KernelIr kernel, string x, string y, string rows, string columns, OperandSide side)
    {
        string k = kernel.Name, matrixSpec = kernel.Matrix.ParameterName, inSpec = kernel.Input.Name, outSpec = kernel.Output.Name;
        if (side == OperandSide.Host)
        {
            ThrowIfNull(w, x);
            ThrowIfNull(w, y);
        }
        ThrowIf(w, $"{x}.Layout != {Rt.DenseLayout}.RowMajor", $"{k}: {inSpec} must be row-major", x);
        ThrowIf(w, $"{y}.Layout != {Rt.DenseLayout}.RowMajor", $"{k}: {outSpec} must be row-major", y);
        ThrowIf(w, $"{x}.Rows != {columns}", $"{k}: {inSpec} has {{{x}.Rows}} rows but {matrixSpec} has {{{columns}}} columns", x);
        ThrowIf(w, $"{y}.Rows != {rows}", $"{k}: {outSpec} has {{{y}.Rows}} rows but {matrixSpec} has {{{rows}}} rows", y);
        ThrowIf(w, $"{y}.Columns != {x}.Columns", $"{k}: {outSpec} has {{{y}.Columns}} columns but {inSpec} has {{{x}.Columns}} columns", y);
        if (side != OperandSide.Host) return;
        ThrowIf(w, $"{x}.Values.Length < (long){x}.Rows * {x}.Columns", $"{k}: {inSpec} holds {{{x}.Values.Length}} values, fewer than {{{x}.Rows}} x {{{x}.Columns}}", x);
        ThrowIf(w, $"{y}.Values.Length < (long){y}.Rows * {y}.Columns", $"{k}: {outSpec} holds {{{y}.Values.Length}} values, fewer than {{{y}.Rows}} x {{{y}.Columns}}", y);
    }

    /// <summary>The format's <c>shape: RxC</c>: the matrix must have exactly the sizes the spec declares.</summary>
    private static void DeclaredShape(SourceWriter w, KernelIr kernel, MatrixShape declared, string matrix, string rows, string columns)
    {
        string r = declared.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string c = declared.Columns.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ThrowIf(w, $"{rows} != {r} || {columns} != {c}",
            $"{kernel.Name}: {kernel.Matrix.ParameterName} is {{{rows}}} x {{{columns}}} but its format {kernel.Matrix.Storage.Name} declares shape: {r}x{c}", matrix);
    }

    private static void ThrowIfNull(SourceWriter w, string parameter) => w.Line($"{Rt.ArgumentNullException}.ThrowIfNull({parameter});");

    private static void ThrowIf(SourceWriter w, string condition, string interpolatedMessage, string parameter)
        => w.Line($"if ({condition}) throw new {Rt.ShapeMismatchException}($\"{interpolatedMessage}\", {Rt.NameOf(parameter)});");
}
