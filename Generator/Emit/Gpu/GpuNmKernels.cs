using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>N:M: N slots per group unrolled, unused slots (0) skipped; a gather per row, a scatter for y = A' * x.</summary>
internal sealed class GpuNmKernels : GpuFormatKernels
{
    public override FormatKind Kind => FormatKind.NM;

    public override bool CanSpecialize(KernelIr kernel) => ((NmStorage)kernel.Matrix.Storage) is var nm && nm.GroupNonzeros > 0 && nm.GroupSize >= nm.GroupNonzeros;

    public override void Plan(GpuPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        var nm = (NmStorage)kernel.Matrix.Storage;
        int n = nm.GroupNonzeros, size = nm.GroupSize;
        string groupText = $"{n}:{size} group";
        void FullGroups(SourceWriter w, Func<string, string> slot)
        {
            w.Line($"int fullGroups = columns / {size}; // groups whose {size} columns all lie inside the matrix");
            w.Line($"long p = (long)i * groups * {n};");
            using (w.Open($"for (int g = 0; g < fullGroups; g++, p += {n})"))
            {
                w.Line($"int group = g * {size};");
                w.Line($"// {groupText}: {n} slots, unrolled");
                foreach (var line in Enumerable.Range(0, n).Select(s => slot($"p{Plus(s)}"))) w.Line(line);
            }
        }
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather($"{m}.Rows", "one thread per row of y", w =>
                {
                    w.Line("int i = index;");
                    w.Line($"{t} sum = {zero};");
                    FullGroups(w, p => $"if (values[{p}] != {zero}) sum += values[{p}] * x[group + indices[{p}]]; // an unused slot (0) is skipped, not multiplied");
                    LastGroup(w, kernel, $"if (column < columns && values[p + s] != {zero}) sum += values[p + s] * x[column];");
                    w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Scatter($"{m}.Rows", "one thread per row of the matrix (an element of x), adding into y with atomics", w =>
                {
                    w.Line("int i = index;");
                    w.Line($"{t} xi = {Scale(kernel, "x[i]")};");
                    FullGroups(w, p => $"if (values[{p}] != {zero}) {Rt.Atomic}.Add(ref y[group + indices[{p}]], values[{p}] * xi);");
                    LastGroup(w, kernel, $"if (column < columns && values[p + s] != {zero}) {Rt.Atomic}.Add(ref y[column], values[p + s] * xi);");
                });
                break;
            default:
                plan.Gather($"{m}.Rows", "one thread per element of Y", w =>
                {
                    MatMatIndex(w, "i");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"long p = (long)i * groups * {n};");
                    using (w.Open($"for (int g = 0; g < groups; g++, p += {n})"))
                    {
                        w.Line($"// {groupText}: {n} slots");
                        using (w.Open($"for (int s = 0; s < {n}; s++)"))
                        {
                            w.Line($"int column = g * {size} + indices[p + s];");
                            w.Line($"if (column < columns && values[p + s] != {zero}) sum += values[p + s] * x[(long)column * k + c]; // skips unused slots (0) and slots of the last group past the matrix edge");
                        }
                    }
                    StoreElement(w, kernel, "i");
                });
                break;
        }
    }

    private static void LastGroup(SourceWriter w, KernelIr kernel, string statement)
    {
        var nm = (NmStorage)kernel.Matrix.Storage;
        int n = nm.GroupNonzeros, size = nm.GroupSize;
        using (w.Open("if (fullGroups < groups)"))
        {
            w.Line("// last group, cut short by the matrix edge: skip slots past it");
            using (w.Open($"for (int s = 0; s < {n}; s++)"))
            {
                w.Line($"int column = fullGroups * {size} + indices[p + s];");
                w.Line(statement);
            }
        }
    }
}
