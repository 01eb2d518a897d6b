using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>Random triplets → CSR → every format → ToCsr/ToDense must equal the dense reference built from the triplets.</summary>
public class ConversionTests
{
    private static void AssertDense(double[,] expected, DenseMatrix<double> actual, string what)
    {
        int er = expected.GetLength(0), ec = expected.GetLength(1);
        Assert.True(actual.Rows >= er && actual.Columns >= ec, $"{what}: shape {actual.Rows}x{actual.Columns} smaller than {er}x{ec}");
        for (int r = 0; r < actual.Rows; r++)
            for (int c = 0; c < actual.Columns; c++)
            {
                double e = r < er && c < ec ? expected[r, c] : 0.0;
                if (e != actual[r, c]) Assert.Fail($"{what}: ({r},{c}) is {actual[r, c]} but expected {e}");
            }
    }

    private static void AssertCsrSorted(CsrMatrix<double> csr)
    {
        // the constructor validated it; rebuilding proves the arrays still satisfy the rules
        _ = new CsrMatrix<double>(csr.Rows, csr.Columns, csr.RowPointers.ToArray(), csr.ColumnIndices.ToArray(), csr.Values.ToArray());
    }

    private static void CheckEveryFormat(TripletCase t, int bh, int bw, int sliceHeight, int sortWindow, int m)
    {
        double[,] expected = t.Dense(t.Rows, t.Columns);
        var csr = t.Csr();
        AssertDense(expected, csr.ToDense(), "csr");
        AssertDense(expected, CooMatrix<double>.FromTriplets(t.Rows, t.Columns, t.Triplets).ToDense(), "coo.ToDense");
        AssertDense(expected, csr.ToCoo().ToCsr().ToDense(), "coo");
        AssertDense(expected, csr.ToCsc().ToCsr().ToDense(), "csc");
        AssertDense(expected, csr.ToCsc().ToDense(), "csc.ToDense");
        AssertDense(expected, CsrMatrix64<double>.FromCsr(csr).ToCsr().ToDense(), "csr64");
        AssertDense(expected, CsrMatrix64<double>.FromCsr(csr).ToDense(), "csr64.ToDense");
        AssertDense(expected, CsrMatrix<double>.FromDense(csr.ToDense()).ToDense(), "dense");
        AssertDense(expected, csr.ToDense().ToCsr().ToDense(), "dense.ToCsr");
        AssertDense(expected, BsrMatrix<double>.FromCsr(csr, bh, bw).ToCsr().ToDense(), $"bsr {bh}x{bw}");
        AssertDense(expected, BsrMatrix<double>.FromCsr(csr, bh, bw).ToDense(), "bsr.ToDense");
        AssertDense(expected, NmMatrix<double>.FromCsr(csr, m, m).ToCsr().ToDense(), $"nm {m}:{m}");
        AssertDense(expected, NmMatrix<double>.PruneDense(csr.ToDense(), m, m).ToDense(), $"nm prune {m}:{m}");
        AssertDense(expected, SellMatrix<double>.FromCsr(csr, sliceHeight, sortWindow).ToCsr().ToDense(), $"sell {sliceHeight}/{sortWindow}");
        AssertDense(expected, SellMatrix<double>.FromCsr(csr, sliceHeight, sortWindow).ToDense(), "sell.ToDense");
        AssertDense(expected, DiaMatrix<double>.FromCsr(csr).ToCsr().ToDense(), "dia");
        AssertDense(expected, DiaMatrix<double>.FromCsr(csr).ToDense(), "dia.ToDense");
        AssertCsrSorted(BsrMatrix<double>.FromCsr(csr, bh, bw).ToCsr());

        var transposed = csr.Transpose().ToDense();
        for (int r = 0; r < t.Rows; r++)
            for (int c = 0; c < t.Columns; c++)
                Assert.Equal(expected[r, c], transposed[c, r]);
    }

    [Fact]
    public void RandomTripletsRoundTripThroughEveryFormat()
    {
        var gen =
            from t in TripletCase.Generator()
            from bh in Gen.Choose(1, 3)
            from bw in Gen.Choose(1, 3)
            from c in Gen.Choose(1, 4)
            from sigma in Gen.Choose(1, 8)
            from m in Gen.Choose(1, 5)
            select (t, bh, bw, c, sigma, m);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), p => CheckEveryFormat(p.t, p.bh, p.bw, p.c, p.sigma, p.m)));
    }

    [Fact]
    public void AdversarialStructuresRoundTripThroughEveryFormat()
    {
        foreach (var t in TripletCase.Adversarial())
            CheckEveryFormat(t, 2, 3, 4, 8, 4);
    }

    [Fact]
    public void FromCooSortsAndSumsDuplicates()
    {
        var coo = CooMatrix<double>.FromTriplets(2, 3, new[] { (1, 2, 1.0), (0, 1, 2.0), (1, 0, 3.0), (1, 2, 4.0) });
        var csr = CsrMatrix<double>.FromCoo(coo);
        Assert.Equal(new[] { 0, 1, 3 }, csr.RowPointers);
        Assert.Equal(new[] { 1, 0, 2 }, csr.ColumnIndices);
        Assert.Equal(new[] { 2.0, 3.0, 5.0 }, csr.Values);
    }

    [Fact]
    public void FromDenseDropsZeros()
    {
        var d = new DenseMatrix<double>(2, 2, new[] { 0.0, 1.0, 0.0, 0.0 });
        var csr = CsrMatrix<double>.FromDense(d);
        Assert.Equal(1, csr.NonZeroCount);
        Assert.Equal(new[] { 0, 1, 1 }, csr.RowPointers);
    }

    [Fact]
    public void BsrPadsToBlockMultiplesAndStoresOnlyNonzeroBlocks()
    {
        var csr = new TripletCase(5, 5, new[] { (0, 0, 1.0), (4, 4, 2.0) }).Csr();
        var bsr = BsrMatrix<double>.FromCsr(csr, 2, 2);
        Assert.Equal(6, bsr.Rows);
        Assert.Equal(6, bsr.Columns);
        Assert.Equal(2, bsr.BlockCount);
        Assert.Equal(new[] { 0, 2 }, bsr.BlockColumnIndices);
    }

    [Fact]
    public void NmFromCsrRejectsAnOverfullGroupNamingRowAndGroup()
    {
        var csr = new TripletCase(2, 8, new[] { (1, 4, 1.0), (1, 5, 1.0), (1, 7, 1.0) }).Csr();
        var e = Assert.Throws<SparseFormatException>(() => NmMatrix<double>.FromCsr(csr, 2, 4));
        Assert.Contains("Row 1, group 1", e.Message);
        Assert.Contains("more than 2 nonzeros", e.Message);
    }

    [Fact]
    public void PruneDenseKeepsLargestMagnitudesLowerColumnFirstOnTies()
    {
        var d = new DenseMatrix<double>(1, 6, new[] { 1.0, -3.0, 3.0, 2.0, /* partial group */ 0.0, 5.0 });
        var nm = NmMatrix<double>.PruneDense(d, 2, 4);
        var back = nm.ToDense();
        Assert.Equal(new[] { 0.0, -3.0, 3.0, 0.0, 0.0, 5.0 }, Enumerable.Range(0, 6).Select(c => back[0, c]));
        var tie = NmMatrix<double>.PruneDense(new DenseMatrix<double>(1, 4, new[] { 2.0, 2.0, -2.0, 1.0 }), 2, 4).ToDense();
        Assert.Equal(new[] { 2.0, 2.0, 0.0, 0.0 }, Enumerable.Range(0, 4).Select(c => tie[0, c]));
    }

    [Fact]
    public void SellSortsInsideWindowsStablyAndPadsWithZeroAtAValidColumn()
    {
        // row lengths 1, 3, 3, 0 ; window 4 → order 1, 2, 0, 3 ; slices of 2 → widths 3, 1
        var csr = new TripletCase(4, 4, new[] { (0, 0, 1.0), (1, 0, 1.0), (1, 1, 1.0), (1, 3, 1.0), (2, 1, 2.0), (2, 2, 2.0), (2, 3, 2.0) }).Csr();
        var sell = SellMatrix<double>.FromCsr(csr, 2, 4);
        Assert.Equal(new[] { 1, 2, 0, 3 }, sell.RowPermutation);
        Assert.Equal(new[] { 3, 1 }, sell.SliceWidths);
        Assert.Equal(new[] { 0, 6, 8 }, sell.SliceOffsets);
        // slice 1: lane 0 = row 0 (col 0, value 1), lane 1 = row 3 (padding)
        Assert.Equal(new[] { 1.0, 0.0 }, sell.Values[6..8]);
    }

    [Fact]
    public void SellWindowOfOneKeepsRowOrder()
    {
        var csr = new TripletCase(3, 3, new[] { (2, 0, 1.0), (2, 1, 1.0) }).Csr();
        Assert.Equal(new[] { 0, 1, 2, 3 }, SellMatrix<double>.FromCsr(csr, 2, 1).RowPermutation);
    }

    [Fact]
    public void DiaStoresOneDiagonalPerDistinctOffset()
    {
        var csr = new TripletCase(3, 4, new[] { (0, 0, 1.0), (1, 1, 2.0), (2, 0, 3.0), (0, 3, 4.0) }).Csr();
        var dia = DiaMatrix<double>.FromCsr(csr);
        Assert.Equal(new[] { -2, 0, 3 }, dia.Offsets);
        Assert.Equal(9, dia.Values.Length);
    }

    /// <summary>The conversions read their source through the walk: explicit zeros stay where the target stores
    /// every entry (COO, 64-bit CSR, SELL) and go where it stores only nonzeros (BSR, DIA, N:M); complex values
    /// (no ordering) convert too.</summary>
    [Fact]
    public void ConversionsThroughTheWalkKeepExplicitZerosWhereTheTargetStoresEveryEntry()
    {
        // 3x4: (0,1)=2 (0,3)=0 explicit, (2,0)=5
        var csr = new CsrMatrix<double>(3, 4, [0, 2, 2, 3], [1, 3, 0], [2, 0, 5]);
        var coo = csr.ToCoo();
        Assert.Equal([0, 0, 2], coo.RowIndices.ToArray());
        Assert.Equal([1, 3, 0], coo.ColumnIndices.ToArray());
        Assert.Equal([2.0, 0, 5], coo.Values.ToArray());
        var wide = CsrMatrix64<double>.FromCsr(csr);
        Assert.Equal([0L, 2, 2, 3], wide.RowPointers.ToArray());
        Assert.Equal([1L, 3, 0], wide.ColumnIndices.ToArray());
        var back = wide.ToCsr();
        Assert.Equal(csr.RowPointers.ToArray(), back.RowPointers.ToArray());
        Assert.Equal(csr.ColumnIndices.ToArray(), back.ColumnIndices.ToArray());
        Assert.Equal([2.0, 0, 5], back.Values.ToArray());
        Assert.Equal([2, 0, 1], SellMatrix<double>.FromCsr(csr, 4, 1).RowLengths[..3].ToArray());
        Assert.Equal(2, BsrMatrix<double>.FromCsr(csr, 1, 2).BlockCount);                        // (0, 0) and (2, 0)
        Assert.Equal([-2, 1], DiaMatrix<double>.FromCsr(csr).Offsets.ToArray());
        Assert.Equal(2, NmMatrix<double>.FromCsr(csr, 1, 2).ToCsr().NonZeroCount);

        var z = new CsrMatrix<System.Numerics.Complex>(2, 3, [0, 2, 3], [0, 2, 1], [new(1, 2), new(0, -1), new(3, 0)]);
        var expected = z.ToDense();
        void Same(DenseMatrix<System.Numerics.Complex> actual, string what)
        {
            for (int r = 0; r < 2; r++)
                for (int c = 0; c < 3; c++)
                    Assert.True(expected[r, c] == actual[r, c], $"{what}: ({r},{c}) is {actual[r, c]} but expected {expected[r, c]}");
        }
        Same(z.ToCoo().ToDense(), "coo");
        Same(CsrMatrix64<System.Numerics.Complex>.FromCsr(z).ToCsr().ToDense(), "csr64");
        Same(BsrMatrix<System.Numerics.Complex>.FromCsr(z, 2, 2).ToDense(), "bsr");
        Same(SellMatrix<System.Numerics.Complex>.FromCsr(z, 2, 2).ToDense(), "sell");
        Same(DiaMatrix<System.Numerics.Complex>.FromCsr(z).ToDense(), "dia");
        Same(NmMatrix<System.Numerics.Complex>.FromCsr(z, 2, 3).ToDense(), "nm");
    }
}
