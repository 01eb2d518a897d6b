using System.Collections.Generic;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.Cpu.VectorTerms;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// COO (<c>CooMatrix&lt;T&gt;</c>): triplets in any order, duplicates add up. Every product scatters triplet by
/// triplet into the prepared output, single-threaded (COO is an input format; convert to CSR for speed).
/// </summary>
public sealed class CooFormatKernels : FormatKernels
{
    public override FormatKind Kind => FormatKind.Coo;

    public override (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX)
        => (WorkSplitKind.SingleThreaded, $"{matrix}.NonZeroCount", "0");

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override void EmitScalar(SourceWriter w, KernelIr kernel)
    {
        string t = ElementType(kernel);
        switch (kernel.Action)
        {
            case KernelAction.Apply:
            case KernelAction.ApplyTransposed:
                bool transposed = kernel.Action == KernelAction.ApplyTransposed;
                string outputs = transposed ? "a.Columns" : "a.Rows";
                string to = transposed ? "columnIndices" : "rowIndices";
                string from = transposed ? "rowIndices" : "columnIndices";
                if (PrescaleOutput(kernel, "y[o]") is string prescale)
                {
                    using (w.Open($"for (int o = 0; o < {outputs}; o++)"))
                        w.Line(prescale);
                }
                using (w.Open("for (int e = start; e < end; e++)"))
                    w.Line($"y[{to}[e]] += {Scale(kernel, $"values[e] * x[{from}[e]]")};");
                break;
            default:
                if (PrescaleOutput(kernel, "y[o]") is string prescaleMatrix)
                {
                    using (w.Open("for (long o = 0; o < (long)a.Rows * k; o++)"))
                        w.Line(prescaleMatrix);
                }
                using (w.Open("for (int e = start; e < end; e++)"))
                {
                    w.Line($"{t} v = {Scale(kernel, "values[e]")};");
                    w.Line($"{t}* xRow = x + (long)columnIndices[e] * k;");
                    w.Line($"{t}* yRow = y + (long)rowIndices[e] * k;");
                    using (w.Open("for (int c = 0; c < k; c++)"))
                        w.Line("yRow[c] += v * xRow[c];");
                }
                break;
        }
    }
}
