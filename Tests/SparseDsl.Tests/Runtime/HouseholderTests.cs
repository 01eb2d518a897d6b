using System;
using System.Linq;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>
/// HouseholderChain against independent references: Q formed by multiplying the reflectors H_i = I − 2vvᵀ/‖v‖²
/// explicitly, the one-reflector-at-a-time application, orthonormality, a Householder QR written here the way LAPACK
/// geqrf does it, central finite differences for the gradient, and the input checks.
/// </summary>
public class HouseholderTests
{
    private static DenseMatrix<double> RandomReflectors(Random random, int k, int n, DenseLayout layout = DenseLayout.RowMajor)
    {
        var v = new DenseMatrix<double>(k, n, layout);
        for (int i = 0; i < k; i++) for (int r = 0; r < n; r++) v[i, r] = 2 * random.NextDouble() - 1;
        return v;
    }

    private static DenseMatrix<double> RandomBlock(Random random, int rows, int columns, DenseLayout layout)
    {
        var c = new DenseMatrix<double>(rows, columns, layout);
        for (int r = 0; r < rows; r++) for (int j = 0; j < columns; j++) c[r, j] = 2 * random.NextDouble() - 1;
        return c;
    }

    /// <summary>Q = H_0·H_1···H_{k−1} with every H_i formed as a dense matrix and multiplied in.</summary>
    private static double[,] FormedQ(DenseMatrix<double> reflectors)
    {
        int k = reflectors.Rows, n = reflectors.Columns;
        var q = new double[n, n];
        for (int r = 0; r < n; r++) q[r, r] = 1;
        for (int i = 0; i < k; i++)
        {
            double norm2 = 0;
            for (int r = 0; r < n; r++) norm2 += reflectors[i, r] * reflectors[i, r];
            var h = new double[n, n];
            for (int r = 0; r < n; r++)
                for (int c = 0; c < n; c++) h[r, c] = (r == c ? 1 : 0) - 2 * reflectors[i, r] * reflectors[i, c] / norm2;
            q = Multiply(q, h);
        }
        return q;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int rows = a.GetLength(0), inner = a.GetLength(1), columns = b.GetLength(1);
        var result = new double[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int l = 0; l < inner; l++)
            {
                double x = a[i, l];
                for (int j = 0; j < columns; j++) result[i, j] += x * b[l, j];
            }
        return result;
    }

    private static double[,] ToArray(DenseMatrix<double> m)
    {
        var result = new double[m.Rows, m.Columns];
        for (int r = 0; r < m.Rows; r++) for (int c = 0; c < m.Columns; c++) result[r, c] = m[r, c];
        return result;
    }

    private static double[,] Transpose(double[,] a)
    {
        var result = new double[a.GetLength(1), a.GetLength(0)];
        for (int r = 0; r < a.GetLength(0); r++) for (int c = 0; c < a.GetLength(1); c++) result[c, r] = a[r, c];
        return result;
    }

    private static double MaxAbs(double[,] a) => a.Cast<double>().Max(Math.Abs);

    private static double MaxDifference(double[,] a, DenseMatrix<double> b)
    {
        Assert.Equal(a.GetLength(0), b.Rows);
        Assert.Equal(a.GetLength(1), b.Columns);
        double worst = 0;
        for (int r = 0; r < b.Rows; r++) for (int c = 0; c < b.Columns; c++) worst = Math.Max(worst, Math.Abs(a[r, c] - b[r, c]));
        return worst;
    }

    [Theory]
    [InlineData(23, 7, DenseLayout.RowMajor)]
    [InlineData(23, 7, DenseLayout.ColumnMajor)]
    [InlineData(5, 5, DenseLayout.RowMajor)]
    [InlineData(1, 1, DenseLayout.RowMajor)]
    public void VectorActionsMatchTheFormedProduct(int n, int k, DenseLayout layout)
    {
        var random = new Random(n * 31 + k);
        var reflectors = RandomReflectors(random, k, n, layout);
        var chain = new HouseholderChain<double>(reflectors);
        var q = FormedQ(reflectors);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var y = new double[n];
        var yt = new double[n];
        var ya = new double[n];
        chain.Apply(x, y);
        chain.ApplyTransposed(x, yt);
        chain.ApplyAdjoint(x, ya);
        for (int r = 0; r < n; r++)
        {
            double expected = 0, expectedTransposed = 0;
            for (int c = 0; c < n; c++) { expected += q[r, c] * x[c]; expectedTransposed += q[c, r] * x[c]; }
            Assert.Equal(expected, y[r], 1e-13);
            Assert.Equal(expectedTransposed, yt[r], 1e-13);
        }
        Assert.Equal(yt, ya);
        // In place (x and y the same span) gives the same result.
        var inPlace = (double[])x.Clone();
        chain.Apply(inPlace, inPlace);
        Assert.Equal(y, inPlace);
    }

    [Fact]
    public void ColumnsInputIsTheSameChain()
    {
        var random = new Random(3);
        var reflectors = RandomReflectors(random, 6, 17);
        var columns = new DenseMatrix<double>(17, 6, DenseLayout.ColumnMajor);
        for (int i = 0; i < 6; i++) for (int r = 0; r < 17; r++) columns[r, i] = reflectors[i, r];
        var a = new HouseholderChain<double>(reflectors);
        var b = HouseholderChain<double>.FromColumns(columns);
        Assert.Equal(6, b.Count);
        var x = Enumerable.Range(0, 17).Select(i => (double)i - 8).ToArray();
        var ya = new double[17];
        var yb = new double[17];
        a.Apply(x, ya);
        b.Apply(x, yb);
        Assert.Equal(ya, yb);
    }

    [Theory]
    [InlineData(37, 11, 13, 4, DenseLayout.RowMajor, DenseLayout.RowMajor)]
    [InlineData(37, 11, 13, 4, DenseLayout.ColumnMajor, DenseLayout.ColumnMajor)]
    [InlineData(37, 11, 13, 4, DenseLayout.RowMajor, DenseLayout.ColumnMajor)]
    [InlineData(37, 11, 13, 4, DenseLayout.ColumnMajor, DenseLayout.RowMajor)]
    [InlineData(40, 40, 9, 32, DenseLayout.RowMajor, DenseLayout.RowMajor)]
    [InlineData(40, 40, 9, 32, DenseLayout.ColumnMajor, DenseLayout.ColumnMajor)]
    [InlineData(29, 9, 3, 1, DenseLayout.RowMajor, DenseLayout.RowMajor)]
    [InlineData(29, 9, 17, 100, DenseLayout.ColumnMajor, DenseLayout.ColumnMajor)]
    [InlineData(8, 3, 1, 2, DenseLayout.RowMajor, DenseLayout.RowMajor)]
    public void BlockActionsMatchTheFormedProduct(int n, int k, int m, int panel, DenseLayout xLayout, DenseLayout yLayout)
    {
        var random = new Random(n + 7 * k + 13 * m + panel);
        var reflectors = RandomReflectors(random, k, n);
        var chain = new HouseholderChain<double>(reflectors, panel);
        Assert.Equal(Math.Min(panel, k), chain.PanelSize);
        var q = FormedQ(reflectors);
        var x = RandomBlock(random, n, m, xLayout);
        var y = new DenseMatrix<double>(n, m, yLayout);
        chain.ApplyToBlock(x, y);
        Assert.True(MaxDifference(Multiply(q, ToArray(x)), y) < 1e-13);
        chain.ApplyTransposedToBlock(x, y);
        Assert.True(MaxDifference(Multiply(Transpose(q), ToArray(x)), y) < 1e-13);
        var sequential = new DenseMatrix<double>(n, m, yLayout);
        chain.ApplyToBlockOneAtATime(x, sequential, transposed: true);
        Assert.True(MaxDifference(Multiply(Transpose(q), ToArray(x)), sequential) < 1e-13);
        chain.ApplyToBlockOneAtATime(x, sequential);
        Assert.True(MaxDifference(Multiply(q, ToArray(x)), sequential) < 1e-13);

        // In place: Y = X.
        var expected = Multiply(q, ToArray(x));
        chain.ApplyToBlock(x, x);
        Assert.True(MaxDifference(expected, x) < 1e-13);
    }

    /// <summary>
    /// WY against one reflector at a time at sizes with several strips, chunks and panels (k = 45 in panels of 32,
    /// k = 100 in the default panels of 64; m = 300 past the 256-column strip).
    /// </summary>
    [Theory]
    [InlineData(DenseLayout.RowMajor, false, 45, 32)]
    [InlineData(DenseLayout.RowMajor, true, 45, 32)]
    [InlineData(DenseLayout.ColumnMajor, false, 45, 32)]
    [InlineData(DenseLayout.ColumnMajor, true, 45, 32)]
    [InlineData(DenseLayout.RowMajor, false, 100, 0)]
    [InlineData(DenseLayout.ColumnMajor, true, 100, 0)]
    public void BlockedEqualsSequentialApplication(DenseLayout layout, bool transposed, int k, int panel)
    {
        const int n = 300, m = 300;
        var random = new Random(k);
        var chain = new HouseholderChain<double>(RandomReflectors(random, k, n), panel);
        Assert.Equal(panel == 0 ? 64 : panel, chain.PanelSize);
        var x = RandomBlock(random, n, m, layout);
        var blocked = new DenseMatrix<double>(n, m, layout);
        var sequential = new DenseMatrix<double>(n, m, layout);
        if (transposed) chain.ApplyTransposedToBlock(x, blocked); else chain.ApplyToBlock(x, blocked);
        chain.ApplyToBlockOneAtATime(x, sequential, transposed);
        double scale = ToArray(sequential).Cast<double>().Max(Math.Abs), worst = 0;
        for (int r = 0; r < n; r++) for (int j = 0; j < m; j++) worst = Math.Max(worst, Math.Abs(blocked[r, j] - sequential[r, j]));
        Assert.True(worst <= 1e-12 * scale, $"max difference {worst} against max entry {scale}");
        // The vector path (one column at a time) agrees as well.
        var column = new double[n];
        var result = new double[n];
        foreach (int j in new[] { 0, 131, 299 })
        {
            for (int r = 0; r < n; r++) column[r] = x[r, j];
            if (transposed) chain.ApplyTransposed(column, result); else chain.Apply(column, result);
            for (int r = 0; r < n; r++) Assert.True(Math.Abs(result[r] - blocked[r, j]) <= 1e-12 * scale);
        }
    }

    [Fact]
    public void QIsOrthogonalAtN512()
    {
        const int n = 512;
        var random = new Random(512);
        var chain = new HouseholderChain<double>(RandomReflectors(random, 100, n));
        var q = ToArray(chain.LeadingColumns(n));
        var gram = Multiply(Transpose(q), q);
        for (int i = 0; i < n; i++) gram[i, i] -= 1;
        Assert.True(MaxAbs(gram) <= 1e-13 * n, $"‖QᵀQ − I‖_max = {MaxAbs(gram)}");
    }

    [Fact]
    public void QIsOrthogonalAtN4096WithK64()
    {
        const int n = 4096, k = 64;
        var random = new Random(4096);
        var reflectors = RandomReflectors(random, k, n);
        var chain = new HouseholderChain<double>(reflectors);
        int[] picked = { 0, 1, 63, 64, 2047, 4095 };
        var e = new DenseMatrix<double>(n, picked.Length);
        for (int j = 0; j < picked.Length; j++) e[picked[j], j] = 1;
        var columns = new DenseMatrix<double>(n, picked.Length);
        chain.ApplyToBlock(e, columns);
        for (int a = 0; a < picked.Length; a++)
            for (int b = 0; b < picked.Length; b++)
            {
                double dot = 0;
                for (int r = 0; r < n; r++) dot += columns[r, a] * columns[r, b];
                Assert.True(Math.Abs(dot - (a == b ? 1 : 0)) <= 1e-13 * n, $"(QᵀQ)[{picked[a]}, {picked[b]}] = {dot}");
            }
        // Column j of Q also from the sequential vector path.
        var unit = new double[n];
        var y = new double[n];
        unit[2047] = 1;
        chain.Apply(unit, y);
        for (int r = 0; r < n; r++) Assert.True(Math.Abs(y[r] - columns[r, 4]) <= 1e-14);
    }

    [Fact]
    public void FloatAgreesWithDouble()
    {
        const int n = 200, k = 40, m = 70;
        var random = new Random(200);
        var reflectors = RandomReflectors(random, k, n);
        var reflectorsF = new DenseMatrix<float>(k, n);
        for (int i = 0; i < k; i++) for (int r = 0; r < n; r++) reflectorsF[i, r] = (float)reflectors[i, r];
        var x = RandomBlock(random, n, m, DenseLayout.RowMajor);
        var xF = new DenseMatrix<float>(n, m);
        for (int r = 0; r < n; r++) for (int j = 0; j < m; j++) xF[r, j] = (float)x[r, j];
        var chain = new HouseholderChain<double>(reflectors, 16);
        var chainF = new HouseholderChain<float>(reflectorsF, 16);
        foreach (bool transposed in new[] { false, true })
        {
            var y = new DenseMatrix<double>(n, m);
            var yF = new DenseMatrix<float>(n, m);
            if (transposed) { chain.ApplyTransposedToBlock(x, y); chainF.ApplyTransposedToBlock(xF, yF); }
            else { chain.ApplyToBlock(x, y); chainF.ApplyToBlock(xF, yF); }
            double worst = 0;
            for (int r = 0; r < n; r++) for (int j = 0; j < m; j++) worst = Math.Max(worst, Math.Abs(y[r, j] - yF[r, j]));
            Assert.True(worst < 2e-5, $"float vs double: {worst}");
            Assert.True(worst > 0); // float really computed in float
        }
        var q = chainF.LeadingColumns(n);
        double orthogonality = 0;
        for (int a = 0; a < n; a += 7)
            for (int b = 0; b < n; b += 11)
            {
                double dot = 0;
                for (int r = 0; r < n; r++) dot += (double)q[r, a] * q[r, b];
                orthogonality = Math.Max(orthogonality, Math.Abs(dot - (a == b ? 1 : 0)));
            }
        Assert.True(orthogonality < 1e-5, $"float QᵀQ − I: {orthogonality}");
    }

    [Fact]
    public void LeadingColumnsAreTheFirstColumnsOfQ()
    {
        var random = new Random(11);
        var reflectors = RandomReflectors(random, 5, 14);
        var chain = new HouseholderChain<double>(reflectors, 2);
        var q = FormedQ(reflectors);
        foreach (int r in new[] { 1, 5, 14 })
        {
            var leading = chain.LeadingColumns(r);
            Assert.Equal(14, leading.Rows);
            Assert.Equal(r, leading.Columns);
            for (int i = 0; i < 14; i++) for (int j = 0; j < r; j++) Assert.Equal(q[i, j], leading[i, j], 1e-14);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => chain.LeadingColumns(0));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => chain.LeadingColumns(15));
        Assert.Contains("[1, 14]", e.Message);
    }

    [Fact]
    public void ProjectIsTheRankRProjectorOfTheLeadingColumns()
    {
        const int n = 19;
        var random = new Random(19);
        var reflectors = RandomReflectors(random, 6, n);
        var chain = new HouseholderChain<double>(reflectors);
        var q = FormedQ(reflectors);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var y = new double[n];
        foreach (int r in new[] { 1, 4, 6, 11, n })
        {
            chain.Project(r, x, y);
            for (int i = 0; i < n; i++)
            {
                double expected = 0;
                for (int j = 0; j < n; j++)
                {
                    double p = 0;
                    for (int l = 0; l < r; l++) p += q[i, l] * q[j, l];
                    expected += p * x[j];
                }
                Assert.Equal(expected, y[i], 1e-13);
            }
            var again = (double[])y.Clone();
            chain.Project(r, again, again); // in place, and idempotent
            for (int i = 0; i < n; i++) Assert.Equal(y[i], again[i], 1e-13);
        }
        Assert.Equal(x, y, new Comparison(1e-13)); // the last rank was n: the identity
        Assert.Throws<ArgumentOutOfRangeException>(() => chain.Project(0, x, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => chain.Project(n + 1, x, y));
        Assert.Throws<ShapeMismatchException>(() => chain.Project(2, x.AsSpan(1), y));
    }

    private sealed class Comparison(double tolerance) : System.Collections.Generic.IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }

    /// <summary>
    /// Householder QR of a random n × k matrix as LAPACK geqrf does it: v_i[i] = 1, zeros above, τ_i = (β − α)/β which
    /// equals 2/‖v_i‖²; the chain of those v_i is geqrf/orgqr's Q.
    /// </summary>
    [Fact]
    public void MatchesTheQOfAHouseholderQr()
    {
        const int n = 50, k = 12;
        var random = new Random(50);
        var a = new double[n, k];
        for (int r = 0; r < n; r++) for (int c = 0; c < k; c++) a[r, c] = 2 * random.NextDouble() - 1;
        var work = (double[,])a.Clone();
        var v = new DenseMatrix<double>(n, k, DenseLayout.ColumnMajor);
        var rFactor = new double[n, k];
        for (int i = 0; i < k; i++)
        {
            double alpha = work[i, i], norm = 0;
            for (int r = i; r < n; r++) norm += work[r, i] * work[r, i];
            norm = Math.Sqrt(norm);
            double beta = alpha >= 0 ? -norm : norm;
            double tau = (beta - alpha) / beta;
            v[i, i] = 1;
            for (int r = i + 1; r < n; r++) v[r, i] = work[r, i] / (alpha - beta);
            double vNorm2 = 0;
            for (int r = i; r < n; r++) vNorm2 += v[r, i] * v[r, i];
            Assert.Equal(2 / vNorm2, tau, 1e-14);
            for (int c = i; c < k; c++)
            {
                double dot = 0;
                for (int r = i; r < n; r++) dot += v[r, i] * work[r, c];
                for (int r = i; r < n; r++) work[r, c] -= tau * v[r, i] * dot;
            }
            for (int c = i; c < k; c++) rFactor[i, c] = work[i, c];
            Assert.Equal(beta, work[i, i], 1e-12);
        }
        var chain = HouseholderChain<double>.FromColumns(v, panelSize: 5);

        // Q·[R; 0] = A.
        var r0 = new DenseMatrix<double>(n, k);
        for (int i = 0; i < k; i++) for (int c = i; c < k; c++) r0[i, c] = rFactor[i, c];
        var qr = new DenseMatrix<double>(n, k);
        chain.ApplyToBlock(r0, qr);
        Assert.True(MaxDifference(a, qr) < 1e-13);

        // Qᵀ·A is upper triangular with R on top.
        var am = new DenseMatrix<double>(n, k, DenseLayout.ColumnMajor);
        for (int r = 0; r < n; r++) for (int c = 0; c < k; c++) am[r, c] = a[r, c];
        var qta = new DenseMatrix<double>(n, k, DenseLayout.ColumnMajor);
        chain.ApplyTransposedToBlock(am, qta);
        for (int r = 0; r < n; r++)
            for (int c = 0; c < k; c++)
                Assert.True(Math.Abs(qta[r, c] - (r <= c ? rFactor[r, c] : 0)) < 1e-13, $"(QᵀA)[{r}, {c}] = {qta[r, c]}");
    }

    [Fact]
    public void GradientMatchesCentralDifferences()
    {
        const int n = 9, k = 4, m = 3;
        var random = new Random(9);
        var reflectors = RandomReflectors(random, k, n);
        for (int r = 0; r < n; r++) reflectors[2, r] *= 40; // a reflector far from unit length: the scale is accounted for
        var c = RandomBlock(random, n, m, DenseLayout.ColumnMajor);
        var g = RandomBlock(random, n, m, DenseLayout.RowMajor);
        var chain = new HouseholderChain<double>(reflectors, 3);
        var gradient = new double[k * n];
        double value = chain.Gradient(c, g, gradient);

        double Objective(DenseMatrix<double> v)
        {
            var qc = Multiply(FormedQ(v), ToArray(c));
            double f = 0;
            for (int r = 0; r < n; r++) for (int j = 0; j < m; j++) f += g[r, j] * qc[r, j];
            return f;
        }

        Assert.Equal(Objective(reflectors), value, 1e-12);
        for (int i = 0; i < k; i++)
            for (int r = 0; r < n; r++)
            {
                double saved = reflectors[i, r], h = 1e-5 * Math.Max(1, Math.Abs(saved));
                reflectors[i, r] = saved + h;
                double plus = Objective(reflectors);
                reflectors[i, r] = saved - h;
                double minus = Objective(reflectors);
                reflectors[i, r] = saved;
                double expected = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(expected - gradient[i * n + r]) <= 1e-6 * (1 + Math.Abs(expected)),
                    $"∂f/∂v[{i}][{r}]: {gradient[i * n + r]} vs finite difference {expected}");
            }
        // A second call (workspaces reused) gives the same gradient.
        var again = new double[k * n];
        Assert.Equal(value, chain.Gradient(c, g, again));
        Assert.Equal(gradient, again);
    }

    [Fact]
    public void SteadyStateCallsDoNotAllocate()
    {
        var random = new Random(5);
        var chain = new HouseholderChain<double>(RandomReflectors(random, 40, 120));
        var x = RandomBlock(random, 120, 300, DenseLayout.RowMajor);
        var y = new DenseMatrix<double>(120, 300);
        var xc = RandomBlock(random, 120, 20, DenseLayout.ColumnMajor);
        var yc = new DenseMatrix<double>(120, 20, DenseLayout.ColumnMajor);
        var v = new double[120];
        var w = new double[120];
        var gradient = new double[40 * 120];
        void Calls()
        {
            chain.ApplyToBlock(x, y);
            chain.ApplyTransposedToBlock(x, y);
            chain.ApplyToBlock(xc, yc);
            chain.ApplyToBlockOneAtATime(x, y);
            chain.Apply(v, w);
            chain.ApplyTransposed(v, w);
            chain.Gradient(xc, yc, gradient);
        }
        SparseDsl.Tests.Verification.SteadyState.AllocatesNothing(Calls, "the chain's products and gradient");
    }

    [Fact]
    public void BadInputIsRejectedWithItsReason()
    {
        Assert.Throws<ArgumentNullException>(() => new HouseholderChain<double>(null!));
        var e = Assert.Throws<ArgumentException>(() => new HouseholderChain<double>(new DenseMatrix<double>(0, 5)));
        Assert.Contains("at least one reflector", e.Message);
        e = Assert.Throws<ArgumentException>(() => new HouseholderChain<double>(new DenseMatrix<double>(6, 5, Enumerable.Repeat(1.0, 30).ToArray())));
        Assert.Contains("6 reflectors of length 5", e.Message);
        var nan = new DenseMatrix<double>(2, 4, Enumerable.Repeat(1.0, 8).ToArray());
        nan[1, 2] = double.NaN;
        e = Assert.Throws<ArgumentException>(() => new HouseholderChain<double>(nan));
        Assert.Contains("reflector 1", e.Message);
        Assert.Contains("position 2", e.Message);
        var infinite = new DenseMatrix<float>(1, 3, new[] { 1f, float.PositiveInfinity, 0f });
        e = Assert.Throws<ArgumentException>(() => new HouseholderChain<float>(infinite));
        Assert.Contains("non-finite", e.Message);
        var zero = new DenseMatrix<double>(3, 4, Enumerable.Repeat(1.0, 12).ToArray());
        for (int r = 0; r < 4; r++) zero[2, r] = 0;
        e = Assert.Throws<ArgumentException>(() => new HouseholderChain<double>(zero));
        Assert.Contains("reflector 2", e.Message);
        Assert.Contains("is zero", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HouseholderChain<double>(new DenseMatrix<double>(1, 3, new[] { 1.0, 2, 3 }), panelSize: -1));
        Assert.Throws<NotSupportedException>(() => new HouseholderChain<Half>(new DenseMatrix<Half>(1, 1, new[] { Half.One })));

        var chain = new HouseholderChain<double>(new DenseMatrix<double>(2, 6, Enumerable.Range(1, 12).Select(i => (double)i).ToArray()));
        var s = Assert.Throws<ShapeMismatchException>(() => chain.Apply(new double[5], new double[6]));
        Assert.Contains("x has length 5", s.Message);
        s = Assert.Throws<ShapeMismatchException>(() => chain.ApplyTransposed(new double[6], new double[7]));
        Assert.Contains("y has length 7", s.Message);
        s = Assert.Throws<ShapeMismatchException>(() => chain.ApplyToBlock(new DenseMatrix<double>(6, 3), new DenseMatrix<double>(6, 2)));
        Assert.Contains("Y is 6 x 2", s.Message);
        s = Assert.Throws<ShapeMismatchException>(() => chain.ApplyTransposedToBlock(new DenseMatrix<double>(5, 3), new DenseMatrix<double>(5, 3)));
        Assert.Contains("X is 5 x 3", s.Message);
        s = Assert.Throws<ShapeMismatchException>(() => chain.Gradient(new DenseMatrix<double>(6, 3), new DenseMatrix<double>(6, 3), new double[11]));
        Assert.Contains("needs k·n = 2·6 = 12", s.Message);
        s = Assert.Throws<ShapeMismatchException>(() => chain.Gradient(new DenseMatrix<double>(6, 3), new DenseMatrix<double>(6, 4), new double[12]));
        Assert.Contains("G is 6 x 4", s.Message);
    }
}

/// <summary>HouseholderProjector against the projector formed from the chain's leading columns.</summary>
public class HouseholderProjectorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void AppliesQrQrTransposedToVectorsAndBlocks(int rank)
    {
        var random = new System.Random(rank);
        var reflectors = new DenseMatrix<double>(9, 20);
        for (int i = 0; i < reflectors.Values.Length; i++) reflectors.Values[i] = random.NextDouble() - 0.5;
        var chain = new HouseholderChain<double>(reflectors);
        var projector = new HouseholderProjector<double>(chain, rank);
        var basis = chain.LeadingColumns(rank);
        var formed = new double[20, 20];
        for (int i = 0; i < 20; i++) for (int j = 0; j < 20; j++) for (int c = 0; c < rank; c++) formed[i, j] += basis[i, c] * basis[j, c];

        var x = new double[20];
        for (int i = 0; i < 20; i++) x[i] = random.NextDouble();
        var y = new double[20];
        projector.Apply(x, y);
        var z = new double[20];
        projector.ApplyTransposed(x, z);
        var block = new DenseMatrix<double>(20, 3);
        for (int i = 0; i < block.Values.Length; i++) block.Values[i] = random.NextDouble();
        var projected = new DenseMatrix<double>(20, 3);
        projector.ApplyToBlock(block, projected);
        for (int i = 0; i < 20; i++)
        {
            double expected = 0;
            for (int j = 0; j < 20; j++) expected += formed[i, j] * x[j];
            Xunit.Assert.Equal(expected, y[i], 1e-12);
            Xunit.Assert.Equal(expected, z[i], 1e-12);
            for (int c = 0; c < 3; c++)
            {
                double e = 0;
                for (int j = 0; j < 20; j++) e += formed[i, j] * block[j, c];
                Xunit.Assert.Equal(e, projected[i, c], 1e-12);
            }
        }
        Xunit.Assert.Throws<System.ArgumentOutOfRangeException>(() => new HouseholderProjector<double>(chain, 21));
        Xunit.Assert.Throws<ShapeMismatchException>(() => projector.Apply(new double[19], y));
    }
}
