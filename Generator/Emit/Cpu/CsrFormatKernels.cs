using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.Cpu.VectorTerms;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// CSR with 32-bit (<c>CsrMatrix&lt;T&gt;</c>) or 64-bit (<c>CsrMatrix64&lt;T&gt;</c>) indices.
/// y = A * x: rows split by nonzeros; SIMD per row (hardware gather of x where AVX2 exists, two accumulators).
/// Y = A * X: rows split by nonzeros; SIMD across the columns of X. y = A' * x: single-threaded scatter.
/// </summary>
public sealed class CsrFormatKernels : FormatKernels
{
    public override FormatKind Kind => FormatKind.Csr;

    public override (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX)
    {
        bool wide = kernel.Matrix.Storage.Index == IndexWidth.I64;
        // The vector lengths were checked against Rows, so the row count of a CsrMatrix64 fits an int.
        string rows = wide ? $"(int){matrix}.Rows" : $"{matrix}.Rows";
        if (kernel.Action == KernelAction.ApplyTransposed) return (WorkSplitKind.SingleThreaded, rows, "0");
        string work = kernel.Action == KernelAction.ApplyToBlock ? $"{matrix}.NonZeroCount * (long){columnsOfX}" : $"{matrix}.NonZeroCount";
        return (wide ? WorkSplitKind.Uniform : WorkSplitKind.ByNonzeros, rows, work);
    }

    public override bool CanSpecialize(KernelIr kernel) => true;

    public override bool HasSimd(KernelIr kernel)
        => kernel.Matrix.Storage.Index == IndexWidth.I32 && kernel.Action is KernelAction.Apply or KernelAction.ApplyToBlock;

    /// <summary>
    /// y = A * x: 256- and 128-bit only. Measured on W1 (1M rows, 16 random nonzeros per row, AVX-512 machine,
    /// single thread): AVX2 gather with two accumulators 15-19 ms (f64) / 15 ms (f32), scalar 27 ms / 22 ms,
    /// 512-bit vectors built from two 256-bit gathers 21-22 ms / 20 ms (.NET has no AVX-512 gather), software
    /// prefetch of x 31-33 ms. Y = A * X loads contiguous rows of X, so it uses every width.
    /// </summary>
    public override IReadOnlyList<int> SimdWidths(KernelIr kernel)
        => kernel.Action == KernelAction.Apply ? new[] { 256, 128 } : base.SimdWidths(kernel);

    public override void EmitScalar(SourceWriter w, KernelIr kernel)
    {
        string t = ElementType(kernel);
        string index = IndexType(kernel.Matrix.Storage);
        string zero = Zero(kernel);
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                EmitCompressedDotScalar(w, kernel, "rowPointers", "columnIndices");
                break;

            case KernelAction.ApplyTransposed:
                string columns = kernel.Matrix.Storage.Index == IndexWidth.I64 ? "(int)a.Columns" : "a.Columns";
                if (PrescaleOutput(kernel, "y[c]") is string prescale)
                {
                    using (w.Open($"for (int c = 0; c < {columns}; c++)"))
                        w.Line(prescale);
                }
                using (w.Open("for (int i = start; i < end; i++)"))
                {
                    w.Line($"{t} xi = {Scale(kernel, "x[i]")};");
                    w.Line($"{index} rowEnd = rowPointers[i + 1];");
                    using (w.Open($"for ({index} j = rowPointers[i]; j < rowEnd; j++)"))
                        w.Line("y[columnIndices[j]] += values[j] * xi;");
                }
                break;

            default:
                using (w.Open("for (int i = start; i < end; i++)"))
                {
                    w.Line($"{t}* yRow = y + (long)i * k;");
                    w.Line($"{index} rowStart = rowPointers[i];");
                    w.Line($"{index} rowEnd = rowPointers[i + 1];");
                    using (w.Open("for (int c = 0; c < k; c++)"))
                    {
                        w.Line($"{t} sum = {zero};");
                        using (w.Open($"for ({index} j = rowStart; j < rowEnd; j++)"))
                            w.Line("sum += values[j] * x[columnIndices[j] * (long)k + c];");
                        w.Line($"yRow[c] = {Combine(kernel, "sum", "yRow[c]")};");
                    }
                }
                break;
        }
    }

    /// <summary>y = A * x reads the range method's scope: the pinned arrays' names and fresh locals (the other products still write fixed names).</summary>
    public override void EmitScalar(SourceWriter w, KernelIr kernel, LocalScope scope)
    {
        if (kernel.Action == KernelAction.Apply)
            EmitCompressedDotScalar(w, kernel, scope, scope.Of("rowPointers"), scope.Of("columnIndices"), scope.Of("values"));
        else
            EmitScalar(w, kernel);
    }

    /// <summary>Scalar form of <see cref="EmitCompressedDotSimd"/>, with fixed names (CSC's y = A' * x).</summary>
    internal static void EmitCompressedDotScalar(SourceWriter w, KernelIr kernel, string pointers, string indices)
        => EmitCompressedDotScalar(w, kernel, new LocalScope(new[] { "a", "x", "y", "alpha", "beta", "start", "end", pointers, indices, "values" }), pointers, indices, "values");

    /// <summary>Scalar form of <see cref="EmitCompressedDotSimd"/>: the arrays by name, its locals fresh from <paramref name="locals"/>.</summary>
    internal static void EmitCompressedDotScalar(SourceWriter w, KernelIr kernel, LocalScope locals, string pointers, string indices, string values)
    {
        string index = IndexType(kernel.Matrix.Storage);
        string i = locals.Fresh("i"), sum = locals.Fresh("sum"), rowEnd = locals.Fresh("rowEnd"), j = locals.Fresh("j");
        using (w.Open($"for (int {i} = start; {i} < end; {i}++)"))
        {
            w.Line($"{ElementType(kernel)} {sum} = {Zero(kernel)};");
            w.Line($"{index} {rowEnd} = {pointers}[{i} + 1];");
            using (w.Open($"for ({index} {j} = {pointers}[{i}]; {j} < {rowEnd}; {j}++)"))
                w.Line($"{sum} += {values}[{j}] * x[{indices}[{j}]];");
            w.Line($"y[{i}] = {Combine(kernel, sum, $"y[{i}]")};");
        }
    }

    public override void EmitSimd(SourceWriter w, KernelIr kernel, int vectorBits)
    {
        if (kernel.Action == KernelAction.Apply) EmitMatVecSimd(w, kernel, vectorBits);
        else EmitMatMatSimd(w, kernel, vectorBits);
        w.Line("return;");
    }

    private static void EmitMatVecSimd(SourceWriter w, KernelIr kernel, int bits)
        => EmitCompressedDotSimd(w, kernel, bits, "rowPointers", "columnIndices");

    /// <summary>
    /// y[i] = combine(sum over the compressed line i of values[j] * x[indices[j]]) for i in [start, end): one line per
    /// output, vectorised along the line (two accumulators, gathered x). CSR rows for y = A * x, CSC columns for y = A' * x.
    /// Lines shorter than two vectors take a scalar loop: on the 5-point Laplacian (W2, AVX2 machine) 1.18x faster than
    /// one gather plus a horizontal sum; W1's 16-long lines keep the vector loop.
    /// </summary>
    internal static void EmitCompressedDotSimd(SourceWriter w, KernelIr kernel, int bits, string pointers, string indices)
    {
        string t = ElementType(kernel);
        string vector = VectorType(kernel, bits);
        string api = $"{Rt.Vector(bits)}";
        int lanes = Lanes(kernel, bits);
        using (w.Open("for (int i = start; i < end; i++)"))
        {
            w.Line($"int j = {pointers}[i];");
            w.Line($"int rowEnd = {pointers}[i + 1];");
            using (w.Open($"if (rowEnd - j < {2 * lanes})"))
            {
                w.Line("// a line shorter than two vectors: scalar loads beat gathers plus a horizontal sum");
                w.Line($"{t} scalar0 = {Zero(kernel)};");
                w.Line($"{t} scalar1 = {Zero(kernel)};");
                using (w.Open("for (; j <= rowEnd - 2; j += 2)"))
                {
                    w.Line($"scalar0 += values[j] * x[{indices}[j]];");
                    w.Line($"scalar1 += values[j + 1] * x[{indices}[j + 1]];");
                }
                using (w.Open("if (j < rowEnd)"))
                    w.Line($"scalar0 += values[j] * x[{indices}[j]];");
                w.Line($"{t} shortSum = scalar0 + scalar1;");
                w.Line($"y[i] = {Combine(kernel, "shortSum", "y[i]")};");
                w.Line("continue;");
            }
            w.Line($"{vector} sum0 = {vector}.Zero;");
            w.Line($"{vector} sum1 = {vector}.Zero;");
            using (w.Open($"for (; j <= rowEnd - {2 * lanes}; j += {2 * lanes})"))
            {
                EmitGather(w, kernel, bits, "x0", 0, indices);
                EmitGather(w, kernel, bits, "x1", lanes, indices);
                w.Line($"sum0 = {api}.MultiplyAddEstimate({api}.Load(values + j), x0, sum0);");
                w.Line($"sum1 = {api}.MultiplyAddEstimate({api}.Load(values + j + {lanes}), x1, sum1);");
            }
            using (w.Open($"if (j <= rowEnd - {lanes})"))
            {
                EmitGather(w, kernel, bits, "x0", 0, indices);
                w.Line($"sum0 = {api}.MultiplyAddEstimate({api}.Load(values + j), x0, sum0);");
                w.Line($"j += {lanes};");
            }
            w.Line($"{t} sum = {api}.Sum(sum0 + sum1);");
            using (w.Open("for (; j < rowEnd; j++)"))
                w.Line($"sum += values[j] * x[{indices}[j]];");
            w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
        }
    }

    /// <summary>
    /// <c>{vector} name = x[columnIndices[at .. at + lanes]]</c>: AVX2 hardware gathers when present (512-bit
    /// vectors from two 256-bit gathers: .NET has no AVX-512 gather), else element-wise loads.
    /// Index loads read exactly the lanes' indices, never past the row.
    /// </summary>
    private static void EmitGather(SourceWriter w, KernelIr kernel, int bits, string name, int offset, string indices)
    {
        bool f32 = ScalarTypeNames.LaneBits(kernel.Matrix.Storage.Element) == 32;
        int lanes = Lanes(kernel, bits);
        string scale = f32 ? "4" : "8";
        string Index(int o) => o + offset == 0 ? "j" : $"j + {o + offset}";
        string Offset(int o) => $"{indices} + {Index(o)}";
        string hardware = (f32, bits) switch
        {
            (false, 512) => $"{Rt.Vector512}.Create({Rt.Avx2}.GatherVector256(x, {Rt.Vector128}.Load({Offset(0)}), {scale}), {Rt.Avx2}.GatherVector256(x, {Rt.Vector128}.Load({Offset(4)}), {scale}))",
            (false, 256) => $"{Rt.Avx2}.GatherVector256(x, {Rt.Vector128}.Load({Offset(0)}), {scale})",
            (false, _) => $"{Rt.Avx2}.GatherVector128(x, {Rt.Vector128}.CreateScalar(*(long*)({Offset(0)})).AsInt32(), {scale})",
            (true, 512) => $"{Rt.Vector512}.Create({Rt.Avx2}.GatherVector256(x, {Rt.Vector256}.Load({Offset(0)}), {scale}), {Rt.Avx2}.GatherVector256(x, {Rt.Vector256}.Load({Offset(8)}), {scale}))",
            (true, 256) => $"{Rt.Avx2}.GatherVector256(x, {Rt.Vector256}.Load({Offset(0)}), {scale})",
            (true, _) => $"{Rt.Avx2}.GatherVector128(x, {Rt.Vector128}.Load({Offset(0)}), {scale})",
        };
        string Element(int o) => $"x[{indices}[{Index(o)}]]";
        string portable = $"{Rt.Vector(bits)}.Create({string.Join(", ", Enumerable.Range(0, lanes).Select(Element))})";
        w.Line($"{VectorType(kernel, bits)} {name} = {Rt.Avx2}.IsSupported");
        w.PushIndent();
        w.Line($"? {hardware}");
        w.Line($": {portable};");
        w.PopIndent();
    }

    private static void EmitMatMatSimd(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        string vector = VectorType(kernel, bits);
        string api = $"{Rt.Vector(bits)}";
        int lanes = Lanes(kernel, bits);
        DeclareVectorScalars(w, kernel, bits);
        using (w.Open("for (int i = start; i < end; i++)"))
        {
            w.Line($"{t}* yRow = y + (long)i * k;");
            w.Line("int rowStart = rowPointers[i];");
            w.Line("int rowEnd = rowPointers[i + 1];");
            w.Line("int c = 0;");
            using (w.Open($"for (; c <= k - {lanes}; c += {lanes})"))
            {
                w.Line($"{vector} sum = {vector}.Zero;");
                using (w.Open("for (int j = rowStart; j < rowEnd; j++)"))
                    w.Line($"sum = {api}.MultiplyAddEstimate({api}.Create(values[j]), {api}.Load(x + (long)columnIndices[j] * k + c), sum);");
                w.Line($"{api}.Store({CombineVector(kernel, "sum", $"{api}.Load(yRow + c)")}, yRow + c);");
            }
            using (w.Open("for (; c < k; c++)"))
            {
                w.Line($"{t} sum = {Zero(kernel)};");
                using (w.Open("for (int j = rowStart; j < rowEnd; j++)"))
                    w.Line("sum += values[j] * x[(long)columnIndices[j] * k + c];");
                w.Line($"yRow[c] = {Combine(kernel, "sum", "yRow[c]")};");
            }
        }
    }
}
