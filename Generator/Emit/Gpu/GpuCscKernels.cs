using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>CSC: the compressed lines of CSR are columns (<see cref="GpuCsrKernels.Compressed"/>): a gather for y = A' * x, a scatter for y = A * x and Y = A * X.</summary>
internal sealed class GpuCscKernels : GpuFormatKernels
{
    public override FormatKind Kind => FormatKind.Csc;

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override void Plan(GpuPlan plan, KernelIr kernel, string m)
    {
        GpuCsrKernels.Compressed(plan, kernel, $"{m}.Columns", "columnPointers", "rowIndices", gatherIsTransposed: true);
    }
}
