using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.Cpu.VectorTerms;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// Block CSR with literal block sizes (<c>bsr&lt;T&gt;(block: RxC)</c>): every block loop is unrolled.
/// y = A * x: block rows split by stored blocks; SIMD loads one block row as whole vectors (block width a multiple of the
/// lanes), one accumulator per row of the block, reduced once per block row.
/// y = A' * x: single-threaded scatter (each block adds into a block of y, vectorized the same way).
/// Y = A * X: block rows split by stored blocks; SIMD across the columns of X, one accumulator per row of the block.
/// </summary>
public sealed class BsrFormatKernels : FormatKernels
{
    /// <summary>Blocks ahead whose slice of x is prefetched (measured best of 8..64 for 4x4 f64 on Zen 5).</summary>
    private const int PrefetchDistance = 32;

    public override FormatKind Kind => FormatKind.Bsr;

    public override (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX)
    {
        int blockSize = Storage(kernel).BlockRows * Storage(kernel).BlockColumns;
        return kernel.Action switch
        {
            KernelAction.ApplyTransposed => (WorkSplitKind.SingleThreaded, $"{matrix}.BlockRowCount", "0"),
            KernelAction.ApplyToBlock => (WorkSplitKind.ByNonzeros, $"{matrix}.BlockRowCount", $"(long){matrix}.BlockCount * {blockSize} * {columnsOfX}"),
            _ => (WorkSplitKind.ByNonzeros, $"{matrix}.BlockRowCount", $"(long){matrix}.BlockCount * {blockSize}"),
        };
    }

    public override bool CanSpecialize(KernelIr kernel) => Storage(kernel).BlockRows > 0 && Storage(kernel).BlockColumns > 0;

    public override bool HasSimd(KernelIr kernel) => SimdWidths(kernel).Count > 0;

    /// <summary>
    /// MatVec and A' * x use vectors that tile a block row exactly (block width a multiple of the lanes; for 4x4 f64
    /// that is 256 and 128 bits, for 4x4 f32 128 bits: wider vectors would straddle two block rows).
    /// Y = A * X vectorizes over the columns of X: every width.
    /// </summary>
    public override IReadOnlyList<int> SimdWidths(KernelIr kernel)
    {
        if (!CanSpecialize(kernel)) return new int[0];
        if (kernel.Action == KernelAction.ApplyToBlock) return new[] { 512, 256, 128 };
        return new[] { 512, 256, 128 }.Where(bits => Storage(kernel).BlockColumns % Lanes(kernel, bits) == 0).ToArray();
    }

    public override void EmitScalar(SourceWriter w, KernelIr kernel)
    {
        switch (kernel.Action)
        {
            case KernelAction.Apply: EmitMatVec(w, kernel, 0); break;
            case KernelAction.ApplyTransposed: EmitTransposed(w, kernel, 0); break;
            default: EmitMatMat(w, kernel, 0); break;
        }
    }

    public override void EmitSimd(SourceWriter w, KernelIr kernel, int vectorBits)
    {
        switch (kernel.Action)
        {
            case KernelAction.Apply: EmitMatVec(w, kernel, vectorBits); break;
            case KernelAction.ApplyTransposed: EmitTransposed(w, kernel, vectorBits); break;
            default: EmitMatMat(w, kernel, vectorBits); break;
        }
        w.Line("return;");
    }

    private static string BlockText(KernelIr kernel) => $"{Storage(kernel).BlockRows}x{Storage(kernel).BlockColumns} block";

    /// <summary>y = A * x; <paramref name="bits"/> = 0 for the scalar path.</summary>
    private static void EmitMatVec(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        int rows = Storage(kernel).BlockRows, columns = Storage(kernel).BlockColumns, size = rows * columns;
        if (bits != 0) w.Line("int lastBlock = blockRowPointers[end] - 1;");
        using (w.Open("for (int bi = start; bi < end; bi++)"))
        {
            int lanes = bits == 0 ? 1 : Lanes(kernel, bits);
            int vectors = columns / lanes;
            string api = $"{Rt.Vector(bits)}";
            if (bits == 0)
                w.Line($"{t} {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"sum{r} = {Zero(kernel)}"))};");
            else
                for (int r = 0; r < rows; r++)
                    w.Line($"{VectorType(kernel, bits)} {string.Join(", ", Enumerable.Range(0, vectors).Select(v => $"sum{r}_{v} = {VectorType(kernel, bits)}.Zero"))};");
            w.Line("int blockEnd = blockRowPointers[bi + 1];");
            using (w.Open("for (int b = blockRowPointers[bi]; b < blockEnd; b++)"))
            {
                w.Line($"{t}* block = values + (long)b * {size};");
                w.Line($"{t}* xBlock = x + (long)blockColumns[b] * {columns};");
                w.Line($"// {BlockText(kernel)}, unrolled");
                if (bits == 0)
                {
                    w.Line($"{t} {string.Join(", ", Enumerable.Range(0, columns).Select(c => $"x{c} = xBlock[{c}]"))};");
                    for (int r = 0; r < rows; r++)
                        w.Line($"sum{r} += {string.Join(" + ", Enumerable.Range(0, columns).Select(c => $"block[{r * columns + c}] * x{c}"))};");
                }
                else
                {
                    w.Line($"// x of the block {PrefetchDistance} ahead: random block columns defeat the hardware prefetcher");
                    w.Line($"if ({Rt.Sse}.IsSupported) {Rt.Sse}.Prefetch0(x + (long)blockColumns[{Rt.Math}.Min(b + {PrefetchDistance}, lastBlock)] * {columns});");
                    for (int v = 0; v < vectors; v++)
                        w.Line($"{VectorType(kernel, bits)} x{v} = {api}.Load(xBlock{Plus(v * lanes)});");
                    for (int r = 0; r < rows; r++)
                        for (int v = 0; v < vectors; v++)
                            w.Line($"sum{r}_{v} = {api}.MultiplyAddEstimate({api}.Load(block{Plus(r * columns + v * lanes)}), x{v}, sum{r}_{v});");
                }
            }
            w.Line($"{t}* yBlock = y + (long)bi * {rows};");
            for (int r = 0; r < rows; r++)
            {
                string sum = bits == 0 ? $"sum{r}" : $"{api}.Sum({string.Join(" + ", Enumerable.Range(0, vectors).Select(v => $"sum{r}_{v}"))})";
                w.Line($"yBlock[{r}] = {Combine(kernel, sum, $"yBlock[{r}]")};");
            }
        }
    }

    /// <summary>y = A' * x (scatter, single-threaded): y is prepared once, then every block adds into its block of y.</summary>
    private static void EmitTransposed(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        int rows = Storage(kernel).BlockRows, columns = Storage(kernel).BlockColumns, size = rows * columns;
        if (PrescaleOutput(kernel, "y[c]") is string prescale)
        {
            using (w.Open("for (int c = 0; c < a.Columns; c++)"))
                w.Line(prescale);
        }
        using (w.Open("for (int bi = start; bi < end; bi++)"))
        {
            w.Line($"{t}* xBlock = x + (long)bi * {rows};");
            string api = $"{Rt.Vector(bits)}";
            for (int r = 0; r < rows; r++)
            {
                string value = Scale(kernel, $"xBlock[{r}]");
                w.Line(bits == 0 ? $"{t} x{r} = {value};" : $"{VectorType(kernel, bits)} x{r} = {api}.Create({value});");
            }
            w.Line("int blockEnd = blockRowPointers[bi + 1];");
            using (w.Open("for (int b = blockRowPointers[bi]; b < blockEnd; b++)"))
            {
                w.Line($"{t}* block = values + (long)b * {size};");
                w.Line($"{t}* yBlock = y + (long)blockColumns[b] * {columns};");
                w.Line($"// {BlockText(kernel)} transposed, unrolled");
                if (bits == 0)
                {
                    for (int c = 0; c < columns; c++)
                        w.Line($"yBlock[{c}] += {string.Join(" + ", Enumerable.Range(0, rows).Select(r => $"block[{r * columns + c}] * x{r}"))};");
                }
                else
                {
                    int lanes = Lanes(kernel, bits);
                    for (int v = 0; v < columns / lanes; v++)
                    {
                        string at = $"yBlock{Plus(v * lanes)}";
                        w.Line($"{VectorType(kernel, bits)} y{v} = {api}.Load({at});");
                        for (int r = 0; r < rows; r++)
                            w.Line($"y{v} = {api}.MultiplyAddEstimate({api}.Load(block{Plus(r * columns + v * lanes)}), x{r}, y{v});");
                        w.Line($"{api}.Store(y{v}, {at});");
                    }
                }
            }
        }
    }

    /// <summary>Y = A * X: per block row and per chunk of X's columns, one accumulator per row of the block.</summary>
    private static void EmitMatMat(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        int rows = Storage(kernel).BlockRows, columns = Storage(kernel).BlockColumns, size = rows * columns;
        if (bits != 0) DeclareVectorScalars(w, kernel, bits);
        using (w.Open("for (int bi = start; bi < end; bi++)"))
        {
            w.Line($"{t}* yBlock = y + (long)bi * {rows} * k;");
            w.Line("int blockStart = blockRowPointers[bi];");
            w.Line("int blockEnd = blockRowPointers[bi + 1];");
            w.Line("int c = 0;");
            if (bits != 0)
            {
                int lanes = Lanes(kernel, bits);
                string api = $"{Rt.Vector(bits)}";
                string vector = VectorType(kernel, bits);
                using (w.Open($"for (; c <= k - {lanes}; c += {lanes})"))
                {
                    w.Line($"{vector} {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"sum{r} = {vector}.Zero"))};");
                    using (w.Open("for (int b = blockStart; b < blockEnd; b++)"))
                    {
                        w.Line($"{t}* block = values + (long)b * {size};");
                        w.Line($"{t}* xBlock = x + (long)blockColumns[b] * {columns} * k + c;");
                        w.Line($"// {BlockText(kernel)}, unrolled");
                        for (int cc = 0; cc < columns; cc++)
                        {
                            w.Line($"{vector} x{cc} = {api}.Load(xBlock{(cc == 0 ? "" : cc == 1 ? " + k" : $" + {cc} * k")});");
                            for (int r = 0; r < rows; r++)
                                w.Line($"sum{r} = {api}.MultiplyAddEstimate({api}.Create(block[{r * columns + cc}]), x{cc}, sum{r});");
                        }
                    }
                    for (int r = 0; r < rows; r++)
                    {
                        string at = $"yBlock + {(r == 0 ? "" : r == 1 ? "k + " : $"{r} * k + ")}c";
                        w.Line($"{api}.Store({CombineVector(kernel, $"sum{r}", $"{api}.Load({at})")}, {at});");
                    }
                }
            }
            using (w.Open("for (; c < k; c++)"))
            {
                w.Line($"{t} {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"sum{r} = {Zero(kernel)}"))};");
                using (w.Open("for (int b = blockStart; b < blockEnd; b++)"))
                {
                    w.Line($"{t}* block = values + (long)b * {size};");
                    w.Line($"{t}* xBlock = x + (long)blockColumns[b] * {columns} * k + c;");
                    w.Line($"// {BlockText(kernel)}, unrolled");
                    w.Line($"{t} {string.Join(", ", Enumerable.Range(0, columns).Select(cc => $"x{cc} = xBlock[{(cc == 0 ? "0" : cc == 1 ? "k" : $"{cc} * k")}]"))};");
                    for (int r = 0; r < rows; r++)
                        w.Line($"sum{r} += {string.Join(" + ", Enumerable.Range(0, columns).Select(cc => $"block[{r * columns + cc}] * x{cc}"))};");
                }
                for (int r = 0; r < rows; r++)
                {
                    string at = $"yBlock[{(r == 0 ? "" : r == 1 ? "k + " : $"{r} * k + ")}c]";
                    w.Line($"{at} = {Combine(kernel, $"sum{r}", at)};");
                }
            }
        }
    }

    private static string Plus(int offset) => offset == 0 ? "" : $" + {offset}";

    /// <summary>The kernel's storage record (this emitter is registered for its kind only).</summary>
    private static BsrStorage Storage(KernelIr kernel) => (BsrStorage)kernel.Matrix.Storage;
}
