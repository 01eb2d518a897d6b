using System;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>One test per structural rule: the constructor throws and the message names array, position and rule.</summary>
public class StorageValidationTests
{
    private static void Fails(Action build, params string[] fragments)
    {
        var e = Assert.Throws<SparseFormatException>(build);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void CsrRejectsUnsortedColumns() =>
        Fails(() => new CsrMatrix<double>(2, 3, new[] { 0, 1, 3 }, new[] { 0, 2, 2 }, new double[3]),
            "ColumnIndices[2] = 2 is not greater than ColumnIndices[1] = 2 in row 1", "strictly increasing");

    [Fact]
    public void CsrRejectsColumnOutOfRange() =>
        Fails(() => new CsrMatrix<double>(1, 3, new[] { 0, 1 }, new[] { 3 }, new double[1]), "ColumnIndices[0] = 3", "[0, 3)");

    [Fact]
    public void CsrRejectsNegativeColumn() =>
        Fails(() => new CsrMatrix<double>(1, 3, new[] { 0, 1 }, new[] { -1 }, new double[1]), "ColumnIndices[0] = -1", "out of range");

    [Fact]
    public void CsrRejectsPointerNotStartingAtZero() =>
        Fails(() => new CsrMatrix<double>(1, 3, new[] { 1, 1 }, new[] { 0 }, new double[1]), "RowPointers[0] = 1", "must be 0");

    [Fact]
    public void CsrRejectsDecreasingPointers() =>
        Fails(() => new CsrMatrix<double>(2, 3, new[] { 0, 2, 1 }, new[] { 0, 1 }, new double[2]), "RowPointers[2] = 1 is less than RowPointers[1] = 2", "non-decreasing");

    [Fact]
    public void CsrRejectsPointersNotEndingAtNnz() =>
        Fails(() => new CsrMatrix<double>(1, 3, new[] { 0, 1 }, new[] { 0, 1 }, new double[2]), "RowPointers[1] = 1", "number of stored entries 2");

    [Fact]
    public void CsrRejectsWrongPointerLength() =>
        Fails(() => new CsrMatrix<double>(2, 3, new[] { 0, 0 }, Array.Empty<int>(), Array.Empty<double>()), "RowPointers has length 2", "length 3");

    [Fact]
    public void CsrRejectsValueLengthMismatch() =>
        Fails(() => new CsrMatrix<double>(1, 3, new[] { 0, 1 }, new[] { 0 }, new double[2]), "Values has length 2", "length 1");

    [Fact]
    public void CsrRejectsNegativeSize() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsrMatrix<double>(-1, 3, new[] { 0 }, Array.Empty<int>(), Array.Empty<double>()));

    [Fact]
    public void ZeroSizeMatricesAreLegal()
    {
        Assert.Equal(0, new CsrMatrix<double>(0, 0, new[] { 0 }, Array.Empty<int>(), Array.Empty<double>()).NonZeroCount);
        Assert.Equal(0, new CscMatrix<double>(0, 5, new int[6], Array.Empty<int>(), Array.Empty<double>()).NonZeroCount);
        Assert.Empty(new DenseMatrix<float>(0, 3).Values);
        Assert.True(new NmMatrix<float>(0, 8, 2, 4, Array.Empty<float>(), Array.Empty<byte>()).Values.IsEmpty);
        Assert.Equal(0, new SellMatrix<float>(0, 4, 4, 8, new[] { 0 }, Array.Empty<int>(), Array.Empty<int>(), Array.Empty<int>(), Array.Empty<float>()).SliceCount);
        Assert.True(new DiaMatrix<float>(0, 0, Array.Empty<int>(), Array.Empty<float>()).Offsets.IsEmpty);
        Assert.Equal(0, new BsrMatrix<float>(0, 0, 2, 2, new[] { 0 }, Array.Empty<int>(), Array.Empty<float>()).BlockCount);
    }

    [Fact]
    public void Csr64RejectsUnsortedColumns() =>
        Fails(() => new CsrMatrix64<double>(1, 3, new long[] { 0, 2 }, new long[] { 1, 0 }, new double[2]),
            "ColumnIndices[1] = 0 is not greater than ColumnIndices[0] = 1 in row 0");

    [Fact]
    public void Csr64RejectsColumnOutOfRange() =>
        Fails(() => new CsrMatrix64<double>(1, 3, new long[] { 0, 1 }, new long[] { 7 }, new double[1]), "ColumnIndices[0] = 7", "out of range");

    [Fact]
    public void CscRejectsUnsortedRows() =>
        Fails(() => new CscMatrix<double>(3, 1, new[] { 0, 2 }, new[] { 2, 1 }, new double[2]),
            "RowIndices[1] = 1 is not greater than RowIndices[0] = 2 in column 0", "row indices must be strictly increasing");

    [Fact]
    public void CooRejectsRowOutOfRange() =>
        Fails(() => new CooMatrix<double>(2, 2, new[] { 0, 2 }, new[] { 0, 0 }, new double[2]), "RowIndices[1] = 2", "[0, 2)");

    [Fact]
    public void CooRejectsColumnOutOfRange() =>
        Fails(() => new CooMatrix<double>(2, 2, new[] { 0 }, new[] { 5 }, new double[1]), "ColumnIndices[0] = 5");

    [Fact]
    public void CooRejectsLengthMismatch() =>
        Fails(() => new CooMatrix<double>(2, 2, new[] { 0 }, new[] { 0, 1 }, new double[2]), "RowIndices has length 1");

    [Fact]
    public void DenseRejectsShortValues() =>
        Fails(() => new DenseMatrix<double>(2, 3, new double[5]), "Values has length 5", "at least 6");

    [Fact]
    public void DenseRejectsNegativeSize() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DenseMatrix<double>(2, -3));

    [Fact]
    public void BsrRejectsUnsortedBlockColumns() =>
        Fails(() => new BsrMatrix<double>(1, 3, 2, 2, new[] { 0, 2 }, new[] { 2, 1 }, new double[8]),
            "BlockColumnIndices[1] = 1 is not greater than BlockColumnIndices[0] = 2 in block row 0");

    [Fact]
    public void BsrRejectsWrongValueLength() =>
        Fails(() => new BsrMatrix<double>(1, 3, 2, 2, new[] { 0, 1 }, new[] { 2 }, new double[3]), "Values has length 3", "length 4");

    [Fact]
    public void BsrRejectsZeroBlockSize() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BsrMatrix<double>(1, 1, 0, 2, new[] { 0, 0 }, Array.Empty<int>(), Array.Empty<double>()));

    [Fact]
    public void NmRejectsWrongLength() =>
        Fails(() => new NmMatrix<double>(2, 8, 2, 4, new double[7], new byte[8]), "Values has length 7", "length 8");

    [Fact]
    public void NmRejectsIndexNotBelowM() =>
        Fails(() => new NmMatrix<double>(1, 4, 2, 4, new double[] { 1, 2 }, new byte[] { 1, 4 }), "Indices[1] = 4", "less than M = 4");

    [Fact]
    public void NmRejectsUnsortedUsedSlots() =>
        Fails(() => new NmMatrix<double>(1, 4, 2, 4, new double[] { 1, 2 }, new byte[] { 3, 1 }),
            "Indices[1] = 1 is not greater than Indices[0] = 3 in row 0, group 0", "strictly increasing");

    [Fact]
    public void NmAllowsUnusedZeroSlotsAnywhere()
    {
        var nm = new NmMatrix<double>(1, 4, 2, 4, new double[] { 5, 0 }, new byte[] { 2, 0 });
        Assert.Equal(5, nm.ToDense()[0, 2]);
    }

    [Fact]
    public void NmRejectsColumnPastPartialLastGroup() =>
        Fails(() => new NmMatrix<double>(1, 5, 2, 4, new double[] { 1, 0, 1, 0 }, new byte[] { 0, 0, 1, 0 }),
            "Indices[2] = 1 in row 0, group 1 names column 5", "5 columns");

    [Fact]
    public void NmAllowsAnUnusedSlotPastThePartialLastGroup()
    {
        var nm = new NmMatrix<double>(1, 5, 2, 4, new double[] { 1, 0, 2, 0 }, new byte[] { 0, 3, 0, 3 });
        Assert.Equal(2, nm.ToDense()[0, 4]);
    }

    [Fact]
    public void SellAcceptsOffsetsWithoutTotalAndARowLengthPermutation()
    {
        // 3 rows, C = 2: slices of widths 1 and 1; permutation covers only the rows (lane 1 of slice 1 is padding)
        var sell = new SellMatrix<double>(3, 2, 2, 2, new[] { 0, 2 }, new[] { 1, 1 }, new[] { 1, 0, 2 }, new[] { 0, 1, 1, 0 }, new double[] { 5, 6, 7, 0 });
        var d = sell.ToDense();
        Assert.Equal(5, d[1, 0]);
        Assert.Equal(6, d[0, 1]);
        Assert.Equal(7, d[2, 1]);
        var y = new double[3];
        ReferenceKernels.MatVec(sell, new[] { 1.0, 10.0 }, y, 1.0, 0.0);
        Assert.Equal(new[] { 60.0, 5.0, 70.0 }, y);
    }

    [Fact]
    public void SellRejectsPermutationOfWrongLength() =>
        Fails(() => new SellMatrix<double>(3, 2, 2, 2, new[] { 0, 0 }, new[] { 0, 0 }, new[] { 0, 1 }, Array.Empty<int>(), Array.Empty<double>()),
            "RowPermutation has length 2", "3 (Rows) or 4");

    [Fact]
    public void SellRejectsInconsistentOffsets() =>
        Fails(() => new SellMatrix<double>(2, 2, 2, 2, new[] { 0, 3 }, new[] { 1 }, new[] { 0, 1 }, new int[3], new double[3]),
            "SliceOffsets[1] = 3", "= 2");

    [Fact]
    public void SellRejectsNonPermutation() =>
        Fails(() => new SellMatrix<double>(2, 2, 2, 2, new[] { 0, 2 }, new[] { 1 }, new[] { 1, 1 }, new int[2], new double[2]),
            "RowPermutation[1] = 1 repeats", "permutation");

    [Fact]
    public void SellRejectsPermutationOutOfRange() =>
        Fails(() => new SellMatrix<double>(2, 2, 2, 2, new[] { 0, 2 }, new[] { 1 }, new[] { 0, 2 }, new int[2], new double[2]),
            "RowPermutation[1] = 2 is out of range");

    [Fact]
    public void SellRejectsColumnOutOfRange() =>
        Fails(() => new SellMatrix<double>(2, 2, 2, 2, new[] { 0, 2 }, new[] { 1 }, new[] { 0, 1 }, new[] { 0, 2 }, new double[2]),
            "ColumnIndices[1] = 2 is out of range");

    [Fact]
    public void SellRejectsWrongSliceCount() =>
        Fails(() => new SellMatrix<double>(3, 2, 2, 2, new[] { 0, 0 }, new[] { 0 }, new[] { 0, 1 }, Array.Empty<int>(), Array.Empty<double>()),
            "SliceWidths has length 1", "length 2");

    [Fact]
    public void DiaRejectsDuplicateOffsets() =>
        Fails(() => new DiaMatrix<double>(2, 2, new[] { 0, 0 }, new double[4]), "Offsets[1] = 0 repeats Offsets[0]", "unique");

    [Fact]
    public void DiaRejectsOffsetOutOfRange() =>
        Fails(() => new DiaMatrix<double>(2, 3, new[] { 3 }, new double[2]), "Offsets[0] = 3 is out of range", "[-1, 2]");

    [Fact]
    public void DiaRejectsWrongValueLength() =>
        Fails(() => new DiaMatrix<double>(2, 3, new[] { 0 }, new double[3]), "Values has length 3", "length 2");
}
