using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>ReferenceKernels for every format against a naive dense computation. Small integer data keeps every
/// floating-point operation exact, so results are compared for equality.</summary>
public class ReferenceKernelTests
{
    private delegate void MatVecCall(ReadOnlySpan<double> x, Span<double> y, double alpha, double beta);

    private static double[] Naive(double[,] a, double[] x, double[] y0, double alpha, double beta, bool transposed)
    {
        int rows = a.GetLength(0), cols = a.GetLength(1);
        int outLength = transposed ? cols : rows;
        var y = new double[outLength];
        for (int i = 0; i < outLength; i++)
        {
            double sum = 0;
            int inner = transposed ? rows : cols;
            for (int j = 0; j < inner; j++) sum += (transposed ? a[j, i] : a[i, j]) * x[j];
            y[i] = alpha * sum + (beta == 0 ? 0 : beta * y0[i]);
        }
        return y;
    }

    private static double[] Ints(int length, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (double)rng.Next(-4, 5)).ToArray();
    }

    private static void CheckVector(string what, double[,] dense, MatVecCall call, double alpha, double beta, bool transposed, int seed)
    {
        int rows = dense.GetLength(0), cols = dense.GetLength(1);
        int xl = transposed ? rows : cols, yl = transposed ? cols : rows;
        double[] x = Ints(xl, seed);
        double[] y0 = beta == 0 ? Enumerable.Repeat(double.NaN, yl).ToArray() : Ints(yl, seed + 1);
        double[] expected = Naive(dense, x, y0, alpha, beta, transposed);
        double[] y = (double[])y0.Clone();
        call(x, y, alpha, beta);
        for (int i = 0; i < yl; i++)
            if (expected[i] != y[i]) Assert.Fail($"{what}{(transposed ? " transposed" : "")}: y[{i}] = {y[i]} but expected {expected[i]} (alpha {alpha}, beta {beta})");
    }

    private delegate void MatMatCall(DenseMatrix<double> x, DenseMatrix<double> y, double alpha, double beta);

    private static void CheckMatrix(string what, double[,] dense, MatMatCall call, double alpha, double beta, int k, int seed)
    {
        int rows = dense.GetLength(0), cols = dense.GetLength(1);
        var x = new DenseMatrix<double>(cols, k, Ints(cols * k, seed));
        double[] y0 = beta == 0 ? Enumerable.Repeat(double.NaN, rows * k).ToArray() : Ints(rows * k, seed + 2);
        var y = new DenseMatrix<double>(rows, k, (double[])y0.Clone());
        call(x, y, alpha, beta);
        for (int j = 0; j < k; j++)
        {
            double[] xj = Enumerable.Range(0, cols).Select(r => x[r, j]).ToArray();
            double[] yj = Enumerable.Range(0, rows).Select(r => y0[r * k + j]).ToArray();
            double[] expected = Naive(dense, xj, yj, alpha, beta, false);
            for (int r = 0; r < rows; r++)
                if (expected[r] != y[r, j]) Assert.Fail($"{what} MatMat: Y[{r},{j}] = {y[r, j]} but expected {expected[r]}");
        }
    }

    private static void CheckAll(TripletCase t, double alpha, double beta, int k, int seed)
    {
        var csr = t.Csr();
        double[,] dense = t.Dense(t.Rows, t.Columns);
        var d = csr.ToDense();
        var c64 = CsrMatrix64<double>.FromCsr(csr);
        var csc = csr.ToCsc();
        var coo = CooMatrix<double>.FromTriplets(t.Rows, t.Columns, t.Triplets);
        var nm = NmMatrix<double>.FromCsr(csr, 4, 4);
        var sell = SellMatrix<double>.FromCsr(csr, 4, 8);
        var dia = DiaMatrix<double>.FromCsr(csr);
        var bsr = BsrMatrix<double>.FromCsr(csr, 2, 3);
        double[,] padded = t.Dense(bsr.Rows, bsr.Columns);

        foreach (bool tr in new[] { false, true })
        {
            CheckVector("dense", dense, (x, y, a, b) => { if (tr) ReferenceKernels.MatVecTransposed(d, x, y, a, b); else ReferenceKernels.MatVec(d, x, y, a, b); }, alpha, beta, tr, seed);
            CheckVector("csr", dense, (x, y, a, b) => { if (tr) ReferenceKernels.MatVecTransposed(csr, x, y, a, b); else ReferenceKernels.MatVec(csr, x, y, a, b); }, alpha, beta, tr, seed);
            CheckVector("csr64", dense, (x, y, a, b) => { if (tr) ReferenceKernels.MatVecTransposed(c64, x, y, a, b); else ReferenceKernels.MatVec(c64, x, y, a, b); }, alpha, beta, tr, seed);
            CheckVector("csc", dense, (x, y, a, b) => { if (tr) ReferenceKernels.MatVecTransposed(csc, x, y, a, b); else ReferenceKernels.MatVec(csc, x, y, a, b); }, alpha, beta, tr, seed);
            CheckVector("coo", dense, (x, y, a, b) => { if (tr) ReferenceKernels.MatVecTransposed(coo, x, y, a, b); else ReferenceKernels.MatVec(coo, x, y, a, b); }, alpha, beta, tr, seed);
            CheckVector("nm", dense, (x, y, a, b) => { if (tr) ReferenceKernels.MatVecTransposed(nm, x, y, a, b); else ReferenceKernels.MatVec(nm, x, y, a, b); }, alpha, beta, tr, seed);
            CheckVector("sell", dense, (x, y, a, b) => { if (tr) ReferenceKernels.MatVecTransposed(sell, x, y, a, b); else ReferenceKernels.MatVec(sell, x, y, a, b); }, alpha, beta, tr, seed);
            CheckVector("dia", dense, (x, y, a, b) => { if (tr) ReferenceKernels.MatVecTransposed(dia, x, y, a, b); else ReferenceKernels.MatVec(dia, x, y, a, b); }, alpha, beta, tr, seed);
            CheckVector("bsr", padded, (x, y, a, b) => { if (tr) ReferenceKernels.MatVecTransposed(bsr, x, y, a, b); else ReferenceKernels.MatVec(bsr, x, y, a, b); }, alpha, beta, tr, seed);
        }
        CheckMatrix("dense", dense, (x, y, a, b) => ReferenceKernels.MatMat(d, x, y, a, b), alpha, beta, k, seed);
        CheckMatrix("csr", dense, (x, y, a, b) => ReferenceKernels.MatMat(csr, x, y, a, b), alpha, beta, k, seed);
        CheckMatrix("csr64", dense, (x, y, a, b) => ReferenceKernels.MatMat(c64, x, y, a, b), alpha, beta, k, seed);
        CheckMatrix("csc", dense, (x, y, a, b) => ReferenceKernels.MatMat(csc, x, y, a, b), alpha, beta, k, seed);
        CheckMatrix("coo", dense, (x, y, a, b) => ReferenceKernels.MatMat(coo, x, y, a, b), alpha, beta, k, seed);
        CheckMatrix("nm", dense, (x, y, a, b) => ReferenceKernels.MatMat(nm, x, y, a, b), alpha, beta, k, seed);
        CheckMatrix("sell", dense, (x, y, a, b) => ReferenceKernels.MatMat(sell, x, y, a, b), alpha, beta, k, seed);
        CheckMatrix("dia", dense, (x, y, a, b) => ReferenceKernels.MatMat(dia, x, y, a, b), alpha, beta, k, seed);
        CheckMatrix("bsr", padded, (x, y, a, b) => ReferenceKernels.MatMat(bsr, x, y, a, b), alpha, beta, k, seed);
    }

    [Fact]
    public void RandomMatricesMatchTheNaiveDenseComputation()
    {
        var gen =
            from t in TripletCase.Generator()
            from alpha in Gen.Choose(-2, 2)
            from beta in Gen.Choose(-2, 2)
            from k in Gen.Choose(1, 3)
            from seed in Gen.Choose(0, 10_000)
            select (t, alpha, beta, k, seed);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), p => CheckAll(p.t, p.alpha, p.beta, p.k, p.seed)));
    }

    [Fact]
    public void AdversarialMatricesMatchTheNaiveDenseComputation()
    {
        int seed = 1;
        foreach (var t in TripletCase.Adversarial())
            foreach (double beta in new[] { 0.0, 1.0, -2.0 })
                CheckAll(t, 3.0, beta, 2, seed++);
    }

    [Fact]
    public void BetaZeroOverwritesNaN()
    {
        var csr = new TripletCase(2, 2, new[] { (0, 0, 1.0) }).Csr();
        var y = new[] { double.NaN, double.NaN };
        ReferenceKernels.MatVec(csr, new[] { 2.0, 3.0 }, y, 1.0, 0.0);
        Assert.Equal(new[] { 2.0, 0.0 }, y);
    }

    [Fact]
    public void ShapeMismatchNamesOperandAndSizes()
    {
        var csr = new TripletCase(3, 7, new[] { (0, 0, 1.0) }).Csr();
        var e = Assert.Throws<ShapeMismatchException>(() => ReferenceKernels.MatVec(csr, new double[5], new double[3], 1.0, 0.0));
        Assert.Contains("x has length 5 but the matrix has 7 columns", e.Message);
        e = Assert.Throws<ShapeMismatchException>(() => ReferenceKernels.MatVec(csr, new double[7], new double[4], 1.0, 0.0));
        Assert.Contains("y has length 4 but the matrix has 3 rows", e.Message);
        e = Assert.Throws<ShapeMismatchException>(() => ReferenceKernels.MatVecTransposed(csr, new double[7], new double[7], 1.0, 0.0));
        Assert.Contains("x has length 7 but the matrix has 3 rows", e.Message);
        e = Assert.Throws<ShapeMismatchException>(() => ReferenceKernels.MatMat(csr, new DenseMatrix<double>(7, 2, DenseLayout.ColumnMajor), new DenseMatrix<double>(3, 2), 1.0, 0.0));
        Assert.Contains("row-major", e.Message);
        e = Assert.Throws<ShapeMismatchException>(() => ReferenceKernels.MatMat(csr, new DenseMatrix<double>(7, 2), new DenseMatrix<double>(3, 5), 1.0, 0.0));
        Assert.Contains("Y has 5 columns but X has 2 columns", e.Message);
    }
}
