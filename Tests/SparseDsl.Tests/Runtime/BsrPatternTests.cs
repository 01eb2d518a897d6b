using System;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>A BSR block pattern (block shape and block size) validated once and shared by matrices with their own values.</summary>
public class BsrPatternTests
{
    // 2x3 block rows x block columns of 2x2: blocks (0,0) (0,2) (1,1)
    private static BsrPattern Pattern() => new BsrPatternBuilder(2, 3, 2, 2).Add(1, 1).Add(0, 2).Add(0, 0).Build();

    private static double[] Block(double v) => [v, v, v, v];

    [Fact]
    public void TwoMatricesShareOnePatternAndItsPartition()
    {
        BsrPattern pattern = Pattern();
        var a = new BsrMatrix<double>(pattern, [.. Block(1), .. Block(2), .. Block(3)]);
        var b = a.WithValues([.. Block(10), .. Block(20), .. Block(30)]);
        Assert.Same(pattern, a.Pattern);
        Assert.Same(pattern, b.Pattern);
        Assert.Equal((4, 6, 3), (a.Rows, a.Columns, a.BlockCount));
        Assert.True(a.BlockRowPointers.Overlaps(b.BlockRowPointers) && a.BlockColumnIndices.Overlaps(b.BlockColumnIndices));
        Assert.False(a.Values.Overlaps(b.Values));
        Assert.True(a.GetBlockRowPartition(2).Overlaps(b.GetBlockRowPartition(2)));
        Assert.Equal([0, 2, 3], pattern.BlockRowPointers.ToArray());
        Assert.Equal([0, 2, 1], pattern.BlockColumnIndices.ToArray());
        var y = new double[4];
        ReferenceKernels.MatVec(b, [1.0, 1, 1, 1, 1, 1], y, 1.0, 0.0);
        Assert.Equal([60, 60, 60, 60], y);
        Assert.Equal(1, pattern.IndexOf(0, 2));
        Assert.Equal(-1, pattern.IndexOf(1, 0));
    }

    [Fact]
    public void ArrayConstructorBuildsItsPatternWithTheBlockSize()
    {
        var m = new BsrMatrix<double>(1, 2, 1, 2, [0, 1], [1], [5, 6]);
        Assert.Equal((1, 2, 1, 2), (m.Pattern.BlockRowCount, m.Pattern.BlockColumnCount, m.Pattern.BlockHeight, m.Pattern.BlockWidth));
        Assert.Same(m.Pattern, m.WithValues([7, 8]).Pattern);
    }

    [Fact]
    public void BuilderNamesTheBlock()
    {
        var builder = new BsrPatternBuilder(2, 3, 2, 2);
        var row = Assert.Throws<SparseFormatException>(() => builder.Add(2, 0));
        Assert.Contains("block (2, 0) is out of range: the block row must be in [0, 2) (2 block rows)", row.Message);
        var column = Assert.Throws<SparseFormatException>(() => builder.Add(0, 3));
        Assert.Contains("block (0, 3) is out of range: the block column must be in [0, 3) (3 block columns)", column.Message);
        builder.AddBlockRow(1, [2, 0]).Add(1, 2);
        var twice = Assert.Throws<SparseFormatException>(() => builder.Build());
        Assert.Contains("block (1, 2) was added twice: a pattern holds each block once", twice.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BsrPatternBuilder(1, 1, 0, 1));
    }

    [Fact]
    public void PatternFromArraysIsValidatedAndCopied()
    {
        var e = Assert.Throws<SparseFormatException>(() => new BsrPattern(1, 3, 2, 2, [0, 2], [2, 1]));
        Assert.Contains("BlockColumnIndices[1] = 1 is not greater than BlockColumnIndices[0] = 2 in block row 0", e.Message);
        int[] columns = [0, 2];
        var pattern = new BsrPattern(1, 3, 2, 2, [0, 2], columns);
        columns[0] = 99;
        Assert.Equal(0, pattern.BlockColumnIndices[0]);
    }

    [Fact]
    public void ValuesMustFillEveryBlock()
    {
        var e = Assert.Throws<SparseFormatException>(() => new BsrMatrix<double>(Pattern(), new double[11]));
        Assert.Contains("Values has length 11 but must have length 12 (3 blocks of 2x2)", e.Message);
    }

    [Fact]
    public void WithPatternMovesWholeBlocksAndNeedsTheSameBlockSize()
    {
        var a = new BsrMatrix<double>(Pattern(), [1, 2, 3, 4, /* (0,2) */ 5, 6, 7, 8, /* (1,1) */ 9, 10, 11, 12]);
        var moved = new BsrPatternBuilder(2, 3, 2, 2).Add(0, 2).Add(1, 0).Add(1, 1).Build();
        var b = a.WithPattern(moved);
        Assert.Same(moved, b.Pattern);
        Assert.Equal([5, 6, 7, 8, 0, 0, 0, 0, 9, 10, 11, 12], b.Values.ToArray());
        var wider = Assert.Throws<ShapeMismatchException>(() => a.WithPattern(new BsrPatternBuilder(2, 3, 2, 3).Build()));
        Assert.Contains("the new pattern is 2x3 blocks of 2x3 but the matrix is 2x3 blocks of 2x2", wider.Message);
    }
}
