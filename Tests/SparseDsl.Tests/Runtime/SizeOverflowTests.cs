using System;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>Sizes past int or past one array are rejected with a message that names the sizes and the limit, not
/// with a bare "Arithmetic operation resulted in an overflow".</summary>
public class SizeOverflowTests
{
    private static void Names(Exception e, params string[] fragments)
    {
        Assert.DoesNotContain("Arithmetic operation", e.Message);
        foreach (string f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void GridPointCountNamesTheExtentsAndTheLimit()
    {
        var e = Assert.Throws<ArgumentException>(() => new GridShape(100_000, 100_000, 3).PointCount);
        Names(e, "100000 x 100000 x 3 grid", "30000000000 points", "2147483647 (2^31-1)");
        Assert.Equal(6, new GridShape(3, 2).PointCount);
    }

    [Fact]
    public void GridPointCountOfThreeHugeExtentsDoesNotWrapAround()
    {
        var e = Assert.Throws<ArgumentException>(() => new GridShape(int.MaxValue, int.MaxValue, int.MaxValue).PointCount);
        Names(e, "2147483647 x 2147483647 x 2147483647 grid");
    }

    [Fact]
    public void DenseMatrixSizeNamesTheShape()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new DenseMatrix<float>(100_000, 100_000));
        Names(e, "100000 x 100000 dense matrix", "10000000000 entries", "Array.MaxLength");
    }

    [Fact]
    public void BsrRowsPastIntAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BsrMatrix<double>(1 << 20, 1, 1 << 12, 1, new int[(1 << 20) + 1], [], []));
        Names(e, "1048576 block rows of height 4096", "4294967296 rows", "2^31-1");
    }

    [Fact]
    public void BsrColumnsPastIntAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BsrMatrix<double>(1, 1 << 20, 1, 1 << 12, [0, 0], [], []));
        Names(e, "1048576 block columns of width 4096", "4294967296 columns");
    }

    [Fact]
    public void BsrFromCsrBlockSizePastIntIsNamed()
    {
        var csr = new CsrMatrix<double>(1, 1, [0, 1], [0], [1.0]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BsrMatrix<double>.FromCsr(csr, 65_536, 65_536));
        Names(e, "65536 x 65536 block", "4294967296 entries");
    }

    [Fact]
    public void BsrFromCsrValuesPastOneArrayAreNamed()
    {
        // Two 40,000 x 40,000 blocks: each fits an int, together they exceed one array.
        var csr = new CsrMatrix<double>(1, 80_000, [0, 2], [0, 40_000], [1.0, 2.0]);
        var e = Assert.Throws<SparseFormatException>(() => BsrMatrix<double>.FromCsr(csr, 40_000, 40_000));
        Names(e, "2 blocks", "40000 x 40000 values", "3200000000 entries", "Array.MaxLength");
    }

    [Fact]
    public void SellFromCsrLanesPastOneArrayAreNamed()
    {
        var csr = new CsrMatrix<double>(3, 1, [0, 1, 1, 1], [0], [1.0]);
        var e = Assert.Throws<SparseFormatException>(() => SellMatrix<double>.FromCsr(csr, int.MaxValue, 1));
        Names(e, "1 slices x 2147483647 lanes", "Array.MaxLength");
    }

    [Fact]
    public void DiaFromCsrValuesPastOneArrayAreNamed()
    {
        // Row 0 is full: 50,000 distinct diagonals x 50,000 rows.
        const int n = 50_000;
        var pointers = new int[n + 1];
        for (int r = 1; r <= n; r++) pointers[r] = n;
        var columns = new int[n];
        for (int c = 0; c < n; c++) columns[c] = c;
        var values = new double[n];
        Array.Fill(values, 1.0);
        var csr = new CsrMatrix<double>(n, n, pointers, columns, values);
        var e = Assert.Throws<SparseFormatException>(() => DiaMatrix<double>.FromCsr(csr));
        Names(e, "50000 diagonals x 50000 rows", "2500000000 entries", "Array.MaxLength");
    }
}
