using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.IR;
using SparseDsl.Tests.Generator;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>N:M kernels of Specs/NmKernels.sparse (the W4 shapes of Benchmarks.sparse are the same kernels).</summary>
public class NmKernelsTests
{
    internal static SpecIr Spec() => FormatKernelHarness.CorpusSpec("NmKernels.sparse");

    private static readonly Lazy<Type> Kernels = new(() => FormatKernelHarness.Compile(Spec(), "CorpusNm"));

    /// <summary>
    /// A random N:M matrix: every group of M columns holds 0..N nonzeros (empty groups and rows included). Unused
    /// slots hold value 0 and index M - 1, which in a group cut short by the matrix edge points past the last column.
    /// </summary>
    internal static (TestMatrix Matrix, int[] SlotColumns, double[] SlotValues) Random(int rows, int columns, int n, int m, int seed)
    {
        var rng = new Random(seed);
        int groups = (columns + m - 1) / m;
        var slotColumns = new int[rows * groups * n];
        var slotValues = new double[slotColumns.Length];
        var entries = new List<(int, int, double)>();
        for (int r = 0; r < rows; r++)
            for (int g = 0; g < groups; g++)
            {
                int width = Math.Min(m, columns - g * m);
                int used = r % 5 == 3 ? 0 : rng.Next(Math.Min(n, width) + 1);
                var inGroup = Enumerable.Range(0, width).OrderBy(_ => rng.Next()).Take(used).OrderBy(c => c).ToArray();
                for (int s = 0; s < n; s++)
                {
                    int p = (r * groups + g) * n + s;
                    if (s < used)
                    {
                        double v = KernelTestData.RandomValue(rng);
                        slotColumns[p] = inGroup[s];
                        slotValues[p] = v;
                        entries.Add((r, g * m + inGroup[s], v));
                    }
                    else slotColumns[p] = m - 1;
                }
            }
        return (new TestMatrix($"n:m {n}:{m} {rows}x{columns}", rows, columns, entries), slotColumns, slotValues);
    }

    internal static NmMatrix<T> ToNm<T>(TestMatrix matrix, int[] slotColumns, double[] slotValues, int n, int m) where T : unmanaged, INumber<T>
        => new(matrix.Rows, matrix.Columns, n, m, KernelTestData.Cast<T>(slotValues), slotColumns.Select(c => (byte)c).ToArray());

    internal static IEnumerable<(int Rows, int Columns)> Shapes()
    {
        yield return (0, 0);
        yield return (0, 9);
        yield return (4, 0);
        yield return (1, 1);
        yield return (1, 3);
        yield return (3, 4);
        yield return (5, 7);
        yield return (17, 33);
        yield return (40, 64);
        yield return (9, 1030);  // very wide, not a multiple of M
        yield return (300, 13);  // tall
    }

    private static void CheckMatVec<T>(string kernel, int n, int m, bool transposed, bool alphaBeta) where T : unmanaged, INumber<T>
    {
        var type = Kernels.Value;
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var (rows, columns) in Shapes())
            {
                var (matrix, slots, values) = Random(rows, columns, n, m, seed: rows * 31 + columns);
                var a = ToNm<T>(matrix, slots, values, n, m);
                string context = $"{kernel} {matrix} {threads}";
                if (alphaBeta)
                {
                    var f = FormatKernelHarness.Method<FormatKernelHarness.MatVecAlphaBeta<NmMatrix<T>, T>>(type, kernel);
                    FormatKernelHarness.CheckMatVec<T>(matrix, transposed, context, (x, y, alpha, beta) => f(a, x, y, alpha, beta), alphaBeta: true);
                }
                else
                {
                    var f = FormatKernelHarness.Method<FormatKernelHarness.MatVec<NmMatrix<T>, T>>(type, kernel);
                    FormatKernelHarness.CheckMatVec<T>(matrix, transposed, context, (x, y, _, _) => f(a, x, y), alphaBeta: false);
                }
            }
        });
    }

    private static void CheckMatMat<T>(string kernel, int n, int m, bool alphaBeta) where T : unmanaged, INumber<T>
    {
        var type = Kernels.Value;
        var method = type.Kernel(kernel);
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var (rows, columns) in Shapes().Where(s => (long)s.Rows * s.Columns <= 5000))
            {
                var (matrix, slots, values) = Random(rows, columns, n, m, seed: rows * 17 + columns);
                var a = ToNm<T>(matrix, slots, values, n, m);
                foreach (int k in FormatKernelHarness.MatMatColumns.Append(130))
                    FormatKernelHarness.CheckMatMat<T>(matrix, k, $"{kernel} {matrix} {threads}",
                        (x, y, alpha, beta) => method.Invoke(null, alphaBeta ? new object[] { a, x, y, alpha, beta } : new object[] { a, x, y }), alphaBeta);
            }
        });
    }

    [Fact] public void Nm24SpmvMatchesDenseReference() => CheckMatVec<float>("Nm24Spmv", 2, 4, transposed: false, alphaBeta: false);
    [Fact] public void Nm24AxpbyF64MatchesDenseReference() => CheckMatVec<double>("Nm24AxpbyF64", 2, 4, transposed: false, alphaBeta: true);
    [Fact] public void Nm24SpmvTMatchesDenseReference() => CheckMatVec<float>("Nm24SpmvT", 2, 4, transposed: true, alphaBeta: false);
    [Fact] public void Nm14SpmvMatchesDenseReference() => CheckMatVec<float>("Nm14Spmv", 1, 4, transposed: false, alphaBeta: false);
    [Fact] public void Nm24ProjectMatchesDenseReference() => CheckMatMat<float>("Nm24Project", 2, 4, alphaBeta: false);
    [Fact] public void Nm24ProjectF64MatchesDenseReference() => CheckMatMat<double>("Nm24ProjectF64", 2, 4, alphaBeta: true);
    [Fact] public void Nm14ProjectMatchesDenseReference() => CheckMatMat<float>("Nm14Project", 1, 4, alphaBeta: false);

    [Fact]
    public void ProjectSpansSeveralGroupBlocks()
    {
        // 512 KiB / (4 * 600 * 8 B) = 54 groups per block: 300 columns = 75 groups cross a block boundary.
        var method = Kernels.Value.Kernel("Nm24ProjectF64");
        var (matrix, slots, values) = Random(6, 300, 2, 4, seed: 5);
        var a = ToNm<double>(matrix, slots, values, 2, 4);
        FormatKernelHarness.CheckMatMat<double>(matrix, 600, "Nm24ProjectF64 block boundary",
            (x, y, alpha, beta) => method.Invoke(null, new object[] { a, x, y, alpha, beta }), alphaBeta: true);
    }

    [Fact]
    public void MismatchedSparsityIsRejected()
    {
        var spmv = FormatKernelHarness.Method<FormatKernelHarness.MatVec<NmMatrix<float>, float>>(Kernels.Value, "Nm24Spmv");
        var (matrix, slots, values) = Random(4, 8, 1, 4, seed: 1);
        var a = ToNm<float>(matrix, slots, values, 1, 4);
        FormatKernelHarness.AssertShapeMismatch(() => spmv(a, new float[8], new float[4]), "Nm24Spmv", "1:4", "2:4");
    }

    [Fact]
    public void GeneratedCodeUnrollsTheSlots()
    {
        string source = SpecEmitter.Emit(Spec(), "Specs/NmKernels.sparse").Source;
        Assert.Contains("// 2:4 group: 2 slots, unrolled", source);
        Assert.Contains("sum += (values[p] != 0f ? values[p] * xGroup[indices[p]] : 0f) + (values[p + 1] != 0f ? values[p + 1] * xGroup[indices[p + 1]] : 0f);", source);
        Assert.Contains("but the spec declares 2:4", source);
    }
}
