using System;
using System.Linq;
using SparseDsl.Specs;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>
/// Validation once is only safe if the validated structure cannot change behind it: constructors copy the caller's
/// arrays and the pattern is exposed read-only, while values stay writable in place (and kernels see the update).
/// </summary>
public class StorageImmutabilityTests
{
    [Fact]
    public void ChangingTheCallersIndexArrayAfterValidationHasNoEffect()
    {
        // The old attack: validate, then point a column index far past x and run a kernel without bounds checks.
        int[] pointers = { 0, 1, 2 }, columns = { 0, 1 };
        double[] values = { 2.0, 3.0 };
        var a = new CsrMatrix<double>(2, 2, pointers, columns, values);
        columns[1] = 1_000_000;
        pointers[2] = 0;
        values[0] = 99.0;
        Assert.Equal(new[] { 0, 1 }, a.ColumnIndices.ToArray());
        Assert.Equal(new[] { 0, 1, 2 }, a.RowPointers.ToArray());
        Assert.Equal(2.0, a.Values[0]);
        var y = new double[2];
        CsrKernels.SpmvF64(a, new[] { 1.0, 10.0 }, y);
        Assert.Equal(new[] { 2.0, 30.0 }, y);
    }

    [Fact]
    public void EveryFormatCopiesItsStructure()
    {
        int[] c = { 1 }, r = { 0 };
        var coo = new CooMatrix<double>(1, 2, r, c, new[] { 1.0 });
        c[0] = 5; r[0] = 7;
        Assert.Equal(1, coo.ColumnIndices[0]);
        Assert.Equal(0, coo.RowIndices[0]);

        int[] cp = { 0, 1 }, ri = { 0 };
        var csc = new CscMatrix<double>(1, 1, cp, ri, new[] { 1.0 });
        ri[0] = 9; cp[1] = 0;
        Assert.Equal(0, csc.RowIndices[0]);
        Assert.Equal(1, csc.NonZeroCount);

        long[] lp = { 0, 1 }, lc = { 0 };
        var wide = new CsrMatrix64<double>(1, 1, lp, lc, new[] { 1.0 });
        lc[0] = 1L << 40;
        Assert.Equal(0L, wide.ColumnIndices[0]);

        int[] bp = { 0, 1 }, bc = { 0 };
        var bsr = new BsrMatrix<double>(1, 1, 2, 2, bp, bc, new double[4]);
        bc[0] = 3;
        Assert.Equal(0, bsr.BlockColumnIndices[0]);

        byte[] idx = { 0, 1 };
        var nm = new NmMatrix<double>(1, 4, 2, 4, new[] { 1.0, 2.0 }, idx);
        idx[1] = 200;
        Assert.Equal(1, nm.Indices[1]);

        int[] offsets = { 0 };
        var dia = new DiaMatrix<double>(2, 2, offsets, new[] { 1.0, 1.0 });
        offsets[0] = 1;
        Assert.Equal(0, dia.Offsets[0]);

        int[] sOff = { 0, 2 }, sWid = { 1 }, perm = { 0, 1 }, lengths = { 1, 1 }, sCol = { 0, 1 };
        var sell = new SellMatrix<double>(2, 2, 2, 2, sOff, sWid, perm, lengths, sCol, new[] { 1.0, 2.0 });
        sCol[1] = 1_000_000; perm[0] = 1; lengths[0] = 9; sWid[0] = 9;
        Assert.Equal(new[] { 0, 1 }, sell.ColumnIndices.ToArray());
        Assert.Equal(new[] { 0, 1 }, sell.RowPermutation.ToArray());
        Assert.Equal(new[] { 1, 1 }, sell.RowLengths.ToArray());
        Assert.Equal(1, sell.SliceWidths[0]);
    }

    [Fact]
    public void AValuesUpdateInPlaceIsSeenByTheKernels()
    {
        var a = new CsrMatrix<double>(2, 2, new[] { 0, 1, 2 }, new[] { 0, 1 }, new[] { 2.0, 3.0 });
        a.Values[1] = -4.0;
        var y = new double[2];
        CsrKernels.SpmvF64(a, new[] { 1.0, 10.0 }, y);
        Assert.Equal(new[] { 2.0, -40.0 }, y);

        var nm = NmMatrix<float>.FromCsr(new CsrMatrix<float>(2, 4, new[] { 0, 1, 2 }, new[] { 0, 1 }, new[] { 2f, -4f }), 2, 4);
        nm.Values[0] = 5f;      // row 0, group 0, slot 0 (column 0)
        var yn = new float[2];
        NmKernels.Nm24Spmv(nm, new[] { 1f, 10f, 100f, 1000f }, yn);
        Assert.Equal(new[] { 5f, -40f }, yn);

        var sell = SellMatrix<double>.FromCsr(a, 8, 8);
        sell.Values[0] = 7.0;   // the entry of the lane that holds row 0 or 1: check both rows against ToCsr
        var ys = new double[2];
        SellKernels.Sell8Spmv(sell, new[] { 1.0, 10.0 }, ys);
        var expected = new double[2];
        ReferenceKernels.MatVec(sell.ToCsr(), new[] { 1.0, 10.0 }, expected, 1.0, 0.0);
        Assert.Equal(expected, ys);
        Assert.Contains(7.0, sell.ToCsr().Values.ToArray());
    }
}
