using System;
using Xunit;

namespace SparseDsl.Tests.Runtime;

/// <summary>A CSR sparsity pattern validated once and shared by matrices that carry their own values.</summary>
public class CsrPatternTests
{
    private static CsrPattern Pattern() => new CsrPatternBuilder(3, 4).Add(2, 3).Add(0, 1).Add(2, 0).Add(0, 0).Build();

    [Fact]
    public void TwoMatricesShareOnePattern()
    {
        CsrPattern pattern = Pattern();
        var a = new CsrMatrix<double>(pattern, [1, 2, 3, 4]);
        var b = a.WithValues([10, 20, 30, 40]);
        var c = new CsrMatrix<float>(pattern, [1, 1, 1, 1]);
        Assert.Same(pattern, a.Pattern);
        Assert.Same(pattern, b.Pattern);
        Assert.Same(pattern, c.Pattern);
        Assert.True(a.RowPointers.Overlaps(b.RowPointers) && a.ColumnIndices.Overlaps(c.ColumnIndices));   // one copy of the structure
        Assert.False(a.Values.Overlaps(b.Values));                                                          // values are each matrix's own
        b.Values[0] = -1;
        Assert.Equal(1, a.Values[0]);
        Assert.Equal([0, 2, 2, 4], pattern.RowPointers.ToArray());
        Assert.Equal([0, 1, 0, 3], pattern.ColumnIndices.ToArray());
        // The work partition is cached on the pattern: a second matrix asks for it without recomputing it.
        Assert.True(a.GetRowPartition(2).Overlaps(b.GetRowPartition(2)));
        var y = new double[3];
        ReferenceKernels.MatVec(b, [1.0, 1, 1, 1], y, 1.0, 0.0);
        Assert.Equal([-1 + 20, 0, 30 + 40], y);
    }

    [Fact]
    public void ArrayConstructorsBuildTheirPattern()
    {
        var m = new CsrMatrix<double>(2, 2, [0, 1, 2], [1, 0], [5, 6]);
        Assert.Equal(2, m.Pattern.NonZeroCount);
        Assert.Same(m.Pattern, m.WithValues([7, 8]).Pattern);
        Assert.Equal(1, m.Pattern.IndexOf(1, 0));
        Assert.Equal(-1, m.Pattern.IndexOf(1, 1));
    }

    [Fact]
    public void BuilderRejectsAnEntryOutsideTheShape()
    {
        var builder = new CsrPatternBuilder(3, 4);
        var row = Assert.Throws<SparseFormatException>(() => builder.Add(3, 0));
        Assert.Contains("entry (3, 0) is out of range: the row must be in [0, 3)", row.Message);
        var column = Assert.Throws<SparseFormatException>(() => builder.Add(1, -1));
        Assert.Contains("entry (1, -1) is out of range: the column must be in [0, 4)", column.Message);
    }

    [Fact]
    public void BuilderRejectsARepeatedEntry()
    {
        var builder = new CsrPatternBuilder(3, 4).Add(1, 2).AddRow(2, [3, 1]).Add(1, 2);
        var e = Assert.Throws<SparseFormatException>(() => builder.Build());
        Assert.Contains("entry (1, 2) was added twice", e.Message);
    }

    [Fact]
    public void PatternFromArraysIsValidatedAndCopied()
    {
        var e = Assert.Throws<SparseFormatException>(() => new CsrPattern(1, 3, [0, 2], [2, 1]));
        Assert.Contains("ColumnIndices[1] = 1 is not greater than ColumnIndices[0] = 2 in row 0", e.Message);
        int[] columns = [0, 2];
        var pattern = new CsrPattern(1, 3, [0, 2], columns);
        columns[0] = 99;   // the caller's array is not the pattern's
        Assert.Equal(0, pattern.ColumnIndices[0]);
    }

    [Fact]
    public void ValuesOfTheWrongLengthAreRejected()
    {
        CsrPattern pattern = Pattern();
        var e = Assert.Throws<SparseFormatException>(() => new CsrMatrix<double>(pattern, [1, 2, 3]));
        Assert.Contains("Values has length 3 but must have length 4 (one value per stored entry of the pattern)", e.Message);
        Assert.Throws<SparseFormatException>(() => new CsrMatrix<double>(pattern, [1.0, 2, 3, 4]).WithValues(new double[5]));
    }

    [Fact]
    public void WithPatternKeepsTheValuesOfSharedEntries()
    {
        var a = new CsrMatrix<double>(Pattern(), [1, 2, 3, 4]);             // (0,0)=1 (0,1)=2 (2,0)=3 (2,3)=4
        var grown = new CsrPatternBuilder(3, 4).Add(0, 1).Add(1, 1).Add(2, 0).Add(2, 2).Build();
        var b = a.WithPattern(grown);
        Assert.Same(grown, b.Pattern);
        Assert.Equal([2, 0, 3, 0], b.Values.ToArray());                     // (0,1) (1,1) new (2,0) (2,2) new
        Assert.Throws<ShapeMismatchException>(() => a.WithPattern(new CsrPatternBuilder(3, 5).Build()));
    }
}
