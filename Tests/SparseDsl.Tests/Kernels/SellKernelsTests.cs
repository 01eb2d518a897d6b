using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.IR;
using SparseDsl.Tests.Generator;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>SELL-C-σ kernels of Specs/SellKernels.sparse (the W1 SELL kernels of Benchmarks.sparse share their shapes).</summary>
public class SellKernelsTests
{
    internal static SpecIr Spec() => FormatKernelHarness.CorpusSpec("SellKernels.sparse");

    private static readonly Lazy<Type> Kernels = new(() => FormatKernelHarness.Compile(Spec(), "CorpusSell"));

    /// <summary>
    /// SELL-C-σ storage built independently of the runtime: rows sorted by length (descending, stable) inside windows
    /// of σ rows, slices of C rows stored column-major, padding value 0 with column 0. With
    /// <paramref name="paddedPermutation"/> the permutation covers every lane (padding lanes hold indices past the
    /// rows), otherwise it has exactly Rows entries.
    /// </summary>
    internal static SellMatrix<T> ToSell<T>(TestMatrix m, int c, int sigma, bool paddedPermutation) where T : unmanaged, INumber<T>
    {
        var rows = Enumerable.Range(0, m.Rows).Select(r => m.Entries.Where(e => e.Row == r).ToArray()).ToArray();
        var order = Enumerable.Range(0, m.Rows)
            .GroupBy(r => r / sigma)
            .SelectMany(window => window.OrderByDescending(r => rows[r].Length))
            .ToArray();
        int slices = (m.Rows + c - 1) / c;
        var offsets = new int[slices];
        var widths = new int[slices];
        var columns = new List<int>();
        var values = new List<T>();
        for (int s = 0; s < slices; s++)
        {
            offsets[s] = columns.Count;
            var members = order.Skip(s * c).Take(c).ToArray();
            widths[s] = members.Max(r => rows[r].Length);
            for (int j = 0; j < widths[s]; j++)
                for (int lane = 0; lane < c; lane++)
                {
                    bool present = lane < members.Length && j < rows[members[lane]].Length;
                    columns.Add(present ? rows[members[lane]][j].Column : 0);
                    values.Add(present ? T.CreateChecked(rows[members[lane]][j].Value) : T.Zero);
                }
        }
        var permutation = paddedPermutation
            ? order.Concat(Enumerable.Range(m.Rows, slices * c - m.Rows)).ToArray()
            : order;
        return new SellMatrix<T>(m.Rows, m.Columns, c, sigma, offsets, widths, permutation, columns.ToArray(), values.ToArray());
    }

    internal static IEnumerable<TestMatrix> Matrices()
    {
        foreach (var m in KernelTestData.Adversarial().Where(m => m.Rows * m.Columns <= 40_000)) yield return m;
        yield return KernelTestData.Random(203, 150, 0.08, seed: 41, name: "random 203x150");
    }

    private static void CheckMatVec<T>(string kernel, int c, int sigma, bool transposed, bool alphaBeta) where T : unmanaged, INumber<T>
    {
        var type = Kernels.Value;
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var m in Matrices())
                foreach (bool padded in new[] { false, true })
                {
                    var a = ToSell<T>(m, c, sigma, padded);
                    string context = $"{kernel} {m} padded permutation={padded} {threads}";
                    if (alphaBeta)
                    {
                        var f = FormatKernelHarness.Method<FormatKernelHarness.MatVecAlphaBeta<SellMatrix<T>, T>>(type, kernel);
                        FormatKernelHarness.CheckMatVec<T>(m, transposed, context, (x, y, alpha, beta) => f(a, x, y, alpha, beta), alphaBeta: true);
                    }
                    else
                    {
                        var f = FormatKernelHarness.Method<FormatKernelHarness.MatVec<SellMatrix<T>, T>>(type, kernel);
                        FormatKernelHarness.CheckMatVec<T>(m, transposed, context, (x, y, _, _) => f(a, x, y), alphaBeta: false);
                    }
                }
        });
    }

    [Fact] public void Sell8SpmvMatchesDenseReference() => CheckMatVec<double>("Sell8Spmv", 8, 64, transposed: false, alphaBeta: false);
    [Fact] public void Sell8AxpbyMatchesDenseReference() => CheckMatVec<double>("Sell8Axpby", 8, 64, transposed: false, alphaBeta: true);
    [Fact] public void Sell16SpmvMatchesDenseReference() => CheckMatVec<float>("Sell16Spmv", 16, 128, transposed: false, alphaBeta: false);
    [Fact] public void Sell8SpmvTMatchesDenseReference() => CheckMatVec<double>("Sell8SpmvT", 8, 64, transposed: true, alphaBeta: false);

    [Fact]
    public void Sell16SpmmMatchesDenseReference()
    {
        var type = Kernels.Value;
        var method = type.Kernel("Sell16Spmm");
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var m in Matrices().Where(m => (long)m.Rows * m.Columns <= 5000))
            {
                var a = ToSell<float>(m, 16, 128, paddedPermutation: true);
                foreach (int k in FormatKernelHarness.MatMatColumns)
                    FormatKernelHarness.CheckMatMat<float>(m, k, $"Sell16Spmm {m} {threads}", (x, y, _, _) => method.Invoke(null, new object[] { a, x, y }), alphaBeta: false);
            }
        });
    }

    [Fact]
    public void MismatchedSliceHeightIsRejected()
    {
        var spmv = FormatKernelHarness.Method<FormatKernelHarness.MatVec<SellMatrix<double>, double>>(Kernels.Value, "Sell8Spmv");
        var a = ToSell<double>(KernelTestData.Random(20, 10, 0.3, seed: 3), 4, 8, paddedPermutation: false);
        FormatKernelHarness.AssertShapeMismatch(() => spmv(a, new double[10], new double[20]), "Sell8Spmv", "slices of 4 rows", "declares 8");
    }

    [Fact]
    public void GeneratedCodeGathersOneSliceColumnPerVector()
    {
        string source = SpecEmitter.Emit(Spec(), "Specs/SellKernels.sparse").Source;
        Assert.Contains("// slice columns j and j + 1: 8 rows in one vector each", source);
        Assert.Contains("Avx2.GatherVector256", source);
        Assert.Contains("but the spec declares 8", source);
    }
}
