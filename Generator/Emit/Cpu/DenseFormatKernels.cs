using System.Collections.Generic;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.Cpu.VectorTerms;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// Dense matrices, row- or column-major (the spec's layout is checked at run time). Every product is split into
/// equal chunks of its outputs and vectorised:
/// "dot" shape (y = A * x row-major, y = A' * x column-major): each output is a dot product of one stored line with x;
/// "axpy" shape (the other two): each stored line, scaled by one x element, is added to the output chunk;
/// Y = A * X: each output row accumulates rows of X, vectorised across X's columns.
/// </summary>
public sealed class DenseFormatKernels : FormatKernels
{
    public override FormatKind Kind => FormatKind.Dense;

    public override (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX) => kernel.Action switch
    {
        KernelAction.Apply => (WorkSplitKind.Uniform, $"{matrix}.Rows", $"(long){matrix}.Rows * {matrix}.Columns"),
        KernelAction.ApplyTransposed => (WorkSplitKind.Uniform, $"{matrix}.Columns", $"(long){matrix}.Rows * {matrix}.Columns"),
        _ => (WorkSplitKind.Uniform, $"{matrix}.Rows", $"(long){matrix}.Rows * {matrix}.Columns * {columnsOfX}"),
    };

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override bool HasSimd(KernelIr kernel) => true;

    /// <summary>True when each output is the dot product of one stored line (row or column) with x.</summary>
    private static bool IsDotShape(KernelIr kernel)
        => (kernel.Action == KernelAction.Apply) != Storage(kernel).ColumnMajor;

    /// <summary>The length of x (the reduction length).</summary>
    private static string InputLength(KernelIr kernel) => kernel.Action == KernelAction.Apply ? "a.Columns" : "a.Rows";

    /// <summary>A[i, j] for Y = A * X.</summary>
    private static string Element(KernelIr kernel) => Storage(kernel).ColumnMajor ? "values[(long)j * a.Stride + i]" : "values[(long)i * a.Stride + j]";

    public override void EmitPrologue(SourceWriter w, KernelIr kernel)
        => w.Line($"int n = {(kernel.Action == KernelAction.ApplyToBlock ? "a.Columns" : InputLength(kernel))};");

    public override void EmitScalar(SourceWriter w, KernelIr kernel)
    {
        string t = ElementType(kernel);
        string zero = Zero(kernel);
        if (kernel.Action == KernelAction.ApplyToBlock)
        {
            using (w.Open("for (int i = start; i < end; i++)"))
            {
                w.Line($"{t}* yRow = y + (long)i * k;");
                using (w.Open("for (int c = 0; c < k; c++)"))
                {
                    w.Line($"{t} sum = {zero};");
                    using (w.Open("for (int j = 0; j < n; j++)"))
                        w.Line($"sum += {Element(kernel)} * x[(long)j * k + c];");
                    w.Line($"yRow[c] = {Combine(kernel, "sum", "yRow[c]")};");
                }
            }
            return;
        }
        if (IsDotShape(kernel))
        {
            using (w.Open("for (int i = start; i < end; i++)"))
            {
                w.Line($"{t}* line = values + (long)i * a.Stride;");
                w.Line($"{t} sum = {zero};");
                using (w.Open("for (int j = 0; j < n; j++)"))
                    w.Line("sum += line[j] * x[j];");
                w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
            }
            return;
        }
        EmitPrescale(w, kernel);
        using (w.Open("for (int r = 0; r < n; r++)"))
        {
            w.Line($"{t} xr = {Scale(kernel, "x[r]")};");
            w.Line($"{t}* line = values + (long)r * a.Stride;");
            using (w.Open("for (int o = start; o < end; o++)"))
                w.Line("y[o] += line[o] * xr;");
        }
    }

    private static void EmitPrescale(SourceWriter w, KernelIr kernel)
    {
        if (PrescaleOutput(kernel, "y[o]") is not string prescale) return;
        using (w.Open("for (int o = start; o < end; o++)"))
            w.Line(prescale);
    }

    public override void EmitSimd(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        string vector = VectorType(kernel, bits);
        string api = $"{Rt.Vector(bits)}";
        int lanes = Lanes(kernel, bits);
        if (kernel.Action == KernelAction.ApplyToBlock)
        {
            DeclareVectorScalars(w, kernel, bits);
            using (w.Open("for (int i = start; i < end; i++)"))
            {
                w.Line($"{t}* yRow = y + (long)i * k;");
                w.Line("int c = 0;");
                using (w.Open($"for (; c <= k - {lanes}; c += {lanes})"))
                {
                    w.Line($"{vector} sum = {vector}.Zero;");
                    using (w.Open("for (int j = 0; j < n; j++)"))
                        w.Line($"sum = {api}.MultiplyAddEstimate({api}.Create({Element(kernel)}), {api}.Load(x + (long)j * k + c), sum);");
                    w.Line($"{api}.Store({CombineVector(kernel, "sum", $"{api}.Load(yRow + c)")}, yRow + c);");
                }
                using (w.Open("for (; c < k; c++)"))
                {
                    w.Line($"{t} sum = {Zero(kernel)};");
                    using (w.Open("for (int j = 0; j < n; j++)"))
                        w.Line($"sum += {Element(kernel)} * x[(long)j * k + c];");
                    w.Line($"yRow[c] = {Combine(kernel, "sum", "yRow[c]")};");
                }
            }
            w.Line("return;");
            return;
        }
        if (IsDotShape(kernel))
        {
            using (w.Open("for (int i = start; i < end; i++)"))
            {
                w.Line($"{t}* line = values + (long)i * a.Stride;");
                w.Line($"{vector} sum0 = {vector}.Zero;");
                w.Line($"{vector} sum1 = {vector}.Zero;");
                w.Line("int j = 0;");
                using (w.Open($"for (; j <= n - {2 * lanes}; j += {2 * lanes})"))
                {
                    w.Line($"sum0 = {api}.MultiplyAddEstimate({api}.Load(line + j), {api}.Load(x + j), sum0);");
                    w.Line($"sum1 = {api}.MultiplyAddEstimate({api}.Load(line + j + {lanes}), {api}.Load(x + j + {lanes}), sum1);");
                }
                using (w.Open($"if (j <= n - {lanes})"))
                {
                    w.Line($"sum0 = {api}.MultiplyAddEstimate({api}.Load(line + j), {api}.Load(x + j), sum0);");
                    w.Line($"j += {lanes};");
                }
                w.Line($"{t} sum = {api}.Sum(sum0 + sum1);");
                using (w.Open("for (; j < n; j++)"))
                    w.Line("sum += line[j] * x[j];");
                w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
            }
            w.Line("return;");
            return;
        }
        EmitPrescale(w, kernel);
        using (w.Open("for (int r = 0; r < n; r++)"))
        {
            w.Line($"{t} xr = {Scale(kernel, "x[r]")};");
            w.Line($"{vector} xrVector = {api}.Create(xr);");
            w.Line($"{t}* line = values + (long)r * a.Stride;");
            w.Line("int o = start;");
            using (w.Open($"for (; o <= end - {lanes}; o += {lanes})"))
                w.Line($"{api}.Store({api}.MultiplyAddEstimate({api}.Load(line + o), xrVector, {api}.Load(y + o)), y + o);");
            using (w.Open("for (; o < end; o++)"))
                w.Line("y[o] += line[o] * xr;");
        }
        w.Line("return;");
    }

    /// <summary>The kernel's storage record (this emitter is registered for its kind only).</summary>
    private static DenseStorage Storage(KernelIr kernel) => (DenseStorage)kernel.Matrix.Storage;
}
