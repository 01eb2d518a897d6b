using System.Collections.Generic;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.Cpu.VectorTerms;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// Diagonal (banded) storage. y = A * x and y = A' * x are both gathers along the diagonals (for A' the output
/// index j reads row j - offset of each diagonal), so both split the output evenly across threads. The output is
/// produced in tiles of <see cref="Tile"/> elements: a tile's partial sums stay in L1 while every diagonal is
/// streamed over it, vectorized over the rows that diagonal covers. Y = A * X vectorizes over the columns of X.
/// </summary>
public sealed class DiaFormatKernels : FormatKernels
{
    /// <summary>Output elements per tile (the tile's sums live on the stack).</summary>
    private const int Tile = 512;

    public override FormatKind Kind => FormatKind.Dia;

    public override (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX) => kernel.Action switch
    {
        KernelAction.ApplyTransposed => (WorkSplitKind.Uniform, $"{matrix}.Columns", $"(long){matrix}.Offsets.Length * {matrix}.Columns"),
        KernelAction.ApplyToBlock => (WorkSplitKind.Uniform, $"{matrix}.Rows", $"(long){matrix}.Offsets.Length * {matrix}.Rows * {columnsOfX}"),
        _ => (WorkSplitKind.Uniform, $"{matrix}.Rows", $"(long){matrix}.Offsets.Length * {matrix}.Rows"),
    };

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override bool HasSimd(KernelIr kernel) => true;

    public override void EmitScalar(SourceWriter w, KernelIr kernel)
    {
        using (w.Open())
        {
            if (kernel.Action == KernelAction.ApplyToBlock) EmitMatMat(w, kernel, 0);
            else EmitMatVec(w, kernel, 0);
        }
    }

    public override void EmitSimd(SourceWriter w, KernelIr kernel, int vectorBits)
    {
        if (kernel.Action == KernelAction.ApplyToBlock) EmitMatMat(w, kernel, vectorBits);
        else EmitMatVec(w, kernel, vectorBits);
        w.Line("return;");
    }

    /// <summary>
    /// y = A * x: out[i] = sum_d v[d][i] * x[i + off[d]]. y = A' * x: out[j] = sum_d v[d][j - off[d]] * x[j - off[d]].
    /// Both are out[i] += vd[i] * xd[i] over the output indices a diagonal reaches, with shifted pointers.
    /// </summary>
    private static void EmitMatVec(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        bool transposed = kernel.Action == KernelAction.ApplyTransposed;
        w.Line("int rows = a.Rows;");
        w.Line("int columns = a.Columns;");
        w.Line("int diagonals = a.Offsets.Length;");
        w.Line($"{t}* sums = stackalloc {t}[{Tile}];");
        using (w.Open($"for (int t0 = start; t0 < end; t0 += {Tile})"))
        {
            w.Line($"int t1 = {Rt.Math}.Min(end, t0 + {Tile});");
            w.Line($"for (int i = t0; i < t1; i++) sums[i - t0] = {Zero(kernel)};");
            using (w.Open("for (int d = 0; d < diagonals; d++)"))
            {
                w.Line("long offset = offsets[d];");
                if (transposed)
                {
                    w.Line("// A' row j holds diagonal d's entry of row j - offset (column j)");
                    w.Line($"int from = (int){Rt.Math}.Max(t0, offset);");
                    w.Line($"int to = (int){Rt.Math}.Min(t1, rows + offset);");
                    w.Line($"{t}* diagonal = values + (long)d * rows - offset;");
                    w.Line($"{t}* source = x - offset;");
                }
                else
                {
                    w.Line("// row i holds diagonal d's entry in column i + offset");
                    w.Line($"int from = (int){Rt.Math}.Max(t0, -offset);");
                    w.Line($"int to = (int){Rt.Math}.Min(t1, columns - offset);");
                    w.Line($"{t}* diagonal = values + (long)d * rows;");
                    w.Line($"{t}* source = x + offset;");
                }
                w.Line($"{t}* tile = sums - t0;");
                w.Line("int i = from;");
                if (bits != 0)
                {
                    string api = $"{Rt.Vector(bits)}";
                    int lanes = Lanes(kernel, bits);
                    using (w.Open($"for (; i <= to - {lanes}; i += {lanes})"))
                        w.Line($"{api}.Store({api}.MultiplyAddEstimate({api}.Load(diagonal + i), {api}.Load(source + i), {api}.Load(tile + i)), tile + i);");
                }
                w.Line("for (; i < to; i++) tile[i] += diagonal[i] * source[i];");
            }
            w.Line($"for (int i = t0; i < t1; i++) y[i] = {Combine(kernel, "sums[i - t0]", "y[i]")};");
        }
    }

    /// <summary>Y = A * X: per row, per chunk of X's columns, the diagonals that reach into the matrix.</summary>
    private static void EmitMatMat(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        w.Line("int rows = a.Rows;");
        w.Line("int columns = a.Columns;");
        w.Line("int diagonals = a.Offsets.Length;");
        if (bits != 0) DeclareVectorScalars(w, kernel, bits);
        using (w.Open("for (int i = start; i < end; i++)"))
        {
            w.Line($"{t}* yRow = y + (long)i * k;");
            w.Line("int col = 0;");
            if (bits != 0)
            {
                string api = $"{Rt.Vector(bits)}";
                int lanes = Lanes(kernel, bits);
                using (w.Open($"for (; col <= k - {lanes}; col += {lanes})"))
                {
                    w.Line($"{VectorType(kernel, bits)} sum = {VectorType(kernel, bits)}.Zero;");
                    using (w.Open("for (int d = 0; d < diagonals; d++)"))
                    {
                        w.Line("long j = i + (long)offsets[d];");
                        w.Line("if ((ulong)j >= (ulong)columns) continue; // diagonal d misses row i");
                        w.Line($"sum = {api}.MultiplyAddEstimate({api}.Create(values[(long)d * rows + i]), {api}.Load(x + j * k + col), sum);");
                    }
                    w.Line($"{api}.Store({CombineVector(kernel, "sum", $"{api}.Load(yRow + col)")}, yRow + col);");
                }
            }
            using (w.Open("for (; col < k; col++)"))
            {
                w.Line($"{t} sum = {Zero(kernel)};");
                using (w.Open("for (int d = 0; d < diagonals; d++)"))
                {
                    w.Line("long j = i + (long)offsets[d];");
                    w.Line("if ((ulong)j >= (ulong)columns) continue; // diagonal d misses row i");
                    w.Line("sum += values[(long)d * rows + i] * x[j * k + col];");
                }
                w.Line($"yRow[col] = {Combine(kernel, "sum", "yRow[col]")};");
            }
        }
    }
}
