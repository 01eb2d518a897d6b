using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>BSR with literal block sizes: every block loop unrolled; a gather per block row, a scatter for y = A' * x.</summary>
internal sealed class GpuBsrKernels : GpuFormatKernels
{
    public override FormatKind Kind => FormatKind.Bsr;

    public override bool CanSpecialize(KernelIr kernel) => ((BsrStorage)kernel.Matrix.Storage) is var bsr && bsr.BlockRows > 0 && bsr.BlockColumns > 0;

    public override void Plan(GpuPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        var bsr = (BsrStorage)kernel.Matrix.Storage;
        int rows = bsr.BlockRows, columns = bsr.BlockColumns, size = rows * columns;
        string blockText = $"{rows}x{columns} block";
        string Sums() => $"{t} {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"sum{r} = {zero}"))};";
        string Row(int r, Func<int, string> x) => string.Join(" + ", Enumerable.Range(0, columns).Select(c => $"values[block{Plus(r * columns + c)}] * {x(c)}"));
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather($"{m}.BlockRowCount", $"one thread per block row ({rows} elements of y)", w =>
                {
                    w.Line("int bi = index;");
                    w.Line(Sums());
                    w.Line("int blockEnd = blockRowPointers[bi + 1];");
                    using (w.Open("for (int b = blockRowPointers[bi]; b < blockEnd; b++)"))
                    {
                        w.Line($"long block = (long)b * {size};");
                        w.Line($"long xBlock = (long)blockColumns[b] * {columns};");
                        w.Line($"// {blockText}, unrolled");
                        w.Line($"{t} {string.Join(", ", Enumerable.Range(0, columns).Select(c => $"x{c} = x[xBlock{Plus(c)}]"))};");
                        for (int r = 0; r < rows; r++) w.Line($"sum{r} += {Row(r, c => $"x{c}")};");
                    }
                    w.Line($"long yBlock = (long)bi * {rows};");
                    for (int r = 0; r < rows; r++) w.Line($"y[yBlock{Plus(r)}] = {Combine(kernel, $"sum{r}", $"y[yBlock{Plus(r)}]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Scatter($"{m}.BlockRowCount", $"one thread per block row ({rows} elements of x), adding into y with atomics", w =>
                {
                    w.Line("int bi = index;");
                    w.Line($"long xBlock = (long)bi * {rows};");
                    w.Line($"{t} {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"x{r} = {Scale(kernel, $"x[xBlock{Plus(r)}]")}"))};");
                    w.Line("int blockEnd = blockRowPointers[bi + 1];");
                    using (w.Open("for (int b = blockRowPointers[bi]; b < blockEnd; b++)"))
                    {
                        w.Line($"long block = (long)b * {size};");
                        w.Line($"long yBlock = (long)blockColumns[b] * {columns};");
                        w.Line($"// {blockText} transposed, unrolled");
                        for (int c = 0; c < columns; c++)
                            w.Line($"{Rt.Atomic}.Add(ref y[yBlock{Plus(c)}], {string.Join(" + ", Enumerable.Range(0, rows).Select(r => $"values[block{Plus(r * columns + c)}] * x{r}"))});");
                    }
                });
                break;
            default:
                plan.Gather($"{m}.BlockRowCount", $"one thread per block row and column of Y ({rows} elements of Y)", w =>
                {
                    MatMatIndex(w, "bi");
                    w.Line(Sums());
                    w.Line("int blockEnd = blockRowPointers[bi + 1];");
                    using (w.Open("for (int b = blockRowPointers[bi]; b < blockEnd; b++)"))
                    {
                        w.Line($"long block = (long)b * {size};");
                        w.Line($"long xBlock = (long)blockColumns[b] * {columns} * k + c;");
                        w.Line($"// {blockText}, unrolled");
                        w.Line($"{t} {string.Join(", ", Enumerable.Range(0, columns).Select(cc => $"x{cc} = x[xBlock{RowStep(cc)}]"))};");
                        for (int r = 0; r < rows; r++) w.Line($"sum{r} += {Row(r, cc => $"x{cc}")};");
                    }
                    w.Line($"long yBlock = (long)bi * {rows} * k + c;");
                    for (int r = 0; r < rows; r++) w.Line($"y[yBlock{RowStep(r)}] = {Combine(kernel, $"sum{r}", $"y[yBlock{RowStep(r)}]")};");
                });
                break;
        }
    }
}
