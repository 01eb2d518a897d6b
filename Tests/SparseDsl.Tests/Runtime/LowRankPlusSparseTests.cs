using System;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>W = B·A + S against W formed densely, and its vector–Jacobian products against central differences.</summary>
public class LowRankPlusSparseTests
{
    private static (LowRankPlusSparse<double> W, double[,] Formed) Make(int seed, int m = 9, int r = 3, int n = 11)
    {
        var random = new Random(seed);
        var b = new DenseMatrix<double>(m, r);
        var a = new DenseMatrix<double>(r, n);
        for (int i = 0; i < b.Values.Length; i++) b.Values[i] = random.NextDouble() - 0.5;
        for (int i = 0; i < a.Values.Length; i++) a.Values[i] = random.NextDouble() - 0.5;
        var dense = new DenseMatrix<double>(m, n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) if (random.Next(4) == 0) dense[i, j] = random.NextDouble() - 0.5;
        var s = CsrMatrix<double>.FromDense(dense).ToCsc();
        var formed = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = dense[i, j];
                for (int k = 0; k < r; k++) sum += b[i, k] * a[k, j];
                formed[i, j] = sum;
            }
        return (new LowRankPlusSparse<double>(b, a, s), formed);
    }

    [Fact]
    public void AppliesTheFormedMatrixAndItsTranspose()
    {
        var (w, formed) = Make(1);
        var random = new Random(2);
        var x = new double[11];
        for (int j = 0; j < 11; j++) x[j] = random.NextDouble() - 0.5;
        x[4] = 0; // a zero entry of x is skipped: the result must not change
        var y = new double[9];
        w.Apply(x, y);
        for (int i = 0; i < 9; i++)
        {
            double expected = 0;
            for (int j = 0; j < 11; j++) expected += formed[i, j] * x[j];
            Assert.Equal(expected, y[i], 1e-14);
        }
        var z = new double[11];
        w.ApplyTransposed(y, z);
        for (int j = 0; j < 11; j++)
        {
            double expected = 0;
            for (int i = 0; i < 9; i++) expected += formed[i, j] * y[i];
            Assert.Equal(expected, z[j], 1e-14);
        }
        var block = new DenseMatrix<double>(11, 2, DenseLayout.ColumnMajor);
        for (int j = 0; j < 11; j++) { block[j, 0] = x[j]; block[j, 1] = 2 * x[j]; }
        var result = new DenseMatrix<double>(9, 2);
        w.ApplyToBlock(block, result);
        for (int i = 0; i < 9; i++) { Assert.Equal(y[i], result[i, 0], 1e-14); Assert.Equal(2 * y[i], result[i, 1], 1e-14); }
        Assert.Throws<ShapeMismatchException>(() => w.Apply(new double[10], y));
    }

    [Fact]
    public void GradientsMatchCentralDifferences()
    {
        var (w, _) = Make(3);
        var random = new Random(4);
        var x = new double[11];
        var g = new double[9];
        for (int j = 0; j < 11; j++) x[j] = random.NextDouble() - 0.5;
        for (int i = 0; i < 9; i++) g[i] = random.NextDouble() - 0.5;
        var gb = new DenseMatrix<double>(9, 3);
        var ga = new DenseMatrix<double>(3, 11);
        var gs = new double[w.S.NonZeroCount];
        double f = w.Gradient(x, g, gb, ga, gs);

        double Objective()
        {
            var y = new double[9];
            w.Apply(x, y);
            double sum = 0;
            for (int i = 0; i < 9; i++) sum += g[i] * y[i];
            return sum;
        }
        Assert.Equal(Objective(), f, 1e-13);
        const double h = 1e-6;
        void Check(Span<double> parameters, Func<int, double> analytic, string what)
        {
            for (int p = 0; p < parameters.Length; p++)
            {
                double saved = parameters[p];
                parameters[p] = saved + h; double plus = Objective();
                parameters[p] = saved - h; double minus = Objective();
                parameters[p] = saved;
                Assert.True(Math.Abs((plus - minus) / (2 * h) - analytic(p)) < 1e-8, $"{what}[{p}]");
            }
        }
        Check(w.B.Values, p => gb.Values[p], "B");
        Check(w.A.Values, p => ga.Values[p], "A");
        Check(w.S.Values, p => gs[p], "S");
    }

    [Fact]
    public void RejectsShapesThatDoNotChain()
    {
        var s = CsrMatrix<double>.FromDense(new DenseMatrix<double>(4, 5)).ToCsc();
        Assert.Throws<ShapeMismatchException>(() => new LowRankPlusSparse<double>(new DenseMatrix<double>(4, 2), new DenseMatrix<double>(3, 5), s));
        Assert.Throws<ShapeMismatchException>(() => new LowRankPlusSparse<double>(new DenseMatrix<double>(4, 2), new DenseMatrix<double>(2, 6), s));
    }
}
