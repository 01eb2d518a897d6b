using System.Collections.Generic;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.Cpu.VectorTerms;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// CSC (<c>CscMatrix&lt;T&gt;</c>). y = A' * x is a gather over columns (multi-threaded, SIMD like CSR's y = A * x);
/// y = A * x and Y = A * X scatter into the output (single-threaded).
/// </summary>
public sealed class CscFormatKernels : FormatKernels
{
    public override FormatKind Kind => FormatKind.Csc;

    public override (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX)
        => kernel.Action == KernelAction.ApplyTransposed
            ? (WorkSplitKind.Uniform, $"{matrix}.Columns", $"{matrix}.NonZeroCount")
            : (WorkSplitKind.SingleThreaded, $"{matrix}.Columns", "0");

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override bool HasSimd(KernelIr kernel) => kernel.Action == KernelAction.ApplyTransposed;

    /// <summary>The column gather of y = A' * x is CSR's row gather: the same widths (see <see cref="CsrFormatKernels.SimdWidths"/>).</summary>
    public override IReadOnlyList<int> SimdWidths(KernelIr kernel) => new[] { 256, 128 };

    public override void EmitScalar(SourceWriter w, KernelIr kernel)
    {
        string t = ElementType(kernel);
        switch (kernel.Action)
        {
            case KernelAction.ApplyTransposed:
                CsrFormatKernels.EmitCompressedDotScalar(w, kernel, "columnPointers", "rowIndices");
                break;
            case KernelAction.Apply:
                if (PrescaleOutput(kernel, "y[r]") is string prescale)
                {
                    using (w.Open("for (int r = 0; r < a.Rows; r++)"))
                        w.Line(prescale);
                }
                using (w.Open("for (int j = start; j < end; j++)"))
                {
                    w.Line($"{t} xj = {Scale(kernel, "x[j]")};");
                    w.Line("int columnEnd = columnPointers[j + 1];");
                    using (w.Open("for (int p = columnPointers[j]; p < columnEnd; p++)"))
                        w.Line("y[rowIndices[p]] += values[p] * xj;");
                }
                break;
            default:
                if (PrescaleOutput(kernel, "y[e]") is string prescaleMatrix)
                {
                    using (w.Open("for (long e = 0; e < (long)a.Rows * k; e++)"))
                        w.Line(prescaleMatrix);
                }
                using (w.Open("for (int j = start; j < end; j++)"))
                {
                    w.Line($"{t}* xRow = x + (long)j * k;");
                    w.Line("int columnEnd = columnPointers[j + 1];");
                    using (w.Open("for (int p = columnPointers[j]; p < columnEnd; p++)"))
                    {
                        w.Line($"{t} v = {Scale(kernel, "values[p]")};");
                        w.Line($"{t}* yRow = y + (long)rowIndices[p] * k;");
                        using (w.Open("for (int c = 0; c < k; c++)"))
                            w.Line("yRow[c] += v * xRow[c];");
                    }
                }
                break;
        }
    }

    public override void EmitSimd(SourceWriter w, KernelIr kernel, int vectorBits)
    {
        CsrFormatKernels.EmitCompressedDotSimd(w, kernel, vectorBits, "columnPointers", "rowIndices");
        w.Line("return;");
    }
}
