using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using SparseDsl.Specs;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// Property: one matrix stored in every format gives the same product through every generated kernel. Entries
/// and inputs are small integers, so every sum is exact in floating point and the formats must agree bit for
/// bit, whatever order their SIMD paths add in; the dense triple loop is the independent reference.
/// </summary>
public class CrossFormatKernelProperties
{
    /// <summary>A matrix whose sides are multiples of 4 (so the 4×4 BSR needs no padding), with integer entries.</summary>
    private sealed record Case(int Rows, int Columns, (int Row, int Column, double Value)[] Entries, double[] X, int Seed)
    {
        public override string ToString() => $"{Rows}x{Columns}, {Entries.Length} entries, seed {Seed}";
    }

    private static readonly Gen<Case> Cases =
        from blockRows in Gen.Choose(0, 12)
        from blockColumns in Gen.Choose(0, 12)
        from percent in Gen.Elements(0, 3, 15, 40, 100)
        from seed in Gen.Choose(0, int.MaxValue)
        select Build(blockRows * 4, blockColumns * 4, percent, seed);

    private static Case Build(int rows, int columns, int percent, int seed)
    {
        var random = new Random(seed);
        var entries = (
            from r in Enumerable.Range(0, rows)
            from c in Enumerable.Range(0, columns)
            where random.Next(100) < percent
            select (r, c, (double)(random.Next(1, 8) * (random.Next(2) == 0 ? 1 : -1)))).ToArray();
        var x = Enumerable.Range(0, Math.Max(rows, columns)).Select(_ => (double)random.Next(-4, 5)).ToArray();
        return new Case(rows, columns, entries, x, seed);
    }

    private static double[,] Dense(Case c)
    {
        var d = new double[c.Rows, c.Columns];
        foreach (var (r, col, v) in c.Entries) d[r, col] = v;
        return d;
    }

    private static double[] NaiveMatVec(double[,] a, double[] x, bool transposed)
    {
        int rows = a.GetLength(0), columns = a.GetLength(1);
        var y = new double[transposed ? columns : rows];
        for (int r = 0; r < rows; r++)
            for (int col = 0; col < columns; col++)
                if (transposed) y[col] += a[r, col] * x[r]; else y[r] += a[r, col] * x[col];
        return y;
    }

    private static CsrMatrix<double> Csr(Case c) =>
        CsrMatrix<double>.FromCoo(CooMatrix<double>.FromTriplets(c.Rows, c.Columns, c.Entries));

    private static void AssertSame(double[] expected, double[] actual, string kernel, Case c)
    {
        Assert.True(expected.AsSpan().SequenceEqual(actual),
            $"{kernel} differs from the dense reference on {c}: first mismatch at {expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count()}");
    }

    [Fact]
    public void EveryFormatComputesTheSameMatrixVectorProduct()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var csr = Csr(c);
            var x = c.X.AsSpan(0, c.Columns).ToArray();
            var expected = NaiveMatVec(Dense(c), x, transposed: false);
            double[] Run(Action<double[]> kernel) => RunOnGarbage(c.Rows, kernel);

            AssertSame(expected, Run(y => CsrKernels.SpmvF64(csr, x, y)), "SpmvF64 (csr)", c);
            AssertSame(expected, Run(y => CsrKernels.Spmv64(CsrMatrix64<double>.FromCsr(csr), x, y)), "Spmv64 (csr, i64)", c);
            AssertSame(expected, Run(y => CsrKernels.CscAxpby(csr.ToCsc(), x, y, 1.0, 0.0)), "CscAxpby (csc)", c);
            AssertSame(expected, Run(y => CsrKernels.DenseAxpby(csr.ToDense(), x, y, 1.0, 0.0)), "DenseAxpby (dense row-major)", c);
            AssertSame(expected, Run(y => CsrKernels.DenseColMv(ColumnMajor(csr.ToDense()), x, y)), "DenseColMv (dense column-major)", c);
            AssertSame(expected, Run(y => BsrKernels.Bsr4Spmv(BsrMatrix<double>.FromCsr(csr, 4, 4), x, y)), "Bsr4Spmv (bsr 4x4)", c);
            AssertSame(expected, Run(y => SellKernels.Sell8Spmv(SellMatrix<double>.FromCsr(csr, 8, 64), x, y)), "Sell8Spmv (sell-8-64)", c);
            AssertSame(expected, Run(y => DiaKernels.DiaSpmv(DiaMatrix<double>.FromCsr(csr), x, y)), "DiaSpmv (dia)", c);

            var accumulated = new double[c.Rows];   // y = A * x + y from zero
            CsrKernels.CooAccumulate(csr.ToCoo(), x, accumulated);
            AssertSame(expected, accumulated, "CooAccumulate (coo)", c);
        }));
    }

    [Fact]
    public void EveryFormatComputesTheSameTransposedProduct()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var csr = Csr(c);
            var x = c.X.AsSpan(0, c.Rows).ToArray();
            var expected = NaiveMatVec(Dense(c), x, transposed: true);
            double[] Run(Action<double[]> kernel) => RunOnGarbage(c.Columns, kernel);

            AssertSame(expected, Run(y => CsrKernels.SpmvTF64(csr, x, y)), "SpmvTF64 (csr)", c);
            AssertSame(expected, Run(y => CsrKernels.SpmvT64(CsrMatrix64<double>.FromCsr(csr), x, y)), "SpmvT64 (csr, i64)", c);
            AssertSame(expected, Run(y => CsrKernels.CscSpmvT(csr.ToCsc(), x, y)), "CscSpmvT (csc)", c);
            AssertSame(expected, Run(y => CsrKernels.DenseMvT(csr.ToDense(), x, y)), "DenseMvT (dense)", c);
            AssertSame(expected, Run(y => BsrKernels.Bsr4SpmvT(BsrMatrix<double>.FromCsr(csr, 4, 4), x, y)), "Bsr4SpmvT (bsr 4x4)", c);
            AssertSame(expected, Run(y => SellKernels.Sell8SpmvT(SellMatrix<double>.FromCsr(csr, 8, 64), x, y)), "Sell8SpmvT (sell-8-64)", c);
            AssertSame(expected, Run(y => DiaKernels.DiaSpmvT(DiaMatrix<double>.FromCsr(csr), x, y)), "DiaSpmvT (dia)", c);
        }));
    }

    [Fact]
    public void EveryFormatComputesTheSameMatrixMatrixProduct()
    {
        var gen = from c in Cases from k in Gen.Elements(1, 3, 8, 17) select (c, k);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), p =>
        {
            var (c, k) = p;
            var csr = Csr(c);
            var dense = Dense(c);
            var x = new DenseMatrix<double>(c.Columns, k, Enumerable.Range(0, c.Columns * k).Select(i => (double)((i * 7 + c.Seed) % 9 - 4)).ToArray());
            var expected = new double[c.Rows * k];
            for (int r = 0; r < c.Rows; r++)
                for (int col = 0; col < c.Columns; col++)
                    for (int j = 0; j < k; j++)
                        expected[r * k + j] += dense[r, col] * x.Values[col * k + j];
            double[] Run(Action<DenseMatrix<double>> kernel)
            {
                var y = new DenseMatrix<double>(c.Rows, k, Enumerable.Repeat(double.NaN, c.Rows * k).ToArray());
                kernel(y);
                return y.Values;
            }

            AssertSame(expected, Run(y => CsrKernels.SpmmF64(csr, x, y)), "SpmmF64 (csr)", c);
            AssertSame(expected, Run(y => CsrKernels.DenseMm(csr.ToDense(), x, y)), "DenseMm (dense)", c);
            AssertSame(expected, Run(y => DiaKernels.DiaSpmm(DiaMatrix<double>.FromCsr(csr), x, y)), "DiaSpmm (dia)", c);

            // The f32 kernels with the epilogue: α = 1.5 and β = 0.25 keep every value exact.
            var csr32 = new CsrMatrix<float>(csr.Rows, csr.Columns, csr.RowPointers.ToArray(), csr.ColumnIndices.ToArray(), csr.Values.ToArray().Select(v => (float)v).ToArray());
            var x32 = new DenseMatrix<float>(c.Columns, k, x.Values.Select(v => (float)v).ToArray());
            var start = Enumerable.Range(0, c.Rows * k).Select(i => (float)(i % 5 - 2)).ToArray();
            var expected32 = expected.Select((v, i) => (float)(1.5 * v + 0.25 * start[i])).ToArray();
            float[] Run32(Action<DenseMatrix<float>> kernel)
            {
                var y = new DenseMatrix<float>(c.Rows, k, (float[])start.Clone());
                kernel(y);
                return y.Values;
            }
            Assert.Equal(expected32, Run32(y => CsrKernels.SpmmAxpbyF32(csr32, x32, y, 1.5f, 0.25f)));
            Assert.Equal(expected32, Run32(y => BsrKernels.Bsr4Spmm(BsrMatrix<float>.FromCsr(csr32, 4, 4), x32, y, 1.5f, 0.25f)));
        }));
    }

    [Fact]
    public void TwoFourSparsityGivesTheSameProductAsCsr()
    {
        // Every group of 4 columns keeps at most 2 entries, so the same matrix is also a valid 2:4 N:M matrix.
        var gen =
            from rows in Gen.Choose(0, 40)
            from groups in Gen.Choose(0, 12)
            from seed in Gen.Choose(0, int.MaxValue)
            select (rows, groups, seed);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), p =>
        {
            var random = new Random(p.seed);
            int columns = p.groups * 4;
            var entries = (
                from r in Enumerable.Range(0, p.rows)
                from g in Enumerable.Range(0, p.groups)
                from slot in Enumerable.Range(0, 4).OrderBy(_ => random.Next()).Take(random.Next(3))
                select (r, g * 4 + slot, (float)random.Next(-5, 6))).ToArray();
            var csr = CsrMatrix<float>.FromCoo(CooMatrix<float>.FromTriplets(p.rows, columns, entries));
            var nm = NmMatrix<float>.FromCsr(csr, 2, 4);
            var x = Enumerable.Range(0, columns).Select(i => (float)(i % 7 - 3)).ToArray();
            var fromCsr = new float[p.rows];
            var fromNm = Enumerable.Repeat(float.NaN, p.rows).ToArray();
            CsrKernels.SpmvF32(csr, x, fromCsr);
            NmKernels.Nm24Spmv(nm, x, fromNm);
            Assert.Equal(fromCsr, fromNm);

            var xt = Enumerable.Range(0, p.rows).Select(i => (float)(i % 5 - 2)).ToArray();
            var transposedCsr = Enumerable.Repeat(float.NaN, columns).ToArray();
            var transposedNm = Enumerable.Repeat(float.NaN, columns).ToArray();
            CsrKernels.SpmvTAxpbyF32(csr, xt, transposedCsr, 1f, 0f);
            NmKernels.Nm24SpmvT(nm, xt, transposedNm);
            Assert.Equal(transposedCsr, transposedNm);
        }));
    }

    /// <summary>Runs a β = 0 kernel on an output full of NaN: the kernel must overwrite it, never read it.</summary>
    private static double[] RunOnGarbage(int length, Action<double[]> kernel)
    {
        var y = Enumerable.Repeat(double.NaN, length).ToArray();
        kernel(y);
        return y;
    }

    private static DenseMatrix<double> ColumnMajor(DenseMatrix<double> rowMajor)
    {
        var result = new DenseMatrix<double>(rowMajor.Rows, rowMajor.Columns, DenseLayout.ColumnMajor);
        for (int r = 0; r < rowMajor.Rows; r++)
            for (int c = 0; c < rowMajor.Columns; c++)
                result[r, c] = rowMajor[r, c];
        return result;
    }
}
