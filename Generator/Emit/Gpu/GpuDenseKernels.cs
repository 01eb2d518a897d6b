using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>Dense matrices on the GPU, row- or column-major: every product is a gather (one thread per output, or per element of Y).</summary>
internal sealed class GpuDenseKernels : GpuFormatKernels
{
    public override FormatKind Kind => FormatKind.Dense;

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override void Plan(GpuPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        bool columnMajor = ((DenseStorage)kernel.Matrix.Storage).ColumnMajor;
        string A(string r, string c) => columnMajor ? $"values[(long){c} * stride + {r}]" : $"values[(long){r} * stride + {c}]";
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather($"{m}.Rows", "one thread per row of y", w =>
                {
                    w.Line("int i = index;");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int j = 0; j < n; j++) sum += {A("i", "j")} * x[j];");
                    w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Gather($"{m}.Columns", "one thread per element of y (a column of the matrix)", w =>
                {
                    w.Line("int j = index;");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int i = 0; i < n; i++) sum += {A("i", "j")} * x[i];");
                    w.Line($"y[j] = {Combine(kernel, "sum", "y[j]")};");
                });
                break;
            default:
                plan.Gather($"{m}.Rows", "one thread per element of Y", w =>
                {
                    MatMatIndex(w, "i");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int j = 0; j < n; j++) sum += {A("i", "j")} * x[(long)j * k + c];");
                    StoreElement(w, kernel, "i");
                });
                break;
        }
    }
}
