using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>SELL-C-σ: one thread per lane of a slice (a row, through the permutation); a gather, or a scatter for y = A' * x.</summary>
internal sealed class GpuSellKernels : GpuFormatKernels
{
    public override FormatKind Kind => FormatKind.Sell;

    public override bool CanSpecialize(KernelIr kernel) => ((SellStorage)kernel.Matrix.Storage).SliceHeight > 0;

    public override void Plan(GpuPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        int c = ((SellStorage)kernel.Matrix.Storage).SliceHeight;
        bool matMat = kernel.Action == KernelAction.ApplyToBlock;
        void Lane(SourceWriter w)
        {
            if (matMat) MatMatIndex(w, "slot", "col");
            else w.Line("int slot = index;");
            w.Line("int row = rowPermutation[slot];");
            w.Line("if ((uint)row >= (uint)rows) return; // padding lane");
            w.Line($"int s = slot / {c}; // the slice, and the lane inside it");
            w.Line($"int lane = slot - s * {c};");
            w.Line("long p = (long)sliceOffsets[s] + lane; // entry (lane, slice column 0)");
            w.Line("int width = rowLengths[slot]; // the lane's own entries: padding past them is never read");
        }
        string slots = $"{m}.PermutationLength";
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather(slots, $"one thread per lane of a slice (a row of y, through the permutation); a slice's {c} threads read each slice column contiguously", w =>
                {
                    Lane(w);
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int j = 0; j < width; j++, p += {c}) sum += values[p] * x[columnIndices[p]];");
                    w.Line($"y[row] = {Combine(kernel, "sum", "y[row]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Scatter(slots, "one thread per lane of a slice (a row of the matrix), adding into y with atomics", w =>
                {
                    Lane(w);
                    w.Line($"{t} xi = {Scale(kernel, "x[row]")};");
                    w.Line($"for (int j = 0; j < width; j++, p += {c}) {Rt.Atomic}.Add(ref y[columnIndices[p]], values[p] * xi);");
                });
                break;
            default:
                plan.Gather(slots, "one thread per lane of a slice and column of Y", w =>
                {
                    Lane(w);
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int j = 0; j < width; j++, p += {c}) sum += values[p] * x[(long)columnIndices[p] * k + col];");
                    w.Line("long o = (long)row * k + col;");
                    w.Line($"y[o] = {Combine(kernel, "sum", "y[o]")};");
                });
                break;
        }
    }
}
