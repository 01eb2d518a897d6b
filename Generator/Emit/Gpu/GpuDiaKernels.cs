using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>DIA: every product is a gather over the diagonals (one thread per output, or per element of Y).</summary>
internal sealed class GpuDiaKernels : GpuFormatKernels
{
    public override FormatKind Kind => FormatKind.Dia;

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override void Plan(GpuPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather($"{m}.Rows", "one thread per row of y", w =>
                {
                    w.Line("int i = index;");
                    w.Line($"{t} sum = {zero};");
                    using (w.Open("for (int d = 0; d < diagonals; d++)"))
                    {
                        w.Line("long j = i + (long)offsets[d]; // row i holds diagonal d's entry in column i + offset");
                        w.Line("if ((ulong)j < (ulong)columns) sum += values[(long)d * rows + i] * x[j];");
                    }
                    w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Gather($"{m}.Columns", "one thread per element of y (a column of the matrix)", w =>
                {
                    w.Line("int j = index;");
                    w.Line($"{t} sum = {zero};");
                    using (w.Open("for (int d = 0; d < diagonals; d++)"))
                    {
                        w.Line("long i = j - (long)offsets[d]; // column j holds diagonal d's entry of row j - offset");
                        w.Line("if ((ulong)i < (ulong)rows) sum += values[(long)d * rows + i] * x[i];");
                    }
                    w.Line($"y[j] = {Combine(kernel, "sum", "y[j]")};");
                });
                break;
            default:
                plan.Gather($"{m}.Rows", "one thread per element of Y", w =>
                {
                    MatMatIndex(w, "i");
                    w.Line($"{t} sum = {zero};");
                    using (w.Open("for (int d = 0; d < diagonals; d++)"))
                    {
                        w.Line("long j = i + (long)offsets[d];");
                        w.Line("if ((ulong)j < (ulong)columns) sum += values[(long)d * rows + i] * x[j * k + c];");
                    }
                    StoreElement(w, kernel, "i");
                });
                break;
        }
    }
}
