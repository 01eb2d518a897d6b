using System;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>A CSC sparsity pattern (the CSR pattern of the transpose, one shared core) validated once and shared.</summary>
public class CscPatternTests
{
    // 3x4: (0,0) (2,0) (0,1) (2,3)
    private static CscPattern Pattern() => new CscPatternBuilder(3, 4).Add(2, 3).Add(0, 1).Add(2, 0).Add(0, 0).Build();

    [Fact]
    public void TwoMatricesShareOnePattern()
    {
        CscPattern pattern = Pattern();
        var a = new CscMatrix<double>(pattern, [1, 2, 3, 4]);
        var b = a.WithValues([10, 20, 30, 40]);
        Assert.Same(pattern, a.Pattern);
        Assert.Same(pattern, b.Pattern);
        Assert.True(a.ColumnPointers.Overlaps(b.ColumnPointers) && a.RowIndices.Overlaps(b.RowIndices));
        Assert.False(a.Values.Overlaps(b.Values));
        b.Values[0] = -1;
        Assert.Equal(1, a.Values[0]);
        Assert.Equal([0, 2, 3, 3, 4], pattern.ColumnPointers.ToArray());
        Assert.Equal([0, 2, 0, 2], pattern.RowIndices.ToArray());
        var y = new double[3];
        ReferenceKernels.MatVec(b, [1.0, 1, 1, 1], y, 1.0, 0.0);
        Assert.Equal([-1 + 30, 0, 20 + 40], y);
    }

    [Fact]
    public void ArrayConstructorsBuildTheirPattern()
    {
        var m = new CscMatrix<double>(2, 2, [0, 1, 2], [1, 0], [5, 6]);   // (1,0)=5 (0,1)=6
        Assert.Equal(2, m.Pattern.NonZeroCount);
        Assert.Same(m.Pattern, m.WithValues([7, 8]).Pattern);
        Assert.Equal(0, m.Pattern.IndexOf(1, 0));
        Assert.Equal(1, m.Pattern.IndexOf(0, 1));
        Assert.Equal(-1, m.Pattern.IndexOf(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Pattern.IndexOf(0, 2));
        Assert.Same(m.Pattern, m.ToCsr().ToCsc().WithPattern(m.Pattern).Pattern);
    }

    [Fact]
    public void BuilderNamesEntriesAsRowThenColumn()
    {
        var builder = new CscPatternBuilder(3, 4);
        var row = Assert.Throws<SparseFormatException>(() => builder.Add(3, 0));
        Assert.Contains("entry (3, 0) is out of range: the row must be in [0, 3) (3 rows)", row.Message);
        var column = Assert.Throws<SparseFormatException>(() => builder.Add(1, 4));
        Assert.Contains("entry (1, 4) is out of range: the column must be in [0, 4) (4 columns)", column.Message);
        builder.AddColumn(2, [1, 0]).Add(1, 2);
        var twice = Assert.Throws<SparseFormatException>(() => builder.Build());
        Assert.Contains("entry (1, 2) was added twice", twice.Message);
    }

    [Fact]
    public void PatternFromArraysIsValidatedAndCopied()
    {
        var e = Assert.Throws<SparseFormatException>(() => new CscPattern(3, 1, [0, 2], [2, 1]));
        Assert.Contains("RowIndices[1] = 1 is not greater than RowIndices[0] = 2 in column 0", e.Message);
        var range = Assert.Throws<SparseFormatException>(() => new CscPattern(2, 1, [0, 1], [2]));
        Assert.Contains("RowIndices[0] = 2 in column 0 is out of range: it must be in [0, 2) (2 rows)", range.Message);
        int[] rows = [0, 2];
        var pattern = new CscPattern(3, 1, [0, 2], rows);
        rows[0] = 99;
        Assert.Equal(0, pattern.RowIndices[0]);
    }

    [Fact]
    public void ValuesOfTheWrongLengthAreRejected()
    {
        var e = Assert.Throws<SparseFormatException>(() => new CscMatrix<double>(Pattern(), [1, 2, 3]));
        Assert.Contains("Values has length 3 but must have length 4 (one value per stored entry of the pattern)", e.Message);
    }

    [Fact]
    public void WithPatternKeepsTheValuesOfSharedEntries()
    {
        var a = new CscMatrix<double>(Pattern(), [1, 3, 2, 4]);             // (0,0)=1 (2,0)=3 (0,1)=2 (2,3)=4
        var grown = new CscPatternBuilder(3, 4).Add(2, 0).Add(1, 1).Add(0, 1).Add(2, 2).Build();
        var b = a.WithPattern(grown);
        Assert.Same(grown, b.Pattern);
        Assert.Equal([3, 2, 0, 0], b.Values.ToArray());                     // (2,0) (0,1) (1,1) new (2,2) new
        Assert.Throws<ShapeMismatchException>(() => a.WithPattern(new CscPatternBuilder(4, 4).Build()));
    }
}
