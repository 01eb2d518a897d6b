using System;
using System.IO;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace SparseDsl.Tests.Runtime;

public class MatrixMarketTests
{
    private static DenseMatrix<double> Read(string text) => MatrixMarket.ReadCoo<double>(new StringReader(text)).ToDense();

    [Fact]
    public void WriteThenReadRoundTrips()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(TripletCase.Generator().ToArbitrary(), t =>
        {
            var csr = t.Csr();
            var text = new StringWriter();
            MatrixMarket.Write(text, csr);
            var back = MatrixMarket.ReadCoo<double>(new StringReader(text.ToString())).ToCsr();
            Assert.Equal(csr.Rows, back.Rows);
            Assert.Equal(csr.Columns, back.Columns);
            Assert.Equal(csr.RowPointers, back.RowPointers);
            Assert.Equal(csr.ColumnIndices, back.ColumnIndices);
            Assert.Equal(csr.Values, back.Values);
        }));
    }

    [Fact]
    public void WritesNonIntegerValuesExactly()
    {
        var csr = new TripletCase(1, 2, new[] { (0, 1, 0.1 + 0.2) }).Csr();
        var text = new StringWriter();
        MatrixMarket.Write(text, csr);
        Assert.Equal(0.1 + 0.2, Read(text.ToString())[0, 1]);
    }

    [Fact]
    public void ReadsFromAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sparsedsl-{Guid.NewGuid():N}.mtx");
        try
        {
            File.WriteAllText(path, "%%MatrixMarket matrix coordinate real general\n2 2 1\n2 1 7.5\n");
            Assert.Equal(7.5, MatrixMarket.ReadCoo<double>(path).ToDense()[1, 0]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SymmetricEntriesAreMirrored()
    {
        var d = Read("%%MatrixMarket matrix coordinate real symmetric\n% comment\n3 3 2\n1 1 4\n3 1 2\n");
        Assert.Equal(4, d[0, 0]);
        Assert.Equal(2, d[2, 0]);
        Assert.Equal(2, d[0, 2]);
    }

    [Fact]
    public void SkewSymmetricEntriesAreNegatedWhenMirrored()
    {
        var d = Read("%%MatrixMarket matrix coordinate integer skew-symmetric\n2 2 1\n2 1 3\n");
        Assert.Equal(3, d[1, 0]);
        Assert.Equal(-3, d[0, 1]);
    }

    [Fact]
    public void PatternEntriesAreOne()
    {
        var d = Read("%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 3\n2 2\n");
        Assert.Equal(1, d[0, 2]);
        Assert.Equal(1, d[1, 1]);
        Assert.Equal(0, d[0, 0]);
    }

    [Fact]
    public void ArrayFilesAreColumnMajor()
    {
        var d = Read("%%MatrixMarket matrix array real general\n2 2\n1\n2\n0\n4\n");
        Assert.Equal(1, d[0, 0]);
        Assert.Equal(2, d[1, 0]);
        Assert.Equal(0, d[0, 1]);
        Assert.Equal(4, d[1, 1]);
    }

    [Theory]
    [InlineData("", "line 1", "empty")]
    [InlineData("%%MatrixMarket matrix coordinate complex general\n1 1 0\n", "line 1", "complex")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 x 1\n", "line 2", "'x'")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n3 1 1\n", "line 4", "row index 3")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", "line 3", "expected 3 fields")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 abc\n", "line 3", "'abc' is not a number")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n", "line 3", "expected 3 entries")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", "line 4", "unexpected data")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n", "line 1", "missing the size line")]
    public void MalformedFilesNameTheLine(string text, string line, string problem)
    {
        var e = Assert.Throws<FormatException>(() => MatrixMarket.ReadCoo<double>(new StringReader(text)));
        Assert.Contains(line, e.Message);
        Assert.Contains(problem, e.Message);
    }
}

/// <summary>Files the reader used to accept silently (or reject without a line): each rejection names the line, and the file when read from a path.</summary>
public class MatrixMarketRejectionTests
{
    [Theory]
    [InlineData("%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 2 5\n2 1 5\n", "line 4", "entry (2, 1) repeats line 3")]
    [InlineData("%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n2 1 5\n2 1 5\n", "line 4", "repeats line 3")]
    [InlineData("%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n3 1 1\n1 3 1\n", "line 4", "repeats line 3")]
    [InlineData("%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 5\n1 1 5\n", "line 4", "entry (1, 1) repeats line 3")]
    [InlineData("%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n1 3 1\n", "line 2", "must be square, but the size line gives 2 x 3")]
    [InlineData("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 2.5\n", "line 3", "'2.5' is not an integer")]
    [InlineData("%%MatrixMarket matrix array integer general\n1 1\n1e3\n", "line 3", "'1e3' is not an integer")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1e400\n", "line 3", "'1e400' is outside the range of Double")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 -1e400\n", "line 3", "outside the range")]
    public void BadFilesAreRejectedAtTheirLine(string text, string line, string problem)
    {
        var e = Assert.Throws<FormatException>(() => MatrixMarket.ReadCoo<double>(new StringReader(text)));
        Assert.Contains($"Matrix Market {line}:", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void FloatRangeIsTheElementTypes()
    {
        var e = Assert.Throws<FormatException>(() => MatrixMarket.ReadCoo<float>(new StringReader("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1e39\n")));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("outside the range of Single", e.Message);
        Assert.Equal(1e38f, MatrixMarket.ReadCoo<float>(new StringReader("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1e38\n")).Values[0]);
    }

    [Fact]
    public void InfAndNanWordsAreReadAsThoseValues()
    {
        var coo = MatrixMarket.ReadCoo<double>(new StringReader("%%MatrixMarket matrix coordinate real general\n1 4 4\n1 1 inf\n1 2 -Inf\n1 3 NaN\n1 4 +infinity\n"));
        Assert.Equal(new[] { double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.PositiveInfinity }, coo.Values.ToArray());
    }

    [Fact]
    public void IntegerAndSymmetricFilesThatAreRightStillRead()
    {
        var d = MatrixMarket.ReadCoo<double>(new StringReader("%%MatrixMarket matrix coordinate integer symmetric\n2 2 2\n1 1 -3\n2 1 4\n")).ToDense();
        Assert.Equal(-3, d[0, 0]);
        Assert.Equal(4, d[0, 1]);
        Assert.Equal(4, d[1, 0]);
    }

    [Fact]
    public void ARejectionFromAPathNamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sparsedsl-{Guid.NewGuid():N}.mtx");
        try
        {
            File.WriteAllText(path, "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 2 5\n2 1 5\n");
            var e = Assert.Throws<FormatException>(() => MatrixMarket.ReadCoo<double>(path));
            Assert.Contains($"Matrix Market file '{path}', line 4:", e.Message);
            File.WriteAllText(path, "%%MatrixMarket matrix coordinate real general\n2 x 1\n");
            e = Assert.Throws<FormatException>(() => MatrixMarket.ReadCoo<double>(path));
            Assert.Contains($"'{path}', line 2:", e.Message);
        }
        finally { File.Delete(path); }
    }
}
