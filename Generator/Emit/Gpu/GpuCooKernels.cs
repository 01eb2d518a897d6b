using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>COO: every product scatters one thread per stored entry (duplicates add up) with atomics.</summary>
internal sealed class GpuCooKernels : GpuFormatKernels
{
    public override FormatKind Kind => FormatKind.Coo;

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override void Plan(GpuPlan plan, KernelIr kernel, string m)
    {
        string entries = $"{m}.NonZeroCount";
        bool transposed = kernel.Action == KernelAction.ApplyTransposed;
        string to = transposed ? "columnIndices" : "rowIndices", from = transposed ? "rowIndices" : "columnIndices";
        if (kernel.Action == KernelAction.ApplyToBlock)
        {
            plan.Scatter(entries, "one thread per stored entry and column of X, adding into Y with atomics", w =>
            {
                MatMatIndex(w, "e");
                w.Line($"{Rt.Atomic}.Add(ref y[(long){to}[e] * k + c], {Scale(kernel, $"values[e] * x[(long){from}[e] * k + c]")});");
            });
            return;
        }
        plan.Scatter(entries, "one thread per stored entry (duplicates add up), adding into y with atomics", w =>
        {
            w.Line("int e = index;");
            w.Line($"{Rt.Atomic}.Add(ref y[{to}[e]], {Scale(kernel, $"values[e] * x[{from}[e]]")});");
        });
    }
}
