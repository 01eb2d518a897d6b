using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>CSR (32-bit indices; CSR with 64-bit indices has no GPU variant): a gather along each row for y = A * x and Y = A * X, a scatter from each row for y = A' * x.</summary>
internal sealed class GpuCsrKernels : GpuFormatKernels
{
    public override FormatKind Kind => FormatKind.Csr;

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override void Plan(GpuPlan plan, KernelIr kernel, string m)
    {
        Compressed(plan, kernel, $"{m}.Rows", "rowPointers", "columnIndices", gatherIsTransposed: false);
    }

    /// <summary>CSR (lines = rows) and CSC (lines = columns): a gather along a line, or a scatter from it.</summary>
    internal static void Compressed(GpuPlan plan, KernelIr kernel, string lineCount, string pointers, string indices, bool gatherIsTransposed)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        string line = gatherIsTransposed ? "column" : "row";
        if (kernel.Action == KernelAction.ApplyToBlock)
        {
            if (!gatherIsTransposed)
            {
                plan.Gather(lineCount, "one thread per element of Y", w =>
                {
                    MatMatIndex(w, "i");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"int end = {pointers}[i + 1];");
                    w.Line($"for (int p = {pointers}[i]; p < end; p++) sum += values[p] * x[(long){indices}[p] * k + c];");
                    StoreElement(w, kernel, "i");
                });
                return;
            }
            plan.Scatter(lineCount, $"one thread per {line} of the matrix and column of X, adding into Y with atomics", w =>
            {
                MatMatIndex(w, "j");
                w.Line($"{t} xj = {Scale(kernel, "x[(long)j * k + c]")};");
                w.Line($"int end = {pointers}[j + 1];");
                w.Line($"for (int p = {pointers}[j]; p < end; p++) {Rt.Atomic}.Add(ref y[(long){indices}[p] * k + c], values[p] * xj);");
            });
            return;
        }
        if ((kernel.Action == KernelAction.ApplyTransposed) == gatherIsTransposed)
        {
            plan.Gather(lineCount, $"one thread per {line} of the matrix (an element of y)", w =>
            {
                w.Line("int i = index;");
                w.Line($"{t} sum = {zero};");
                w.Line($"int end = {pointers}[i + 1];");
                w.Line($"for (int p = {pointers}[i]; p < end; p++) sum += values[p] * x[{indices}[p]];");
                w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
            });
            return;
        }
        plan.Scatter(lineCount, $"one thread per {line} of the matrix (an element of x), adding into y with atomics", w =>
        {
            w.Line("int j = index;");
            w.Line($"{t} xj = {Scale(kernel, "x[j]")};");
            w.Line($"int end = {pointers}[j + 1];");
            w.Line($"for (int p = {pointers}[j]; p < end; p++) {Rt.Atomic}.Add(ref y[{indices}[p]], values[p] * xj);");
        });
    }
}
