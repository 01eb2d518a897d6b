using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.Cpu.VectorTerms;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// SELL-C-σ with a literal slice height C (<c>sell&lt;T&gt;(slice: C, sort: σ)</c>).
/// y = A * x: slices split evenly; SIMD keeps the C rows of a slice in C / lanes vectors (one lane per row),
/// loads a slice column of values contiguously and gathers x; results go back through the row permutation.
/// Y = A * X: slices split evenly, SIMD across the columns of X. y = A' * x: single-threaded scalar scatter.
/// Padding (entries of a lane past its row length) never takes part in the arithmetic: the scalar paths stop at each
/// lane's length; the SIMD path runs unmasked up to the slice's shortest row and masks each lane by its length after.
/// </summary>
public sealed class SellFormatKernels : FormatKernels
{
    public override FormatKind Kind => FormatKind.Sell;

    public override (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX) => kernel.Action switch
    {
        KernelAction.ApplyTransposed => (WorkSplitKind.SingleThreaded, $"{matrix}.SliceCount", "0"),
        KernelAction.ApplyToBlock => (WorkSplitKind.Uniform, $"{matrix}.SliceCount", $"(long){matrix}.Values.Length * {columnsOfX}"),
        _ => (WorkSplitKind.Uniform, $"{matrix}.SliceCount", $"(long){matrix}.Values.Length"),
    };

    public override bool CanSpecialize(KernelIr kernel) => Storage(kernel).SliceHeight > 0;

    public override bool HasSimd(KernelIr kernel) => SimdWidths(kernel).Count > 0;

    /// <summary>MatVec: widths whose lanes tile a slice (C a multiple of the lanes). MatMat: every width.</summary>
    public override IReadOnlyList<int> SimdWidths(KernelIr kernel) => kernel.Action switch
    {
        KernelAction.Apply when CanSpecialize(kernel) => new[] { 512, 256, 128 }.Where(bits => Storage(kernel).SliceHeight % Lanes(kernel, bits) == 0).ToArray(),
        KernelAction.ApplyToBlock when CanSpecialize(kernel) => new[] { 512, 256, 128 },
        _ => new int[0],
    };

    public override void EmitScalar(SourceWriter w, KernelIr kernel)
    {
        using (w.Open())
        {
            switch (kernel.Action)
            {
                case KernelAction.Apply: EmitMatVecScalar(w, kernel); break;
                case KernelAction.ApplyTransposed: EmitTransposed(w, kernel); break;
                default: EmitMatMat(w, kernel, 0); break;
            }
        }
    }

    public override void EmitSimd(SourceWriter w, KernelIr kernel, int vectorBits)
    {
        if (kernel.Action == KernelAction.Apply) EmitMatVecSimd(w, kernel, vectorBits);
        else EmitMatMat(w, kernel, vectorBits);
        w.Line("return;");
    }

    /// <summary>
    /// Writes lane sums back to their rows: lane l of slice s is row rowPermutation[s * C + l]; lanes past the
    /// permutation or holding an index past the rows are padding.
    /// </summary>
    private static void EmitWriteBack(SourceWriter w, KernelIr kernel)
    {
        int c = Storage(kernel).SliceHeight;
        using (w.Open($"for (int lane = 0; lane < {c}; lane++)"))
        {
            w.Line($"int slot = s * {c} + lane;");
            w.Line("if (slot >= permutationLength) break;");
            w.Line("int row = rowPermutation[slot];");
            w.Line("if ((uint)row >= (uint)rows) continue; // padding lane");
            w.Line($"y[row] = {Combine(kernel, "sums[lane]", "y[row]")};");
        }
    }

    private static void DeclareCommon(SourceWriter w, KernelIr kernel, bool sums)
    {
        w.Line("int rows = a.Rows;");
        w.Line("int permutationLength = a.RowPermutation.Length;");
        if (sums) w.Line($"{ElementType(kernel)}* sums = stackalloc {ElementType(kernel)}[{Storage(kernel).SliceHeight}];");
    }

    private static void EmitMatVecScalar(SourceWriter w, KernelIr kernel)
    {
        int c = Storage(kernel).SliceHeight;
        DeclareCommon(w, kernel, sums: true);
        using (w.Open("for (int s = start; s < end; s++)"))
        {
            w.Line("long p0 = sliceOffsets[s];");
            using (w.Open($"for (int lane = 0; lane < {c}; lane++)"))
            {
                w.Line($"// the lane's own entries only: padding past its row length is never read");
                w.Line($"{ElementType(kernel)} sum = {Zero(kernel)};");
                w.Line($"long pEnd = p0 + lane + (long)rowLengths[(long)s * {c} + lane] * {c};");
                w.Line($"for (long p = p0 + lane; p < pEnd; p += {c}) sum += values[p] * x[columnIndices[p]];");
                w.Line("sums[lane] = sum;");
            }
            EmitWriteBack(w, kernel);
        }
    }

    private static void EmitMatVecSimd(SourceWriter w, KernelIr kernel, int bits)
    {
        int c = Storage(kernel).SliceHeight;
        int lanes = Lanes(kernel, bits);
        int vectors = c / lanes;
        // One vector per slice: two accumulator sets over alternate slice columns hide the FMA latency.
        bool twoSets = vectors == 1;
        string api = $"{Rt.Vector(bits)}";
        string vector = VectorType(kernel, bits);
        DeclareCommon(w, kernel, sums: true);
        bool f32 = ScalarTypeNames.LaneBits(kernel.Matrix.Storage.Element) == 32;
        string lengthVector = f32 ? $"{Rt.Vector(bits)}<int>" : $"{Rt.Vector(bits)}<long>";
        string mask = f32 ? "AsSingle" : "AsDouble";
        using (w.Open("for (int s = start; s < end; s++)"))
        {
            w.Line("long p = sliceOffsets[s];");
            w.Line("int width = sliceWidths[s];");
            w.Line($"int* lengths = rowLengths + (long)s * {c};");
            w.Line("int full = width; // slice columns every lane holds: no padding before them");
            w.Line($"for (int lane = 0; lane < {c}; lane++) full = {Rt.Math}.Min(full, lengths[lane]);");
            var accumulators = Enumerable.Range(0, vectors).Select(v => $"sum{v}").ToList();
            if (twoSets) accumulators.Add("sumOdd");
            w.Line($"{vector} {string.Join(", ", accumulators.Select(a => $"{a} = {vector}.Zero"))};");
            w.Line("int j = 0;");
            if (twoSets)
            {
                using (w.Open($"for (; j <= full - 2; j += 2, p += {2 * c})"))
                {
                    w.Line($"// slice columns j and j + 1: {c} rows in one vector each");
                    EmitGather(w, kernel, bits, "x0", 0);
                    EmitGather(w, kernel, bits, "x1", c);
                    w.Line($"sum0 = {api}.MultiplyAddEstimate({api}.Load(values + p), x0, sum0);");
                    w.Line($"sumOdd = {api}.MultiplyAddEstimate({api}.Load(values + p + {c}), x1, sumOdd);");
                }
            }
            using (w.Open(twoSets ? "if (j < full)" : $"for (; j < full; j++, p += {c})"))
            {
                w.Line($"// slice column j: {c} rows in {vectors} vector{(vectors == 1 ? "" : "s")} of {lanes} lanes");
                for (int v = 0; v < vectors; v++)
                {
                    string at = v == 0 ? "p" : $"p + {v * lanes}";
                    EmitGather(w, kernel, bits, $"x{v}", v * lanes);
                    w.Line($"sum{v} = {api}.MultiplyAddEstimate({api}.Load(values + {at}), x{v}, sum{v});");
                }
            }
            if (twoSets) w.Line($"if (j < full) {{ j++; p += {c}; }}");
            using (w.Open("if (j < width)"))
            {
                w.Line("// slice columns past the shortest row: each lane's sum changes only inside its row length");
                for (int v = 0; v < vectors; v++)
                {
                    string elements = string.Join(", ", Enumerable.Range(0, lanes).Select(l => f32 ? $"lengths[{v * lanes + l}]" : $"(long)lengths[{v * lanes + l}]"));
                    w.Line($"{lengthVector} length{v} = {api}.Create({elements});");
                }
                using (w.Open($"for (; j < width; j++, p += {c})"))
                {
                    w.Line($"{lengthVector} column = {api}.Create({(f32 ? "j" : "(long)j")});");
                    for (int v = 0; v < vectors; v++)
                    {
                        string at = v == 0 ? "p" : $"p + {v * lanes}";
                        EmitGather(w, kernel, bits, $"x{v}", v * lanes);
                        w.Line($"sum{v} = {api}.ConditionalSelect({api}.LessThan(column, length{v}).{mask}(), {api}.MultiplyAddEstimate({api}.Load(values + {at}), x{v}, sum{v}), sum{v});");
                    }
                }
            }
            if (twoSets) w.Line("sum0 += sumOdd;");
            for (int v = 0; v < vectors; v++)
                w.Line($"{api}.Store(sum{v}, sums{(v == 0 ? "" : $" + {v * lanes}")});");
            EmitWriteBack(w, kernel);
        }
    }

    /// <summary>
    /// <c>{vector} name = x[columnIndices[p + at .. p + at + lanes]]</c>: AVX2 hardware gathers where present (a 512-bit
    /// vector from two 256-bit gathers: .NET exposes no AVX-512 gather), else element-wise loads.
    /// </summary>
    private static void EmitGather(SourceWriter w, KernelIr kernel, int bits, string name, int at)
    {
        bool f32 = ScalarTypeNames.LaneBits(kernel.Matrix.Storage.Element) == 32;
        int lanes = Lanes(kernel, bits);
        string scale = f32 ? "4" : "8";
        string Position(int o) => o + at == 0 ? "p" : $"p + {o + at}";
        string Offset(int o) => $"columnIndices + {Position(o)}";
        string hardware = (f32, bits) switch
        {
            (false, 512) => $"{Rt.Vector512}.Create({Rt.Avx2}.GatherVector256(x, {Rt.Vector128}.Load({Offset(0)}), {scale}), {Rt.Avx2}.GatherVector256(x, {Rt.Vector128}.Load({Offset(4)}), {scale}))",
            (false, 256) => $"{Rt.Avx2}.GatherVector256(x, {Rt.Vector128}.Load({Offset(0)}), {scale})",
            (false, _) => $"{Rt.Avx2}.GatherVector128(x, {Rt.Vector128}.CreateScalar(*(long*)({Offset(0)})).AsInt32(), {scale})",
            (true, 512) => $"{Rt.Vector512}.Create({Rt.Avx2}.GatherVector256(x, {Rt.Vector256}.Load({Offset(0)}), {scale}), {Rt.Avx2}.GatherVector256(x, {Rt.Vector256}.Load({Offset(8)}), {scale}))",
            (true, 256) => $"{Rt.Avx2}.GatherVector256(x, {Rt.Vector256}.Load({Offset(0)}), {scale})",
            (true, _) => $"{Rt.Avx2}.GatherVector128(x, {Rt.Vector128}.Load({Offset(0)}), {scale})",
        };
        string Element(int o) => $"x[columnIndices[{Position(o)}]]";
        w.Line($"{VectorType(kernel, bits)} {name} = {Rt.Avx2}.IsSupported");
        w.PushIndent();
        w.Line($"? {hardware}");
        w.Line($": {Rt.Vector(bits)}.Create({string.Join(", ", Enumerable.Range(0, lanes).Select(Element))});");
        w.PopIndent();
    }

    private static void EmitTransposed(SourceWriter w, KernelIr kernel)
    {
        string t = ElementType(kernel);
        int c = Storage(kernel).SliceHeight;
        DeclareCommon(w, kernel, sums: false);
        if (PrescaleOutput(kernel, "y[column]") is string prescale)
        {
            using (w.Open("for (int column = 0; column < a.Columns; column++)"))
                w.Line(prescale);
        }
        using (w.Open("for (int s = start; s < end; s++)"))
        {
            w.Line("long p0 = sliceOffsets[s];");
            using (w.Open($"for (int lane = 0; lane < {c}; lane++)"))
            {
                w.Line($"int slot = s * {c} + lane;");
                w.Line("if (slot >= permutationLength) break;");
                w.Line("int row = rowPermutation[slot];");
                w.Line("if ((uint)row >= (uint)rows) continue; // padding lane");
                w.Line($"{t} xi = {Scale(kernel, "x[row]")};");
                w.Line($"long pEnd = p0 + lane + (long)rowLengths[slot] * {c}; // padding past the row length is never read");
                w.Line($"for (long p = p0 + lane; p < pEnd; p += {c}) y[columnIndices[p]] += values[p] * xi;");
            }
        }
    }

    /// <summary>Y = A * X: per row of a slice, per chunk of X's columns; <paramref name="bits"/> = 0 for the scalar path.</summary>
    private static void EmitMatMat(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        int c = Storage(kernel).SliceHeight;
        DeclareCommon(w, kernel, sums: false);
        if (bits != 0) DeclareVectorScalars(w, kernel, bits);
        using (w.Open("for (int s = start; s < end; s++)"))
        {
            w.Line("long p0 = sliceOffsets[s];");
            using (w.Open($"for (int lane = 0; lane < {c}; lane++)"))
            {
                w.Line($"int slot = s * {c} + lane;");
                w.Line("if (slot >= permutationLength) break;");
                w.Line("int row = rowPermutation[slot];");
                w.Line("if ((uint)row >= (uint)rows) continue; // padding lane");
                w.Line($"{t}* yRow = y + (long)row * k;");
                w.Line($"long pEnd = p0 + lane + (long)rowLengths[slot] * {c}; // padding past the row length is never read");
                w.Line("int col = 0;");
                if (bits != 0)
                {
                    string api = $"{Rt.Vector(bits)}";
                    int lanes = Lanes(kernel, bits);
                    using (w.Open($"for (; col <= k - {lanes}; col += {lanes})"))
                    {
                        w.Line($"{VectorType(kernel, bits)} sum = {VectorType(kernel, bits)}.Zero;");
                        w.Line($"for (long p = p0 + lane; p < pEnd; p += {c}) sum = {api}.MultiplyAddEstimate({api}.Create(values[p]), {api}.Load(x + (long)columnIndices[p] * k + col), sum);");
                        w.Line($"{api}.Store({CombineVector(kernel, "sum", $"{api}.Load(yRow + col)")}, yRow + col);");
                    }
                }
                using (w.Open("for (; col < k; col++)"))
                {
                    w.Line($"{t} sum = {Zero(kernel)};");
                    w.Line($"for (long p = p0 + lane; p < pEnd; p += {c}) sum += values[p] * x[(long)columnIndices[p] * k + col];");
                    w.Line($"yRow[col] = {Combine(kernel, "sum", "yRow[col]")};");
                }
            }
        }
    }

    /// <summary>The kernel's storage record (this emitter is registered for its kind only).</summary>
    private static SellStorage Storage(KernelIr kernel) => (SellStorage)kernel.Matrix.Storage;
}
