using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.Cpu.VectorTerms;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// N:M semi-structured sparsity with literal N and M (<c>nm&lt;T&gt;(N:M)</c>): the N slots of a group are unrolled.
/// A group whose columns run past the matrix (Columns not a multiple of M) is handled apart, with its columns checked.
/// An unused slot (value 0) never takes part in the arithmetic — a product with it is replaced by 0 (scalar), or
/// its slot is skipped (Y = W * X) — so an Inf or NaN in x at a column a row never touches stays out of that row.
/// y = W * x: rows split evenly. y = W' * x: single-threaded scatter.
/// Y = W * X (the sparse-times-dense workload): rows split evenly; SIMD keeps up to 8 vectors of one row of Y in
/// registers; W's groups are walked in blocks whose rows of X stay in L1, for tiles of rows whose rows of Y stay in L2.
/// </summary>
public sealed class NmFormatKernels : FormatKernels
{
    /// <summary>
    /// Bytes of X one block of groups may touch: 32 KiB fits the L1 data cache of Zen 3/4 and most Intel cores
    /// (48 KiB on Zen 5). W4 f64 on a Zen 3 (AVX2) machine: 48 KiB overflowed L1 and ran ~5 % slower.
    /// </summary>
    private const int GroupBlockBytes = 32 * 1024;

    /// <summary>Rows of Y revisited for every block of groups (256 rows x 64 doubles = 128 KiB of L2).</summary>
    private const int RowTile = 256;

    public override FormatKind Kind => FormatKind.NM;

    public override (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX)
    {
        int n = Storage(kernel).GroupNonzeros;
        return kernel.Action switch
        {
            KernelAction.ApplyTransposed => (WorkSplitKind.SingleThreaded, $"{matrix}.Rows", "0"),
            KernelAction.ApplyToBlock => (WorkSplitKind.Uniform, $"{matrix}.Rows", $"(long){matrix}.Rows * {matrix}.GroupsPerRow * {n} * {columnsOfX}"),
            _ => (WorkSplitKind.Uniform, $"{matrix}.Rows", $"(long){matrix}.Rows * {matrix}.GroupsPerRow * {n}"),
        };
    }

    public override bool CanSpecialize(KernelIr kernel) => Storage(kernel).GroupNonzeros > 0 && Storage(kernel).GroupSize >= Storage(kernel).GroupNonzeros;

    public override bool HasSimd(KernelIr kernel) => SimdWidths(kernel).Count > 0;

    /// <summary>
    /// Y = W * X: every width. y = W * x stays scalar: AVX2 gathers of whole groups measured slower than the
    /// unrolled scalar loop (8.6 vs 5.5 ms for 4096x4096 2:4 f32; the kernel is bound by streaming W).
    /// y = W' * x: scalar scatter.
    /// </summary>
    public override IReadOnlyList<int> SimdWidths(KernelIr kernel)
        => CanSpecialize(kernel) && kernel.Action == KernelAction.ApplyToBlock ? new[] { 512, 256, 128 } : new int[0];

    private static string GroupText(KernelIr kernel) => $"{Storage(kernel).GroupNonzeros}:{Storage(kernel).GroupSize} group";

    public override void EmitScalar(SourceWriter w, KernelIr kernel)
    {
        using (w.Open())
        {
            switch (kernel.Action)
            {
                case KernelAction.Apply: EmitMatVec(w, kernel); break;
                case KernelAction.ApplyTransposed: EmitTransposed(w, kernel); break;
                default: EmitMatMatScalar(w, kernel); break;
            }
        }
    }

    private static void DeclareGroups(SourceWriter w, KernelIr kernel)
    {
        int m = Storage(kernel).GroupSize;
        w.Line("int groups = a.GroupsPerRow;");
        w.Line($"int fullGroups = a.Columns / {m}; // groups whose {m} columns all lie inside the matrix");
    }

    private static void EmitMatVec(SourceWriter w, KernelIr kernel)
    {
        string t = ElementType(kernel);
        int n = Storage(kernel).GroupNonzeros, m = Storage(kernel).GroupSize;
        DeclareGroups(w, kernel);
        using (w.Open("for (int i = start; i < end; i++)"))
        {
            w.Line($"{t} sum = {Zero(kernel)};");
            w.Line($"long p = (long)i * groups * {n};");
            using (w.Open($"for (int g = 0; g < fullGroups; g++, p += {n})"))
            {
                w.Line($"{t}* xGroup = x + g * {m};");
                w.Line($"// {GroupText(kernel)}: {n} slots, unrolled");
                w.Line($"sum += {string.Join(" + ", Enumerable.Range(0, n).Select(s => Product(kernel, $"values[p{Plus(s)}]", $"xGroup[indices[p{Plus(s)}]]")))};");
            }
            EmitLastGroup(w, kernel);
            w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
        }
    }

    private static void EmitTransposed(SourceWriter w, KernelIr kernel)
    {
        string t = ElementType(kernel);
        int n = Storage(kernel).GroupNonzeros, m = Storage(kernel).GroupSize;
        DeclareGroups(w, kernel);
        if (PrescaleOutput(kernel, "y[c]") is string prescale)
        {
            using (w.Open("for (int c = 0; c < a.Columns; c++)"))
                w.Line(prescale);
        }
        using (w.Open("for (int i = start; i < end; i++)"))
        {
            w.Line($"{t} xi = {Scale(kernel, "x[i]")};");
            w.Line($"long p = (long)i * groups * {n};");
            using (w.Open($"for (int g = 0; g < fullGroups; g++, p += {n})"))
            {
                w.Line($"{t}* yGroup = y + g * {m};");
                w.Line($"// {GroupText(kernel)}: {n} slots, unrolled");
                for (int s = 0; s < n; s++)
                    w.Line($"if (values[p{Plus(s)}] != {Zero(kernel)}) yGroup[indices[p{Plus(s)}]] += values[p{Plus(s)}] * xi;");
            }
            using (w.Open("if (fullGroups < groups)"))
            {
                w.Line("// last group, cut short by the matrix edge: skip slots past it");
                using (w.Open($"for (int s = 0; s < {n}; s++)"))
                {
                    w.Line($"int column = fullGroups * {m} + indices[p + s];");
                    w.Line($"if (column < a.Columns && values[p + s] != {Zero(kernel)}) y[column] += values[p + s] * xi;");
                }
            }
        }
    }

    /// <summary>Prepares the output rows [start, end) before products accumulate into them.</summary>
    private static void EmitPrepareRows(SourceWriter w, KernelIr kernel)
    {
        string prescale = PrescaleOutput(kernel, "y[e]") ?? "";
        if (prescale.Length == 0) return;
        w.Line("// the output rows are prepared once; every block of groups then adds into them");
        using (w.Open("for (long e = (long)start * k; e < (long)end * k; e++)"))
            w.Line(prescale);
    }

    private static void EmitMatMatScalar(SourceWriter w, KernelIr kernel)
    {
        string t = ElementType(kernel);
        int n = Storage(kernel).GroupNonzeros, m = Storage(kernel).GroupSize;
        DeclareGroups(w, kernel);
        EmitPrepareRows(w, kernel);
        using (w.Open("for (int i = start; i < end; i++)"))
        {
            w.Line($"{t}* yRow = y + (long)i * k;");
            w.Line($"long p = (long)i * groups * {n};");
            using (w.Open($"for (int g = 0; g < groups; g++, p += {n})"))
            {
                w.Line($"// {GroupText(kernel)}: {n} slots");
                using (w.Open($"for (int s = 0; s < {n}; s++)"))
                {
                    w.Line($"int column = g * {m} + indices[p + s];");
                    w.Line($"if (column >= a.Columns || values[p + s] == {Zero(kernel)}) continue; // slot of the last group past the matrix edge, or unused");
                    w.Line($"{t} weight = {Scale(kernel, "values[p + s]")};");
                    w.Line($"{t}* xRow = x + (long)column * k;");
                    using (w.Open("for (int c = 0; c < k; c++)"))
                        w.Line("yRow[c] += weight * xRow[c];");
                }
            }
        }
    }

    private static void EmitLastGroup(SourceWriter w, KernelIr kernel)
    {
        int n = Storage(kernel).GroupNonzeros, m = Storage(kernel).GroupSize;
        using (w.Open("if (fullGroups < groups)"))
        {
            w.Line("// last group, cut short by the matrix edge: skip slots past it");
            using (w.Open($"for (int s = 0; s < {n}; s++)"))
            {
                w.Line($"int column = fullGroups * {m} + indices[p + s];");
                w.Line($"if (column < a.Columns && values[p + s] != {Zero(kernel)}) sum += values[p + s] * x[column];");
            }
        }
    }

    public override void EmitSimd(SourceWriter w, KernelIr kernel, int vectorBits)
    {
        string t = ElementType(kernel);
        int n = Storage(kernel).GroupNonzeros, m = Storage(kernel).GroupSize;
        int lanes = Lanes(kernel, vectorBits);
        string api = $"{Rt.Vector(vectorBits)}";
        string vector = VectorType(kernel, vectorBits);
        DeclareGroups(w, kernel);
        EmitPrepareRows(w, kernel);
        w.Line($"// blocks of groups whose rows of X ({m} x k values per group) stay in L1 ({GroupBlockBytes / 1024} KiB),");
        w.Line($"// revisited by tiles of {RowTile} rows whose rows of Y stay in L2");
        w.Line($"int groupBlock = (int){Rt.Math}.Max(1L, {GroupBlockBytes}L / {Rt.Math}.Max(1L, (long){m} * k * sizeof({t})));");
        w.Line($"long groupStride = (long){m} * k; // X values between the first rows of consecutive groups");
        using (w.Open($"for (int r0 = start; r0 < end; r0 += {RowTile})"))
        {
            w.Line($"int r1 = {Rt.Math}.Min(end, r0 + {RowTile});");
            using (w.Open("for (int g0 = 0; g0 < fullGroups; g0 += groupBlock)"))
            {
                w.Line($"int g1 = {Rt.Math}.Min(fullGroups, g0 + groupBlock);");
                using (w.Open("for (int i = r0; i < r1; i++)"))
                    EmitRowOfGroupBlock(w, kernel, vectorBits);
            }
        }
        using (w.Open("if (fullGroups < groups)"))
        {
            w.Line("// last group, cut short by the matrix edge: skip slots past it");
            using (w.Open("for (int i = start; i < end; i++)"))
            {
                w.Line($"{t}* yRow = y + (long)i * k;");
                w.Line($"long p = ((long)i * groups + fullGroups) * {n};");
                using (w.Open($"for (int s = 0; s < {n}; s++)"))
                {
                    w.Line($"int column = fullGroups * {m} + indices[p + s];");
                    w.Line($"if (column >= a.Columns || values[p + s] == {Zero(kernel)}) continue; // past the matrix edge, or unused");
                    w.Line($"{t} weight = {Scale(kernel, "values[p + s]")};");
                    w.Line($"{vector} weightVector = {api}.Create(weight);");
                    w.Line($"{t}* xRow = x + (long)column * k;");
                    w.Line("int c = 0;");
                    using (w.Open($"for (; c <= k - {lanes}; c += {lanes})"))
                        w.Line($"{api}.Store({api}.MultiplyAddEstimate(weightVector, {api}.Load(xRow + c), {api}.Load(yRow + c)), yRow + c);");
                    using (w.Open("for (; c < k; c++)"))
                        w.Line("yRow[c] += weight * xRow[c];");
                }
            }
        }
        w.Line("return;");
    }

    /// <summary>Row i of Y += row i of W's groups [g0, g1) times X: the columns of Y in chunks of 8, 4, 1 vectors, then scalars.</summary>
    private static void EmitRowOfGroupBlock(SourceWriter w, KernelIr kernel, int vectorBits)
    {
        string t = ElementType(kernel);
        int n = Storage(kernel).GroupNonzeros, m = Storage(kernel).GroupSize;
        int lanes = Lanes(kernel, vectorBits);
        string api = $"{Rt.Vector(vectorBits)}";
        string vector = VectorType(kernel, vectorBits);
        w.Line($"{t}* yRow = y + (long)i * k;");
        w.Line($"long rowStart = ((long)i * groups + g0) * {n};");
        w.Line("int c = 0;");
        foreach (int accumulators in new[] { 8, 4, 1 })
        {
            int width = accumulators * lanes;
            // 8 vectors as often as they fit, then at most one block of 4, then single vectors
            string header = accumulators == 4 ? $"if (c <= k - {width})" : $"for (; c <= k - {width}; c += {width})";
            w.Line($"// {accumulators} vector{(accumulators == 1 ? "" : "s")} ({width} columns) of the row of Y held in registers");
            using (w.Open(header))
            {
                for (int v = 0; v < accumulators; v++)
                    w.Line($"{vector} sum{v} = {api}.Load(yRow + c{Plus(v * lanes)});");
                w.Line($"{t}* weights = values + rowStart;");
                w.Line("byte* offsets = indices + rowStart;");
                w.Line($"byte* offsetsEnd = offsets + (long)(g1 - g0) * {n};");
                w.Line($"{t}* xGroup = x + (long)g0 * groupStride + c;");
                using (w.Open($"for (; offsets < offsetsEnd; offsets += {n}, weights += {n}, xGroup += groupStride)"))
                {
                    w.Line($"// {GroupText(kernel)}: {n} slots, unrolled");
                    for (int s = 0; s < n; s++)
                    {
                        using (w.Open($"if (weights[{s}] != {Zero(kernel)}) // an unused slot is skipped"))
                        {
                            w.Line($"{vector} weight{s} = {api}.Create({Scale(kernel, $"weights[{s}]")});");
                            w.Line($"{t}* xRow{s} = xGroup + offsets[{s}] * (long)k;");
                            for (int v = 0; v < accumulators; v++)
                                w.Line($"sum{v} = {api}.MultiplyAddEstimate(weight{s}, {api}.Load(xRow{s}{Plus(v * lanes)}), sum{v});");
                        }
                    }
                }
                for (int v = 0; v < accumulators; v++)
                    w.Line($"{api}.Store(sum{v}, yRow + c{Plus(v * lanes)});");
                if (accumulators == 4) w.Line($"c += {width};");
            }
        }
        using (w.Open("for (; c < k; c++)"))
        {
            w.Line($"{t} sum = yRow[c];");
            w.Line("long p = rowStart;");
            using (w.Open($"for (int g = g0; g < g1; g++, p += {n})"))
            {
                w.Line($"{t}* xGroup = x + (long)g * {m} * k + c;");
                w.Line($"sum += {string.Join(" + ", Enumerable.Range(0, n).Select(s => Product(kernel, Scale(kernel, $"values[p{Plus(s)}]"), $"xGroup[indices[p{Plus(s)}] * (long)k]", $"values[p{Plus(s)}]")))};");
            }
            w.Line("yRow[c] = sum;");
        }
    }

    private static string Plus(int offset) => offset == 0 ? "" : $" + {offset}";

    /// <summary><c>(v != 0 ? weight * x : 0)</c>: the product of one slot, 0 for an unused slot whatever x holds.</summary>
    private static string Product(KernelIr kernel, string weight, string x, string? value = null)
        => $"({value ?? weight} != {Zero(kernel)} ? {weight} * {x} : {Zero(kernel)})";

    /// <summary>The kernel's storage record (this emitter is registered for its kind only).</summary>
    private static NmStorage Storage(KernelIr kernel) => (NmStorage)kernel.Matrix.Storage;
}
