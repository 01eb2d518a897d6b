using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>
/// KroneckerOperator and the Kronecker algebra against the explicitly formed product (small sizes), for real and
/// complex factors, both dense layouts, rectangular factors and every action.
/// </summary>
public class KroneckerTests
{
    private static DenseMatrix<double> RandomReal(Random random, int rows, int columns, DenseLayout layout)
    {
        var m = new DenseMatrix<double>(rows, columns, layout);
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) m[r, c] = random.Next(-4, 5);
        return m;
    }

    private static DenseMatrix<Complex> RandomComplex(Random random, int rows, int columns, DenseLayout layout)
    {
        var m = new DenseMatrix<Complex>(rows, columns, layout);
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) m[r, c] = new Complex(random.Next(-4, 5), random.Next(-4, 5));
        return m;
    }

    private static T[,] Formed<T>(params DenseMatrix<T>[] factors) where T : unmanaged, INumberBase<T>
        => SparseDsl.Tests.Verification.KroneckerReference.Formed(factors);

    private static T[] Multiply<T>(T[,] a, T[] x, bool transposed, Func<T, T> entry) where T : INumberBase<T>
    {
        int rows = a.GetLength(0), columns = a.GetLength(1);
        var y = new T[transposed ? columns : rows];
        for (int i = 0; i < y.Length; i++)
        {
            T sum = T.Zero;
            for (int j = 0; j < x.Length; j++) sum += entry(transposed ? a[j, i] : a[i, j]) * x[j];
            y[i] = sum;
        }
        return y;
    }

    public static TheoryData<int[]> Shapes => new()
    {
        new[] { 3, 4 },
        new[] { 2, 3, 4, 2 },
        new[] { 3, 2, 1, 4, 2, 3 },
        new[] { 2, 5, 4, 1, 3, 3 },
        new[] { 1, 1, 2, 2, 3, 1, 1, 4 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RealProductEqualsTheFormedProductForEveryAction(int[] shape)
    {
        var random = new Random(shape.Sum());
        var factors = Enumerable.Range(0, shape.Length / 2)
            .Select(i => RandomReal(random, shape[2 * i], shape[2 * i + 1], i % 2 == 0 ? DenseLayout.RowMajor : DenseLayout.ColumnMajor))
            .ToArray();
        var op = new KroneckerOperator<double>(factors);
        var formed = Formed(factors);
        Assert.Equal(formed.GetLength(0), op.Rows);
        Assert.Equal(formed.GetLength(1), op.Columns);

        var x = Enumerable.Range(0, op.Columns).Select(_ => (double)random.Next(-3, 4)).ToArray();
        var y = new double[op.Rows];
        op.Apply(x, y);
        Assert.Equal(Multiply(formed, x, false, v => v), y); // small integers: exact

        var u = Enumerable.Range(0, op.Rows).Select(_ => (double)random.Next(-3, 4)).ToArray();
        var v = new double[op.Columns];
        op.ApplyTransposed(u, v);
        Assert.Equal(Multiply(formed, u, true, e => e), v);
        var w = new double[op.Columns];
        op.ApplyAdjoint(u, w);
        Assert.Equal(v, w);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ComplexAdjointConjugatesAndTransposeDoesNot(int[] shape)
    {
        var random = new Random(100 + shape.Sum());
        var factors = Enumerable.Range(0, shape.Length / 2)
            .Select(i => RandomComplex(random, shape[2 * i], shape[2 * i + 1], i % 2 == 1 ? DenseLayout.RowMajor : DenseLayout.ColumnMajor))
            .ToArray();
        var op = new KroneckerOperator<Complex>(factors);
        var formed = Formed(factors);
        var x = Enumerable.Range(0, op.Columns).Select(_ => new Complex(random.Next(-3, 4), random.Next(-3, 4))).ToArray();
        var y = new Complex[op.Rows];
        op.Apply(x, y);
        Assert.Equal(Multiply(formed, x, false, e => e), y);

        var u = Enumerable.Range(0, op.Rows).Select(_ => new Complex(random.Next(-3, 4), random.Next(-3, 4))).ToArray();
        var transposed = new Complex[op.Columns];
        var adjoint = new Complex[op.Columns];
        op.ApplyTransposed(u, transposed);
        op.ApplyAdjoint(u, adjoint);
        Assert.Equal(Multiply(formed, u, true, e => e), transposed);
        Assert.Equal(Multiply(formed, u, true, Complex.Conjugate), adjoint);
        Assert.NotEqual(transposed, adjoint);
    }

    [Theory]
    [InlineData(DenseLayout.RowMajor)]
    [InlineData(DenseLayout.ColumnMajor)]
    public void SimdPathsOfFloatAndDoubleEqualTheFormedProduct(DenseLayout layout)
    {
        // Sizes past every vector width with remainders, so the SIMD dot, the SIMD axpy and their tails all run.
        var random = new Random(17);
        var factors = new[] { RandomReal(random, 9, 13, layout), RandomReal(random, 17, 6, layout), RandomReal(random, 5, 11, layout) };
        var formed = Formed(factors);
        var x = Enumerable.Range(0, formed.GetLength(1)).Select(_ => (double)random.Next(-3, 4)).ToArray();
        var u = Enumerable.Range(0, formed.GetLength(0)).Select(_ => (double)random.Next(-3, 4)).ToArray();
        var expected = Multiply(formed, x, false, e => e);
        var expectedTransposed = Multiply(formed, u, true, e => e);

        var op = new KroneckerOperator<double>(factors);
        var y = new double[op.Rows];
        var v = new double[op.Columns];
        op.Apply(x, y);
        op.ApplyTransposed(u, v);
        Assert.Equal(expected, y); // integers below 2^53: exact in any summation order
        Assert.Equal(expectedTransposed, v);

        var singles = factors.Select(f =>
        {
            var m = new DenseMatrix<float>(f.Rows, f.Columns, layout);
            for (int r = 0; r < f.Rows; r++) for (int c = 0; c < f.Columns; c++) m[r, c] = (float)f[r, c];
            return m;
        }).ToArray();
        var opF = new KroneckerOperator<float>(singles);
        var yF = new float[opF.Rows];
        var vF = new float[opF.Columns];
        opF.Apply(x.Select(e => (float)e).ToArray(), yF);
        opF.ApplyTransposed(u.Select(e => (float)e).ToArray(), vF);
        Assert.Equal(expected, yF.Select(e => (double)e).ToArray()); // |sums| < 2^24: exact in float too
        Assert.Equal(expectedTransposed, vF.Select(e => (double)e).ToArray());
    }

    [Fact]
    public void ShrinkingFactorsAreAppliedFirstAndTheResultDoesNotDependOnTheOrder()
    {
        var random = new Random(7);
        // 2 x 8 shrinks, 8 x 2 grows: the cheap order applies the shrinking factor first.
        var grow = RandomReal(random, 8, 2, DenseLayout.RowMajor);
        var shrink = RandomReal(random, 2, 8, DenseLayout.RowMajor);
        var op = new KroneckerOperator<double>(grow, shrink);
        Assert.Equal(new[] { 1, 0 }, op.FactorOrder.ToArray());
        var x = Enumerable.Range(0, op.Columns).Select(i => (double)(i % 5 - 2)).ToArray();
        var y = new double[op.Rows];
        op.Apply(x, y);
        Assert.Equal(Multiply(Formed(new[] { grow, shrink }), x, false, e => e), y);
    }

    [Fact]
    public void BlockApplicationEqualsColumnByColumnInBothLayouts()
    {
        var random = new Random(3);
        var op = new KroneckerOperator<double>(RandomReal(random, 3, 2, DenseLayout.RowMajor), RandomReal(random, 2, 4, DenseLayout.ColumnMajor));
        foreach (var layout in new[] { DenseLayout.RowMajor, DenseLayout.ColumnMajor })
        {
            var x = new DenseMatrix<double>(op.Columns, 3, layout);
            for (int i = 0; i < op.Columns; i++) for (int j = 0; j < 3; j++) x[i, j] = random.Next(-3, 4);
            var y = new DenseMatrix<double>(op.Rows, 3, layout);
            op.ApplyToBlock(x, y);
            for (int j = 0; j < 3; j++)
            {
                var column = Enumerable.Range(0, op.Columns).Select(i => x[i, j]).ToArray();
                var expected = new double[op.Rows];
                op.Apply(column, expected);
                Assert.Equal(expected, Enumerable.Range(0, op.Rows).Select(i => y[i, j]).ToArray());
            }
        }
    }

    [Fact]
    public void WrongLengthsAreShapeErrorsNamingBothLengths()
    {
        var op = new KroneckerOperator<double>(new DenseMatrix<double>(2, 3), new DenseMatrix<double>(4, 5));
        var e = Assert.Throws<ShapeMismatchException>(() => op.Apply(new double[14], new double[8]));
        Assert.Contains("x has length 14", e.Message);
        Assert.Contains("15", e.Message);
        e = Assert.Throws<ShapeMismatchException>(() => op.Apply(new double[15], new double[7]));
        Assert.Contains("y has length 7", e.Message);
        Assert.Throws<ShapeMismatchException>(() => op.ApplyTransposed(new double[15], new double[8]));
        Assert.Throws<ShapeMismatchException>(() => op.ApplyToBlock(new DenseMatrix<double>(15, 2), new DenseMatrix<double>(8, 3)));
        Assert.Throws<ArgumentException>(() => new KroneckerOperator<double>());
        Assert.Throws<ArgumentException>(() => new KroneckerOperator<double>(new DenseMatrix<double>(0, 3)));
    }

    [Fact]
    public void ApplyAllocatesNothingAfterTheFirstCall()
    {
        var random = new Random(5);
        var op = new KroneckerOperator<double>(RandomReal(random, 16, 16, DenseLayout.RowMajor), RandomReal(random, 8, 12, DenseLayout.RowMajor), RandomReal(random, 6, 4, DenseLayout.ColumnMajor));
        var x = new double[op.Columns];
        var y = new double[op.Rows];
        SparseDsl.Tests.Verification.SteadyState.AllocatesNothing(() => { op.Apply(x, y); op.ApplyTransposed(y, x); }, "KroneckerOperator.Apply and ApplyTransposed");
    }

    [Fact]
    public void DiagonalOfAProductOfDiagonalsIsTheirKroneckerProduct()
    {
        var d = Kronecker.Diagonal(new[] { 1.0, 2.0 }, new[] { 3.0, 5.0, 7.0 });
        Assert.Equal(new[] { 3.0, 5.0, 7.0, 6.0, 10.0, 14.0 }, d);
        var formed = Formed(new[] { Diag(new[] { 2.0, -1.0 }), Diag(new[] { 4.0 }), Diag(new[] { 1.0, 3.0 }) });
        var expected = Enumerable.Range(0, 4).Select(i => formed[i, i]).ToArray();
        Assert.Equal(expected, Kronecker.Diagonal(new[] { 2.0, -1.0 }, new[] { 4.0 }, new[] { 1.0, 3.0 }));
    }

    private static DenseMatrix<double> Diag(double[] d)
    {
        var m = new DenseMatrix<double>(d.Length, d.Length);
        for (int i = 0; i < d.Length; i++) m[i, i] = d[i];
        return m;
    }

    [Fact]
    public void LogDeterminantOfAProductFollowsFromTheFactors()
    {
        // |K1 ⊗ K2| = |K1|^n2 · |K2|^n1 for K1 2 x 2 and K2 3 x 3.
        double log1 = Math.Log(3.0), log2 = Math.Log(5.0);
        Assert.Equal(3 * log1 + 2 * log2, Kronecker.LogDeterminant(new[] { 2, 3 }, new[] { log1, log2 }), 12);
        // A diagonal check against the formed product: the log-determinant is the sum of the logs of its diagonal.
        var d = Kronecker.Diagonal(new[] { 2.0, 3.0 }, new[] { 5.0, 7.0, 11.0 });
        double direct = d.Sum(Math.Log);
        double fromFactors = Kronecker.LogDeterminant(new[] { 2, 3 }, new[] { Math.Log(6.0), Math.Log(385.0) });
        Assert.Equal(direct, fromFactors, 12);
        Assert.Throws<ArgumentException>(() => Kronecker.LogDeterminant(new[] { 2 }, new[] { double.NaN }));
    }

    [Fact]
    public void MixedProductEqualsTheProductOfTheFormedMatrices()
    {
        var random = new Random(11);
        var a = new[] { RandomReal(random, 2, 3, DenseLayout.RowMajor), RandomReal(random, 2, 2, DenseLayout.ColumnMajor) };
        var c = new[] { RandomReal(random, 3, 2, DenseLayout.ColumnMajor), RandomReal(random, 2, 3, DenseLayout.RowMajor) };
        var product = Formed(Kronecker.MixedProduct<double>(a, c));
        var fa = Formed(a); var fc = Formed(c);
        for (int i = 0; i < fa.GetLength(0); i++)
            for (int j = 0; j < fc.GetLength(1); j++)
            {
                double sum = 0;
                for (int k = 0; k < fa.GetLength(1); k++) sum += fa[i, k] * fc[k, j];
                Assert.Equal(sum, product[i, j]);
            }
        Assert.Throws<ShapeMismatchException>(() => Kronecker.MixedProduct<double>(a, a));
    }

    [Fact]
    public void DiagonalOfACongruenceMatchesTheFormedProduct()
    {
        var random = new Random(13);
        var b = new[] { RandomComplex(random, 2, 3, DenseLayout.RowMajor), RandomComplex(random, 3, 2, DenseLayout.ColumnMajor) };
        var d = Enumerable.Range(0, 6).Select(i => 0.5 + i).ToArray();
        var formed = Formed(b);
        var expected = new double[formed.GetLength(0)];
        for (int r = 0; r < expected.Length; r++)
        {
            Complex sum = 0;
            for (int j = 0; j < d.Length; j++) sum += formed[r, j] * d[j] * Complex.Conjugate(formed[r, j]);
            Assert.Equal(0, sum.Imaginary, 9);
            expected[r] = sum.Real;
        }
        var actual = Kronecker.DiagonalOfCongruence<Complex>(b, d);
        for (int r = 0; r < expected.Length; r++) Assert.Equal(expected[r], actual[r], 9);
        Assert.Throws<ShapeMismatchException>(() => Kronecker.DiagonalOfCongruence<Complex>(b, new double[5]));
    }
}

/// <summary>KroneckerOperator with CSR factors beside dense ones, against the formed product, for every action.</summary>
public class SparseKroneckerFactorTests
{
    private static DenseMatrix<T> Sparse<T>(Random random, int rows, int columns, Func<Random, T> value) where T : unmanaged, INumberBase<T>
    {
        var m = new DenseMatrix<T>(rows, columns);
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) if (random.Next(3) == 0) m[r, c] = value(random);
        m[rows - 1, columns - 1] = value(random);
        return m;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CsrFactorsGiveTheFormedProduct(bool complex)
    {
        if (complex) Check<Complex>(r => new Complex(r.Next(-3, 4), r.Next(-3, 4)));
        else Check<double>(r => r.Next(-3, 4));
    }

    private static void Check<T>(Func<Random, T> value) where T : unmanaged, INumberBase<T>
    {
        var random = new Random(7);
        var a = Sparse(random, 4, 5, value);
        var b = Sparse(random, 3, 2, value);
        var c = Sparse(random, 2, 6, value);
        var op = new KroneckerOperator<T>(CsrMatrix<T>.FromDense(a), b, CsrMatrix<T>.FromDense(c));
        var reference = new KroneckerOperator<T>(a, b, c);
        Assert.False(op.IsDense);
        Assert.Throws<InvalidOperationException>(() => op.Factors.Length);
        Assert.Equal(3, op.StoredFactors.Length);
        var x = new T[op.Columns];
        for (int i = 0; i < x.Length; i++) x[i] = value(random);
        var r = new T[op.Rows];
        for (int i = 0; i < r.Length; i++) r[i] = value(random);
        T[] Run(KroneckerOperator<T> o, int action, T[] input)
        {
            var output = new T[action == 0 ? o.Rows : o.Columns];
            if (action == 0) o.Apply(input, output);
            else if (action == 1) o.ApplyTransposed(input, output);
            else o.ApplyAdjoint(input, output);
            return output;
        }
        Assert.Equal(Run(reference, 0, x), Run(op, 0, x));
        Assert.Equal(Run(reference, 1, r), Run(op, 1, r));
        Assert.Equal(Run(reference, 2, r), Run(op, 2, r));
        var block = new DenseMatrix<T>(op.Columns, 3);
        for (int i = 0; i < block.Values.Length; i++) block.Values[i] = value(random);
        var expected = new DenseMatrix<T>(op.Rows, 3);
        var actual = new DenseMatrix<T>(op.Rows, 3);
        reference.ApplyToBlock(block, expected);
        op.ApplyToBlock(block, actual);
        Assert.Equal(expected.Values, actual.Values);
        Assert.Throws<ArgumentException>(() => new KroneckerOperator<T>(new IStoredMatrix<T>[] { a, CooMatrixOf(a) }));
    }

    private static CooMatrix<T> CooMatrixOf<T>(DenseMatrix<T> m) where T : unmanaged, INumberBase<T>
        => new(m.Rows, m.Columns, new[] { 0 }, new[] { 0 }, new[] { T.One });
}

/// <summary>KroneckerOperator.ToDense against the product formed entry by entry.</summary>
public class KroneckerToDenseTests
{
    [Fact]
    public void ToDenseIsTheFormedProduct()
    {
        var random = new Random(9);
        DenseMatrix<double> Factor(int rows, int columns)
        {
            var m = new DenseMatrix<double>(rows, columns);
            for (int i = 0; i < m.Values.Length; i++) m.Values[i] = random.Next(-4, 5);
            return m;
        }
        var a = Factor(2, 3);
        var b = Factor(4, 2);
        var formed = SparseDsl.Tests.Verification.KroneckerReference.Formed(a, b);
        var dense = new KroneckerOperator<double>(CsrMatrix<double>.FromDense(a), b).ToDense();
        for (int i = 0; i < 8; i++) for (int j = 0; j < 6; j++) Assert.Equal(formed[i, j], dense[i, j]);
    }
}

/// <summary>
/// KroneckerOperator.FactorGradient against the product formed and perturbed: f = gᵀ·(⊗A)·x is linear in each factor,
/// so f(A_i + E_rc) − f(A_i) is ∂f/∂A_i[r, c] exactly (up to rounding), for dense and CSR factors in any position.
/// </summary>
public class KroneckerFactorGradientTests
{
    private static double Value(DenseMatrix<double>[] factors, double[] x, double[] g)
    {
        var formed = SparseDsl.Tests.Verification.KroneckerReference.Formed(factors);
        double f = 0;
        for (int i = 0; i < g.Length; i++)
            for (int j = 0; j < x.Length; j++) f += g[i] * formed[i, j] * x[j];
        return f;
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public void FactorGradientIsTheDerivativeOfTheFormedProduct(int factor, bool sparse)
    {
        var random = new Random(31 + factor);
        DenseMatrix<double> Factor(int rows, int columns, DenseLayout layout)
        {
            var m = new DenseMatrix<double>(rows, columns, layout);
            for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) m[r, c] = sparse && random.Next(3) == 0 ? 0 : random.NextDouble() - 0.5;
            m[0, 0] = 1.5;
            return m;
        }
        var factors = new[] { Factor(2, 3, DenseLayout.RowMajor), Factor(3, 2, DenseLayout.ColumnMajor), Factor(4, 3, DenseLayout.RowMajor) };
        var stored = factors.Select((f, i) => i == factor && sparse ? (IStoredMatrix<double>)f.ToCsr() : f).ToArray();
        var op = new KroneckerOperator<double>(stored);
        var x = Enumerable.Range(0, op.Columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        var g = Enumerable.Range(0, op.Rows).Select(_ => random.NextDouble() - 0.5).ToArray();
        var csr = sparse ? (CsrMatrix<double>)stored[factor] : null;
        var gradient = new double[csr?.NonZeroCount ?? factors[factor].Rows * factors[factor].Columns];

        double f = op.FactorGradient(factor, x, g, gradient);

        double reference = Value(factors, x, g);
        Assert.Equal(reference, f, 1e-12);
        int rows = factors[factor].Rows, columns = factors[factor].Columns;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int index = r * columns + c;
                if (csr is not null)
                {
                    int offset = csr.ColumnIndices.Slice(csr.RowPointers[r], csr.RowPointers[r + 1] - csr.RowPointers[r]).IndexOf(c);
                    if (offset < 0) continue; // not on the pattern: no gradient entry
                    index = csr.RowPointers[r] + offset;
                }
                double saved = factors[factor][r, c];
                factors[factor][r, c] = saved + 1;
                double derivative = Value(factors, x, g) - reference;
                factors[factor][r, c] = saved;
                Assert.Equal(derivative, gradient[index], 1e-12);
            }
        }
    }

    [Fact]
    public void WrongGradientLengthIsAShapeError()
    {
        var a = new DenseMatrix<double>(2, 3);
        var b = new DenseMatrix<double>(2, 2);
        var op = new KroneckerOperator<double>(a, b);
        var error = Assert.Throws<ShapeMismatchException>(() => op.FactorGradient(1, new double[6], new double[4], new double[5]));
        Assert.Contains("needs 4", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => op.FactorGradient(2, new double[6], new double[4], new double[4]));
    }
}
