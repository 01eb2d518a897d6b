using System;
using System.Numerics;
using SparseDsl.Generated.Operators;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// The classes and kernels generated from Specs/Operators.sparse (operator declarations) against the Kronecker
/// product formed entry by entry and multiplied naively. Entries are small integers, so every product is exact and
/// the comparisons are equalities; every action (A·x, Aᵀ·x, Aᴴ·x, A·X), the epilogue forms and the checks the
/// generated constructors add (declared size, declared layout) are covered.
/// </summary>
public class OperatorKernelTests
{
    private static DenseMatrix<T> Random<T>(Random random, int rows, int columns, Func<int, int, T> value, DenseLayout layout = DenseLayout.RowMajor)
        where T : unmanaged, INumberBase<T>
    {
        var m = new DenseMatrix<T>(rows, columns, layout);
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) m[r, c] = value(random.Next(-4, 5), random.Next(-4, 5));
        return m;
    }

    private static Complex C(int re, int im) => new(re, im);

    private static T[,] Formed<T>(params DenseMatrix<T>[] factors) where T : unmanaged, INumberBase<T>
        => SparseDsl.Tests.Verification.KroneckerReference.Formed(factors);

    /// <summary>op(M)·x naively; <paramref name="transpose"/> and <paramref name="conjugate"/> pick Mᵀ and Mᴴ.</summary>
    private static T[] Multiply<T>(T[,] m, T[] x, bool transpose = false, bool conjugate = false) where T : unmanaged, INumberBase<T>
    {
        int rows = transpose ? m.GetLength(1) : m.GetLength(0), inner = transpose ? m.GetLength(0) : m.GetLength(1);
        var y = new T[rows];
        for (int i = 0; i < rows; i++)
        {
            T sum = T.Zero;
            for (int j = 0; j < inner; j++)
            {
                T entry = transpose ? m[j, i] : m[i, j];
                if (conjugate && entry is Complex z) entry = (T)(object)Complex.Conjugate(z);
                sum += entry * x[j];
            }
            y[i] = sum;
        }
        return y;
    }

    private static T[] RandomVector<T>(Random random, int length, Func<int, int, T> value) where T : unmanaged, INumberBase<T>
    {
        var x = new T[length];
        for (int i = 0; i < length; i++) x[i] = value(random.Next(-4, 5), random.Next(-4, 5));
        return x;
    }

    [Fact]
    public void ComplexChannelAppliesItselfItsAdjointAndItsTranspose()
    {
        var random = new Random(1);
        var a1 = Random(random, 3, 18, C);
        var a2 = Random(random, 6, 18, C);
        var a3 = Random(random, 16, 18, C);
        var h = new Operators.Channel(a1, a2, a3);
        Assert.Equal((Operators.Channel.RowCount, Operators.Channel.ColumnCount), (h.Rows, h.Columns));
        Assert.Equal((288, 5832), (h.Rows, h.Columns));
        var formed = Formed(a1, a2, a3);

        var x = RandomVector(random, h.Columns, C);
        var y = new Complex[h.Rows];
        Operators.Measure(h, x, y);
        Assert.Equal(Multiply(formed, x), y);

        var r = RandomVector(random, h.Rows, C);
        var z = new Complex[h.Columns];
        Operators.Correlate(h, r, z);
        Assert.Equal(Multiply(formed, r, transpose: true, conjugate: true), z);
        Operators.CorrelateT(h, r, z);
        Assert.Equal(Multiply(formed, r, transpose: true), z);
        // The two differ for complex factors: the spec's H' is not H.'
        Assert.NotEqual(Multiply(formed, r, transpose: true, conjugate: true), z);
    }

    [Fact]
    public void RealOperatorWithEpilogueCombinesAsWritten()
    {
        var random = new Random(2);
        var ax = Random(random, 4, 4, (a, _) => (double)a);
        var ay = Random(random, 5, 3, (a, _) => (double)a, DenseLayout.ColumnMajor);
        var g = new Operators.Grid(ax, ay);
        var formed = Formed(ax, ay);
        var x = RandomVector(random, g.Columns, (a, _) => (double)a);
        var y0 = RandomVector(random, g.Rows, (a, _) => (double)a);

        var y = (double[])y0.Clone();
        Operators.Smooth(g, x, y, alpha: 3, beta: -2);
        var product = Multiply(formed, x);
        for (int i = 0; i < y.Length; i++) Assert.Equal(3 * product[i] - 2 * y0[i], y[i]);

        // beta = 0 overwrites: whatever y held (NaN here) does not reach the result.
        Array.Fill(y, double.NaN);
        Operators.Smooth(g, x, y, alpha: 1, beta: 0);
        Assert.Equal(product, y);

        // y = G' * x + y over a real operator: the transpose, added.
        var t = RandomVector(random, g.Rows, (a, _) => (double)a);
        var u0 = RandomVector(random, g.Columns, (a, _) => (double)a);
        var u = (double[])u0.Clone();
        Operators.SmoothT(g, t, u);
        var transposed = Multiply(formed, t, transpose: true);
        for (int i = 0; i < u.Length; i++) Assert.Equal(transposed[i] + u0[i], u[i]);
    }

    [Theory]
    [InlineData(DenseLayout.RowMajor)]
    [InlineData(DenseLayout.ColumnMajor)]
    public void BlockKernelsApplyEveryColumn(DenseLayout layout)
    {
        var random = new Random(3);
        var b = Random(random, 8, 8, (a, _) => (float)a);
        var c = Random(random, 8, 8, (a, _) => (float)a);
        var p = new Operators.Pair(b, c);
        var formed = Formed(b, c);
        const int k = 5;
        var x = Random(random, 64, k, (a, _) => (float)a, layout);
        var y0 = Random(random, 64, k, (a, _) => (float)a, layout);

        var y = new DenseMatrix<float>(64, k, layout);
        Operators.Batch(p, x, y);
        var scaled = new DenseMatrix<float>(64, k, (float[])y0.Values.Clone(), layout);
        Operators.BatchScaled(p, x, scaled);
        for (int column = 0; column < k; column++)
        {
            var xj = new float[64];
            for (int i = 0; i < 64; i++) xj[i] = x[i, column];
            var expected = Multiply(formed, xj);
            for (int i = 0; i < 64; i++)
            {
                Assert.Equal(expected[i], y[i, column]);
                Assert.Equal(2 * expected[i] - y0[i, column], scaled[i, column]);
            }
        }
    }

    [Fact]
    public void ConstructorsRejectFactorsThatDifferFromTheSpec()
    {
        var random = new Random(4);
        var a1 = Random(random, 3, 18, C);
        var a2 = Random(random, 6, 18, C);
        var wrongSize = Random(random, 16, 17, C);
        var error = Assert.Throws<ShapeMismatchException>(() => new Operators.Channel(a1, a2, wrongSize));
        Assert.Equal("Channel: the factor A3 is 16 x 17 but the spec declares 16 x 18 (Parameter 'a3')", error.Message);

        var square = Random(random, 4, 4, (a, _) => (double)a);
        var rowMajor = Random(random, 2, 2, (a, _) => (double)a);
        var layout = Assert.Throws<ShapeMismatchException>(() => new Operators.Grid(square, rowMajor));
        Assert.Contains("the factor Ay is RowMajor but the spec declares layout: col", layout.Message);
        Assert.Throws<ArgumentNullException>(() => new Operators.Grid(null!, rowMajor));
    }

    [Fact]
    public void KernelsRejectOperandsOfTheWrongLength()
    {
        var random = new Random(5);
        var g = new Operators.Grid(Random(random, 4, 4, (a, _) => (double)a), Random(random, 2, 3, (a, _) => (double)a, DenseLayout.ColumnMajor));
        Assert.Throws<ShapeMismatchException>(() => Operators.Smooth(g, new double[12], new double[7], 1, 0));
        Assert.Throws<ShapeMismatchException>(() => Operators.Smooth(g, new double[11], new double[8], 1, 0));
        Assert.Throws<ArgumentNullException>(() => Operators.Smooth(null!, new double[12], new double[8], 1, 0));
    }

    [Fact]
    public void SparseFactorAppliesItsAdjoint()
    {
        var random = new Random(6);
        var dense = Random(random, 4, 5, C);
        for (int i = 0; i < dense.Values.Length; i++) if (i % 3 != 0) dense.Values[i] = Complex.Zero;
        var d = Random(random, 2, 3, C);
        var b = new Operators.Banded(CsrMatrix<Complex>.FromDense(dense), d);
        var formed = Formed(dense, d);
        var y = RandomVector(random, b.Rows, C);
        var z = new Complex[b.Columns];
        Operators.BandedAdjoint(b, y, z);
        Assert.Equal(Multiply(formed, y, transpose: true, conjugate: true), z);
        Assert.Throws<ShapeMismatchException>(() => new Operators.Banded(CsrMatrix<Complex>.FromDense(dense), Random(random, 3, 3, C)));
    }

    [Fact]
    public void LowRankPlusSparseIsBTimesAPlusSOnTheSeededSupport()
    {
        var random = new Random(8);
        var b = Random(random, 1024, 32, (v, _) => (float)v);
        var a = Random(random, 32, 1024, (v, _) => (float)v);
        var support = RandomSupport.Csc<float>(1024, 1024, 0.03, 1);
        Assert.InRange(support.NonZeroCount / (1024.0 * 1024.0), 0.029, 0.031);
        var values = new float[support.NonZeroCount];
        for (int i = 0; i < values.Length; i++) values[i] = random.Next(-4, 5);
        var w = new Operators.Adapted(b, a, values);
        Assert.Equal(support.RowIndices.ToArray(), w.Operator.S.RowIndices.ToArray());
        var x = RandomVector(random, 1024, (v, _) => (float)v);
        var y = new float[1024];
        Operators.Adapt(w, x, y);
        // The reference: rows of B·A and S's entries, summed in double (every term is an exact small integer).
        var s = CsrMatrix<float>.FromDense(support.WithValues(values).ToDense());
        foreach (int row in new[] { 0, 17, 511, 1023 })
        {
            double expected = 0;
            for (int j = 0; j < 1024; j++)
            {
                double entry = 0;
                for (int k = 0; k < 32; k++) entry += b[row, k] * a[k, j];
                expected += entry * x[j];
            }
            for (int p = s.RowPointers[row]; p < s.RowPointers[row + 1]; p++) expected += s.Values[p] * x[s.ColumnIndices[p]];
            Assert.Equal(expected, y[row]);
        }
        Assert.Throws<ShapeMismatchException>(() => new Operators.Adapted(b, a, new float[3]));
        Assert.Throws<ShapeMismatchException>(() => new Operators.Adapted(a, b));
    }
}
