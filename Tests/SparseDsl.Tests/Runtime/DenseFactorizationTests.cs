using System;
using System.Numerics;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>
/// DenseFactorizations (MathNet underneath) checked by what each factorization means — reconstruction, orthonormality,
/// triangularity, ordering — for double and complex, plus the input checks; KroneckerEigenSystem against the formed
/// Kronecker product solved by Gaussian elimination written here.
/// </summary>
public class DenseFactorizationTests
{
    private static DenseMatrix<double> RandomReal(Random random, int rows, int columns)
    {
        var m = new DenseMatrix<double>(rows, columns);
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) m[r, c] = random.NextDouble() - 0.5;
        return m;
    }

    private static DenseMatrix<Complex> RandomComplex(Random random, int rows, int columns)
    {
        var m = new DenseMatrix<Complex>(rows, columns);
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) m[r, c] = new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5);
        return m;
    }

    private static T Conj<T>(T value) where T : unmanaged, INumberBase<T>
        => value is Complex z ? (T)(object)Complex.Conjugate(z) : value;

    private static double Abs<T>(T value) where T : unmanaged, INumberBase<T>
        => value is Complex z ? Complex.Abs(z) : Math.Abs(double.CreateTruncating(value));

    /// <summary>B·Bᴴ + shift·I: Hermitian, positive definite for shift &gt; 0.</summary>
    private static DenseMatrix<T> Gram<T>(DenseMatrix<T> b, double shift) where T : unmanaged, INumberBase<T>
    {
        int n = b.Rows;
        var g = new DenseMatrix<T>(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = i == j ? T.CreateTruncating(shift) : T.Zero;
                for (int k = 0; k < b.Columns; k++) sum += b[i, k] * Conj(b[j, k]);
                g[i, j] = sum;
            }
        return g;
    }

    /// <summary>A·diag(d)·Bᴴ (d null: A·Bᴴ) formed naively.</summary>
    private static DenseMatrix<T> TimesAdjoint<T>(DenseMatrix<T> a, double[]? d, DenseMatrix<T> b) where T : unmanaged, INumberBase<T>
    {
        var result = new DenseMatrix<T>(a.Rows, b.Rows);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < b.Rows; j++)
            {
                T sum = T.Zero;
                for (int k = 0; k < a.Columns; k++) sum += a[i, k] * T.CreateTruncating(d?[k] ?? 1.0) * Conj(b[j, k]);
                result[i, j] = sum;
            }
        return result;
    }

    private static void AssertClose<T>(DenseMatrix<T> expected, DenseMatrix<T> actual, double tolerance) where T : unmanaged, INumberBase<T>
    {
        Assert.Equal((expected.Rows, expected.Columns), (actual.Rows, actual.Columns));
        for (int i = 0; i < expected.Rows; i++)
            for (int j = 0; j < expected.Columns; j++)
                Assert.True(Abs(expected[i, j] - actual[i, j]) <= tolerance, $"[{i}, {j}]: expected {expected[i, j]}, got {actual[i, j]}");
    }

    private static DenseMatrix<T> Identity<T>(int n) where T : unmanaged, INumberBase<T>
    {
        var m = new DenseMatrix<T>(n, n);
        for (int i = 0; i < n; i++) m[i, i] = T.One;
        return m;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public void SymmetricEigenReconstructsWithOrthonormalVectorsAndAscendingValues(int n)
    {
        var random = new Random(n);
        foreach (var check in new Action[]
        {
            () => CheckEigen(Gram(RandomReal(random, n, n), -0.1)),          // indefinite is fine for an EVD
            () => CheckEigen(Gram(RandomComplex(random, n, n + 2), 0.0)),
        }) check();
    }

    private static void CheckEigen<T>(DenseMatrix<T> a) where T : unmanaged, INumberBase<T>
    {
        var eigen = DenseFactorizations.SymmetricEigen(a);
        for (int i = 1; i < eigen.Values.Length; i++) Assert.True(eigen.Values[i - 1] <= eigen.Values[i]);
        AssertClose(a, TimesAdjoint(eigen.Vectors, eigen.Values, eigen.Vectors), 1e-12 * a.Rows);
        AssertClose(Identity<T>(a.Rows), TimesAdjoint(Transposed(eigen.Vectors), null, Transposed(eigen.Vectors)), 1e-12 * a.Rows);
    }

    /// <summary>Mᴴ as a new matrix.</summary>
    private static DenseMatrix<T> Transposed<T>(DenseMatrix<T> m) where T : unmanaged, INumberBase<T>
    {
        var t = new DenseMatrix<T>(m.Columns, m.Rows);
        for (int i = 0; i < m.Rows; i++) for (int j = 0; j < m.Columns; j++) t[j, i] = Conj(m[i, j]);
        return t;
    }

    [Fact]
    public void CholeskyIsLowerTriangularAndReconstructs()
    {
        var random = new Random(11);
        var real = Gram(RandomReal(random, 12, 12), 0.5);
        var l = DenseFactorizations.Cholesky(real);
        for (int i = 0; i < 12; i++) for (int j = i + 1; j < 12; j++) Assert.Equal(0.0, l[i, j]);
        AssertClose(real, TimesAdjoint(l, null, l), 1e-12);

        var complex = Gram(RandomComplex(random, 9, 9), 0.5);
        var lc = DenseFactorizations.Cholesky(complex);
        AssertClose(complex, TimesAdjoint(lc, null, lc), 1e-12);
    }

    [Fact]
    public void SvdReconstructsWithDescendingValues()
    {
        var random = new Random(12);
        foreach (var (rows, columns) in new[] { (8, 5), (5, 8), (6, 6) })
        {
            var a = RandomReal(random, rows, columns);
            var svd = DenseFactorizations.Svd(a);
            Assert.Equal(Math.Min(rows, columns), svd.Values.Length);
            for (int i = 1; i < svd.Values.Length; i++) Assert.True(svd.Values[i - 1] >= svd.Values[i]);
            AssertClose(a, TimesAdjoint(svd.U, svd.Values, Transposed(svd.VAdjoint)), 1e-12);

            var z = RandomComplex(random, rows, columns);
            var svdz = DenseFactorizations.Svd(z);
            AssertClose(z, TimesAdjoint(svdz.U, svdz.Values, Transposed(svdz.VAdjoint)), 1e-12);
        }
    }

    [Fact]
    public void QrHasOrthonormalQAndUpperTriangularR()
    {
        var random = new Random(13);
        var a = RandomReal(random, 10, 4);
        var qr = DenseFactorizations.Qr(a);
        Assert.Equal((10, 4), (qr.Q.Rows, qr.Q.Columns));
        for (int i = 0; i < 4; i++) for (int j = 0; j < i; j++) Assert.Equal(0.0, qr.R[i, j]);
        AssertClose(Identity<double>(4), TimesAdjoint(Transposed(qr.Q), null, Transposed(qr.Q)), 1e-13);
        AssertClose(a, TimesAdjoint(qr.Q, null, Transposed(qr.R)), 1e-13);
    }

    [Fact]
    public void BadInputIsRejectedWithTheReason()
    {
        var notSquare = new DenseMatrix<double>(3, 4);
        Assert.Contains("must be square", Assert.Throws<ShapeMismatchException>(() => DenseFactorizations.SymmetricEigen(notSquare)).Message);
        Assert.Throws<ShapeMismatchException>(() => DenseFactorizations.Qr(notSquare));

        var asymmetric = Identity<double>(3);
        asymmetric[0, 2] = 0.5;
        Assert.Contains("not symmetric", Assert.Throws<ArgumentException>(() => DenseFactorizations.Cholesky(asymmetric)).Message);

        var withNaN = Identity<double>(3);
        withNaN[1, 1] = double.NaN;
        Assert.Contains("A[1, 1] is NaN", Assert.Throws<ArgumentException>(() => DenseFactorizations.SymmetricEigen(withNaN)).Message);

        var indefinite = Identity<double>(3);
        indefinite[2, 2] = -1;
        Assert.Throws<NotPositiveDefiniteException>(() => DenseFactorizations.Cholesky(indefinite));
    }

    /// <summary>x = M⁻¹·b by Gaussian elimination with partial pivoting, and log|det M|: the independent reference.</summary>
    private static (Complex[] X, double LogAbsDet) Eliminate(Complex[,] m, Complex[] b)
    {
        int n = b.Length;
        var a = (Complex[,])m.Clone();
        var x = (Complex[])b.Clone();
        double logDet = 0;
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++) if (Complex.Abs(a[i, k]) > Complex.Abs(a[pivot, k])) pivot = i;
            for (int j = 0; j < n; j++) (a[k, j], a[pivot, j]) = (a[pivot, j], a[k, j]);
            (x[k], x[pivot]) = (x[pivot], x[k]);
            logDet += Math.Log(Complex.Abs(a[k, k]));
            for (int i = k + 1; i < n; i++)
            {
                Complex factor = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= factor * a[k, j];
                x[i] -= factor * x[k];
            }
        }
        for (int k = n - 1; k >= 0; k--)
        {
            for (int j = k + 1; j < n; j++) x[k] -= a[k, j] * x[j];
            x[k] /= a[k, k];
        }
        return (x, logDet);
    }

    [Fact]
    public void KroneckerEigenSystemSolvesTheShiftedProductWithoutFormingIt()
    {
        var random = new Random(14);
        var factors = new[] { Gram(RandomComplex(random, 3, 3), 0.1), Gram(RandomComplex(random, 4, 2), 0.0), Gram(RandomComplex(random, 2, 2), 0.3) };
        var system = new KroneckerEigenSystem<Complex>(factors);
        Assert.Equal(24, system.Size);

        // The formed K + σI, row-major over the Kronecker index (first factor slowest).
        const double shift = 0.05;
        var k = new Complex[24, 24];
        for (int i = 0; i < 24; i++)
            for (int j = 0; j < 24; j++)
            {
                Complex entry = factors[0][i / 8, j / 8] * factors[1][i / 2 % 4, j / 2 % 4] * factors[2][i % 2, j % 2];
                k[i, j] = entry + (i == j ? shift : 0);
            }
        var b = new Complex[24];
        for (int i = 0; i < 24; i++) b[i] = new Complex(random.NextDouble(), random.NextDouble());
        var (expected, logDet) = Eliminate(k, b);

        var x = new Complex[24];
        system.SolveShifted(shift, b, x);
        for (int i = 0; i < 24; i++) Assert.True(Complex.Abs(expected[i] - x[i]) < 1e-10 * (1 + Complex.Abs(expected[i])), $"x[{i}]");
        Assert.Equal(logDet, system.LogDeterminantShifted(shift), 1e-10);

        var y = new Complex[24];
        system.ApplyShifted(shift, x, y);
        for (int i = 0; i < 24; i++) Assert.True(Complex.Abs(b[i] - y[i]) < 1e-10, $"(K + σI)·x [{i}]");

        // The second factor has rank 2, so K is singular: without a shift there is no solve.
        Assert.Throws<NotPositiveDefiniteException>(() => system.SolveShifted(-system.MinEigenvalue, b, x));
        Assert.Throws<ShapeMismatchException>(() => system.SolveShifted(shift, new Complex[23], x));
    }
}
