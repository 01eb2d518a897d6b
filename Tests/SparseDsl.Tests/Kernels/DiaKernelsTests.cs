using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SparseDsl.Language.IR;
using SparseDsl.Tests.Generator;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>DIA kernels of Specs/DiaKernels.sparse.</summary>
public class DiaKernelsTests
{
    internal static SpecIr Spec() => FormatKernelHarness.CorpusSpec("DiaKernels.sparse");

    private static readonly Lazy<Type> Kernels = new(() => FormatKernelHarness.Compile(Spec(), "CorpusDia"));

    /// <summary>DIA storage of a matrix: one diagonal per distinct column - row; out-of-matrix slots hold 0.</summary>
    internal static DiaMatrix<T> ToDia<T>(TestMatrix m) where T : unmanaged, INumber<T>
    {
        var offsets = m.Entries.Select(e => e.Column - e.Row).Distinct().OrderBy(o => o).ToArray();
        var values = new T[offsets.Length * m.Rows];
        for (int d = 0; d < offsets.Length; d++)
            for (int i = 0; i < m.Rows; i++)
            {
                int j = i + offsets[d];
                if (j >= 0 && j < m.Columns) values[d * m.Rows + i] = T.CreateChecked(m.Dense[i, j]);
            }
        return new DiaMatrix<T>(m.Rows, m.Columns, offsets, values);
    }

    /// <summary>Banded matrices (wide and narrow bands, bands longer than the tile of 512) plus the adversarial set.</summary>
    internal static IEnumerable<TestMatrix> Matrices()
    {
        foreach (var m in KernelTestData.Adversarial().Where(m => m.Rows * m.Columns <= 40_000)) yield return m;
        foreach (var (rows, columns, width, seed) in new[] { (1500, 1500, 3, 1), (1100, 700, 9, 2), (700, 1100, 5, 3), (33, 33, 40, 4) })
        {
            var rng = new Random(seed);
            var entries = new List<(int, int, double)>();
            for (int i = 0; i < rows; i++)
                for (int j = Math.Max(0, i - width); j < Math.Min(columns, i + width + 1); j++)
                    if (rng.Next(4) != 0) entries.Add((i, j, KernelTestData.RandomValue(rng)));
            entries.Add((0, columns - 1, 0.5)); // a far diagonal with a single entry
            yield return new TestMatrix($"band {rows}x{columns} width {width}", rows, columns, entries);
        }
    }

    private static void CheckMatVec<T>(string kernel, bool transposed, bool alphaBeta) where T : unmanaged, INumber<T>
    {
        var type = Kernels.Value;
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var m in Matrices())
            {
                var a = ToDia<T>(m);
                string context = $"{kernel} {m} {threads}";
                if (alphaBeta)
                {
                    var f = FormatKernelHarness.Method<FormatKernelHarness.MatVecAlphaBeta<DiaMatrix<T>, T>>(type, kernel);
                    FormatKernelHarness.CheckMatVec<T>(m, transposed, context, (x, y, alpha, beta) => f(a, x, y, alpha, beta), alphaBeta: true);
                }
                else
                {
                    var f = FormatKernelHarness.Method<FormatKernelHarness.MatVec<DiaMatrix<T>, T>>(type, kernel);
                    FormatKernelHarness.CheckMatVec<T>(m, transposed, context, (x, y, _, _) => f(a, x, y), alphaBeta: false);
                }
            }
        });
    }

    [Fact] public void DiaSpmvMatchesDenseReference() => CheckMatVec<double>("DiaSpmv", transposed: false, alphaBeta: false);
    [Fact] public void DiaAxpbyF32MatchesDenseReference() => CheckMatVec<float>("DiaAxpbyF32", transposed: false, alphaBeta: true);
    [Fact] public void DiaSpmvTMatchesDenseReference() => CheckMatVec<double>("DiaSpmvT", transposed: true, alphaBeta: false);

    [Fact]
    public void DiaSpmmMatchesDenseReference()
    {
        var type = Kernels.Value;
        var method = type.Kernel("DiaSpmm");
        FormatKernelHarness.SingleAndMultiThreaded(type, threads =>
        {
            foreach (var m in Matrices().Where(m => (long)m.Rows * m.Columns <= 5000))
            {
                var a = ToDia<double>(m);
                foreach (int k in FormatKernelHarness.MatMatColumns)
                    FormatKernelHarness.CheckMatMat<double>(m, k, $"DiaSpmm {m} {threads}", (x, y, _, _) => method.Invoke(null, new object[] { a, x, y }), alphaBeta: false);
            }
        });
    }

    [Fact]
    public void WrongOutputLengthIsRejected()
    {
        var spmvT = FormatKernelHarness.Method<FormatKernelHarness.MatVec<DiaMatrix<double>, double>>(Kernels.Value, "DiaSpmvT");
        var a = ToDia<double>(KernelTestData.Random(5, 9, 0.5, seed: 2));
        FormatKernelHarness.AssertShapeMismatch(() => spmvT(a, new double[5], new double[5]), "y", "5", "9");
    }
}
