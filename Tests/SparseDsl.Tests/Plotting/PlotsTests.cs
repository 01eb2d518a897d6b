using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using SparseDsl.Plotting;
using Xunit;

namespace SparseDsl.Tests.Plotting;

/// <summary>
/// Each chart writes a PNG (signature, IHDR size as requested, more than a blank image's worth of data), the same
/// bytes for the same data, and rejects bad data with a message naming it; the histogram's bin counts against a
/// naive count.
/// </summary>
public sealed class PlotsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sparsedsl-plots-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private string File(string name) => Path.Combine(_folder, "nested", name);

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG's width and height from its IHDR chunk, after checking the signature and the chunk's name.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path}: {bytes.Length} bytes");
        Assert.Equal(Signature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    private static double[] Range(int n, Func<int, double> f) => Enumerable.Range(0, n).Select(f).ToArray();

    [Fact]
    public void LinesWritesAPngOfTheRequestedSizeAndTheSameBytesTwice()
    {
        var x = Range(50, i => i * 0.1);
        Plots.Lines(File("lines.png"), "errors", "N", "error", ("a", x, x.Select(Math.Sin).ToArray()), ("b", x, x.Select(Math.Cos).ToArray()));
        Assert.Equal((800, 600), PngSize(File("lines.png")));
        Plots.Lines(File("lines2.png"), "errors", "N", "error", ("a", x, x.Select(Math.Sin).ToArray()), ("b", x, x.Select(Math.Cos).ToArray()));
        Assert.Equal(System.IO.File.ReadAllBytes(File("lines.png")), System.IO.File.ReadAllBytes(File("lines2.png")));
        Plots.Lines(File("lines3.png"), "errors", "N", "error", ("a", x, x.Select(Math.Cos).ToArray()));
        Assert.NotEqual(System.IO.File.ReadAllBytes(File("lines.png")), System.IO.File.ReadAllBytes(File("lines3.png")));
    }

    [Fact]
    public void LogScaleLinesAndScatterWriteTheirSizes()
    {
        var n = Range(20, i => 8 + 4 * i);
        var error = n.Select(v => Math.Pow(10, -v / 10)).ToArray();
        Plots.Lines(File("log.png"), "convergence", "N", "error", new PlotOptions { Width = 640, Height = 480, LogY = true }, ("Chebyshev", n, error));
        Assert.Equal((640, 480), PngSize(File("log.png")));
        Plots.Scatter(File("scatter.png"), "points", "x", "y", new PlotOptions { Width = 300, Height = 200 }, ("s", n, error));
        Assert.Equal((300, 200), PngSize(File("scatter.png")));
        Assert.Contains("not positive", Assert.Throws<ArgumentException>(() =>
            Plots.Lines(File("bad.png"), "t", "x", "y", new PlotOptions { LogY = true }, ("s", [1.0, 2.0], [1.0, 0.0]))).Message);
    }

    [Fact]
    public void HistogramReliabilityAndBarsWriteTheirSizes()
    {
        var random = new Random(5);
        var a = Range(500, _ => random.NextDouble());
        var b = Range(300, _ => random.NextDouble() * 0.5 + 0.25);
        Plots.Histogram(File("hist.png"), "values", [("a", a), ("b", b)], bins: 20, new PlotOptions { Width = 500, Height = 400 });
        Assert.Equal((500, 400), PngSize(File("hist.png")));
        Plots.Reliability(File("rel.png"), "calibration", [0.05, 0.35, 0.65, 0.95], [0.1, 0.3, 0.7, 0.9], [10, 40, 35, 15]);
        Assert.Equal((800, 600), PngSize(File("rel.png")));
        Plots.Bars(File("bars.png"), "timings", "ms", new PlotOptions { Width = 700, Height = 350 }, ["csr", "bsr", "dia"], ("scalar", [1.0, 2.0, 3.0]), ("simd", [0.5, 0.8, 1.1]));
        Assert.Equal((700, 350), PngSize(File("bars.png")));
    }

    [Fact]
    public void BinCountsMatchANaiveCount()
    {
        var random = new Random(6);
        var values = Range(1000, _ => random.NextDouble() * 3 - 1).Append(2).Append(-1).ToArray();
        double min = values.Min(), max = values.Max(), width = (max - min) / 7;
        var counts = Plots.BinCounts(values, min, width, 7);
        Assert.Equal(values.Length, counts.Sum());
        for (int k = 0; k < 7; k++)
        {
            double lo = min + k * width, hi = min + (k + 1) * width;
            int naive = values.Count(v => v >= lo && (v < hi || (k == 6 && v <= max)));
            Assert.True(Math.Abs(naive - counts[k]) <= 1, $"bin {k}: {counts[k]} vs {naive}");   // a value on an edge may fall either side by rounding
        }
    }

    [Fact]
    public void BadDataThrowsNamingTheProblem()
    {
        double[] x = [1, 2, 3];
        Assert.Contains("path", Assert.Throws<ArgumentException>(() => Plots.Lines(" ", "t", "x", "y", ("s", x, x))).Message);
        Assert.Contains("at least one series", Assert.Throws<ArgumentException>(() => Plots.Lines(File("e.png"), "t", "x", "y")).Message);
        Assert.Contains("X has 3 points but Y 2", Assert.Throws<ArgumentException>(() => Plots.Scatter(File("e.png"), "t", "x", "y", ("s", x, [1.0, 2.0]))).Message);
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() => Plots.Lines(File("e.png"), "t", "x", "y", ("s", x, [1.0, double.NaN, 2.0]))).Message);
        Assert.Contains("is empty", Assert.Throws<ArgumentException>(() => Plots.Histogram(File("e.png"), "t", [("s", Array.Empty<double>())])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Plots.Histogram(File("e.png"), "t", [("s", x)], bins: 0));
        Assert.Contains("must match", Assert.Throws<ArgumentException>(() => Plots.Reliability(File("e.png"), "t", [0.5], [0.5, 0.6], [1])).Message);
        Assert.Contains("not in [0, 1]", Assert.Throws<ArgumentException>(() => Plots.Reliability(File("e.png"), "t", [1.5], [0.5], [1])).Message);
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => Plots.Reliability(File("e.png"), "t", [0.5], [0.5], [-1])).Message);
        Assert.Contains("3 values for 2 categories", Assert.Throws<ArgumentException>(() => Plots.Bars(File("e.png"), "t", "y", ["a", "b"], ("s", x))).Message);
        Assert.Contains("pixels", Assert.Throws<ArgumentException>(() => Plots.Lines(File("e.png"), "t", "x", "y", new PlotOptions { Width = 0 }, ("s", x, x))).Message);
        Assert.False(System.IO.File.Exists(File("e.png")));
    }
}
