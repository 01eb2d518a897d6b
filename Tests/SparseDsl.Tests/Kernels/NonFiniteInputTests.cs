using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SparseDsl.Specs;
using SparseDsl.Tests.Specs;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// Inf and NaN in x at columns (rows, for A' * x) that a row never touches must stay out of that row in every format,
/// as in CSR: SELL padding and unused N:M slots must not be multiplied. Every op (A * x, A' * x, A * X) is checked
/// against the CSR result (the stored entries, summed in double with IEEE rules); the class reruns with AVX-512, AVX2
/// and all hardware intrinsics off (<see cref="BsrNmSellDiaStencilPathCoverageTests"/>), so every SIMD path is covered.
/// </summary>
public class NonFiniteInputTests
{
    /// <summary>
    /// 40 x 36, rows 0..3 and columns 0..3 empty (so a whole 4x4 block row/column and N:M group 0 are empty), at most
    /// 2 entries per group of 4 columns (2:4 fits), every other row with 1..9 entries: SELL slices have padding.
    /// </summary>
    public static TestMatrix Matrix { get; } = Build();

    private static TestMatrix Build()
    {
        var rng = new Random(5);
        var entries = new List<(int, int, double)>();
        for (int r = 4; r < 40; r++)
        {
            int groups = 1 + rng.Next(8);
            foreach (int g in Enumerable.Range(1, 8).OrderBy(_ => rng.Next()).Take(groups))
            {
                int first = rng.Next(4);
                entries.Add((r, g * 4 + first, KernelTestData.RandomValue(rng)));
                if (rng.Next(3) == 0 && first < 3) entries.Add((r, g * 4 + first + 1 + rng.Next(3 - first), KernelTestData.RandomValue(rng)));
            }
        }
        return new TestMatrix("rows and columns 0..3 empty", 40, 36, entries);
    }

    /// <summary>Inputs: +Inf, NaN in untouched positions 0 and 2; -Inf at a touched position (4 for x, row 5 for A' * x) unless <paramref name="onlyUntouched"/>.</summary>
    internal static double[] Input(int length, bool transposed, bool onlyUntouched, int seed)
    {
        var x = KernelTestData.Vector(length, seed);
        x[0] = double.PositiveInfinity;
        x[2] = double.NaN;
        if (!onlyUntouched) x[transposed ? 5 : 4] = double.NegativeInfinity;
        return x;
    }

    /// <summary>y = op(A) * x over the stored entries only (what CSR computes), with IEEE Inf/NaN propagation.</summary>
    internal static double[] Expected(TestMatrix a, double[] x, bool transposed)
    {
        var y = new double[transposed ? a.Columns : a.Rows];
        foreach (var (r, c, v) in a.Entries)
        {
            if (transposed) y[c] += v * x[r];
            else y[r] += v * x[c];
        }
        return y;
    }

    internal static void AssertSame<T>(double[] expected, ReadOnlySpan<T> actual, string context) where T : unmanaged, INumber<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double eps = typeof(T) == typeof(float) ? 1e-4 : 1e-12;
        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateChecked(actual[i]), e = expected[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(got) : double.IsInfinity(e) ? got == e : Math.Abs(got - e) <= eps * (1 + Math.Abs(e));
            if (!ok) Assert.Fail($"{context}: element {i} is {got}, but CSR gives {e}");
        }
    }

    internal static void CheckVector<T>(string label, bool transposed, VectorKernel<T> kernel, bool onlyUntouched = false) where T : unmanaged, INumber<T>
    {
        var a = Matrix;
        var x = Input(transposed ? a.Rows : a.Columns, transposed, onlyUntouched, seed: 3);
        var y = new T[transposed ? a.Columns : a.Rows];
        kernel(KernelTestData.Cast<T>(x), y);
        AssertSame<T>(Expected(a, x, transposed), y, label);
    }

    /// <summary>Y = A * X with k = 3: the non-finite rows of X are Inf, NaN (untouched) and -Inf in column 1 of row 4.</summary>
    internal static void CheckMatrix<T>(string label, Action<DenseMatrix<T>, DenseMatrix<T>> kernel, bool onlyUntouched = false) where T : unmanaged, INumber<T>
    {
        const int k = 3;
        var a = Matrix;
        var x = KernelTestData.Vector(a.Columns * k, 9);
        for (int c = 0; c < k; c++) { x[0 * k + c] = double.PositiveInfinity; x[2 * k + c] = double.NaN; }
        if (!onlyUntouched) x[4 * k + 1] = double.NegativeInfinity;
        var y = new DenseMatrix<T>(a.Rows, k);
        kernel(new DenseMatrix<T>(a.Columns, k, KernelTestData.Cast<T>(x)), y);
        var expected = new double[a.Rows * k];
        foreach (var (r, col, v) in a.Entries)
            for (int c = 0; c < k; c++) expected[r * k + c] += v * x[col * k + c];
        AssertSame<T>(expected, y.Values, label + " (Y = A * X)");
    }

    [Fact]
    public void CompressedFormatsKeepUntouchedInfAndNaNOutOfTheirRows()
    {
        var m = Matrix;
        var csr = m.ToCsr<double>();
        var csr32 = m.ToCsr<float>();
        var csc = m.ToCsc<double>();
        var coo = m.ToCoo<double>(seed: 2);
        KernelTestData.SingleThreaded(() =>
        {
            CheckVector<double>("CSR SpmvF64", false, (x, y) => CsrKernels.SpmvF64(csr, x, y));
            CheckVector<float>("CSR SpmvF32", false, (x, y) => CsrKernels.SpmvF32(csr32, x, y));
            CheckVector<double>("CSR SpmvTF64", true, (x, y) => CsrKernels.SpmvTF64(csr, x, y));
            CheckMatrix<double>("CSR SpmmF64", (x, y) => CsrKernels.SpmmF64(csr, x, y));
            CheckVector<double>("CSC CscAxpby", false, (x, y) => CsrKernels.CscAxpby(csc, x, y, 1.0, 0.0));
            CheckVector<double>("CSC CscSpmvT", true, (x, y) => CsrKernels.CscSpmvT(csc, x, y));
            CheckMatrix<double>("CSC CscSpmm", (x, y) => GridLimits.CscSpmm(csc, x, y));
            CheckVector<double>("COO CooAccumulate", false, (x, y) => CsrKernels.CooAccumulate(coo, x, y));
            CheckMatrix<double>("COO CooSpmm", (x, y) => GridLimits.CooSpmm(coo, x, y));
        });
    }

    [Fact]
    public void SellPaddingNeverMeetsX()
    {
        var m = Matrix;
        foreach (bool padded in new[] { true, false })
        {
            var a8 = SellKernelsTests.ToSell<double>(m, 8, 64, padded);
            var a16 = SellKernelsTests.ToSell<float>(m, 16, 128, padded);
            var f8 = SellMatrix<double>.FromCsr(m.ToCsr<double>(), 8, 64);
            var f16 = SellMatrix<float>.FromCsr(m.ToCsr<float>(), 16, 128);
            Assert.True(f8.RowLengths.ToArray().Distinct().Count() > 1, "the matrix must give SELL padding");
            KernelTestData.SingleThreaded(() =>
            {
                foreach (var (a64, a32, how) in new[] { (a8, a16, $"built (padded lanes {padded})"), (f8, f16, "FromCsr") })
                {
                    CheckVector<double>($"Sell8Spmv {how}", false, (x, y) => SellKernels.Sell8Spmv(a64, x, y));
                    CheckVector<double>($"Sell8Axpby {how}", false, (x, y) => SellKernels.Sell8Axpby(a64, x, y, 1.0, 0.0));
                    CheckVector<float>($"Sell16Spmv {how}", false, (x, y) => SellKernels.Sell16Spmv(a32, x, y));
                    CheckVector<double>($"Sell8SpmvT {how}", true, (x, y) => SellKernels.Sell8SpmvT(a64, x, y));
                    CheckMatrix<float>($"Sell16Spmm {how}", (x, y) => SellKernels.Sell16Spmm(a32, x, y));
                    CheckVector<double>($"ReferenceKernels SELL {how}", false, (x, y) => ReferenceKernels.MatVec(a64, x, y, 1.0, 0.0));
                    CheckVector<double>($"ReferenceKernels SELL' {how}", true, (x, y) => ReferenceKernels.MatVecTransposed(a64, x, y, 1.0, 0.0));
                    CheckMatrix<float>($"ReferenceKernels SELL {how}", (x, y) => ReferenceKernels.MatMat(a32, x, y, 1f, 0f));
                }
            });
        }
    }

    [Fact]
    public void UnusedNmSlotsNeverMeetX()
    {
        var m = Matrix;
        var w32 = NmMatrix<float>.FromCsr(m.ToCsr<float>(), 2, 4);
        var w64 = NmMatrix<double>.FromCsr(m.ToCsr<double>(), 2, 4);
        var q = new TestMatrix("1:4 of the same", m.Rows, m.Columns, m.Entries.GroupBy(e => (e.Row, e.Column / 4)).Select(g => g.First()));
        var w14 = NmMatrix<float>.FromCsr(q.ToCsr<float>(), 1, 4);
        KernelTestData.SingleThreaded(() =>
        {
            CheckVector<float>("Nm24Spmv", false, (x, y) => NmKernels.Nm24Spmv(w32, x, y));
            CheckVector<double>("Nm24AxpbyF64", false, (x, y) => NmKernels.Nm24AxpbyF64(w64, x, y, 1.0, 0.0));
            CheckVector<float>("Nm24SpmvT", true, (x, y) => NmKernels.Nm24SpmvT(w32, x, y));
            CheckMatrix<float>("Nm24Project", (x, y) => NmKernels.Nm24Project(w32, x, y));
            CheckMatrix<double>("Nm24ProjectF64", (x, y) => NmKernels.Nm24ProjectF64(w64, x, y, 1.0, 0.0));
            CheckVector<double>("ReferenceKernels N:M", false, (x, y) => ReferenceKernels.MatVec(w64, x, y, 1.0, 0.0));
            CheckVector<double>("ReferenceKernels N:M'", true, (x, y) => ReferenceKernels.MatVecTransposed(w64, x, y, 1.0, 0.0));
            CheckMatrix<double>("ReferenceKernels N:M", (x, y) => ReferenceKernels.MatMat(w64, x, y, 1.0, 0.0));
        });
        // 1:4 against its own CSR
        var xq = Input(q.Columns, false, false, 3);
        var yq = new float[q.Rows];
        NmKernels.Nm14Spmv(w14, KernelTestData.Cast<float>(xq), yq);
        AssertSame<float>(Expected(q, xq, false), yq, "Nm14Spmv");
    }

    [Fact]
    public void BsrSkipsEmptyBlocks()
    {
        // BSR stores the zeros inside a stored block (they are entries of the block, multiplied like CSR's explicit
        // zeros), so only positions no block touches are checked: block row and block column 0 are empty.
        var m = Matrix;
        var b64 = BsrKernelsTests.ToBsr<double>(m, 4, 4, zeroBlocks: false);
        var b32 = BsrKernelsTests.ToBsr<float>(m, 4, 4, zeroBlocks: false);
        KernelTestData.SingleThreaded(() =>
        {
            CheckVector<double>("Bsr4Spmv", false, (x, y) => BsrKernels.Bsr4Spmv(b64, x, y), onlyUntouched: true);
            CheckVector<double>("Bsr4SpmvT", true, (x, y) => BsrKernels.Bsr4SpmvT(b64, x, y), onlyUntouched: true);
            CheckMatrix<float>("Bsr4Spmm", (x, y) => BsrKernels.Bsr4Spmm(b32, x, y, 1f, 0f), onlyUntouched: true);
        });
    }
}
