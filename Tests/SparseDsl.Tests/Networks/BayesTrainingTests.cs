using System;
using System.IO;
using System.Linq;
using Xunit;

namespace SparseDsl.Tests.Networks;

/// <summary>Seeded training on the checked-in digit subset, determinism, Save/Load, and the checks on bad input.</summary>
public class BayesTrainingTests
{
    private static readonly int[] Digits = { 784, 300, 100, 10 };

    private static (DigitSet Train, DigitSet Test) Split() => NetworkTestData.Subset.Split(0.2, seed: 0);

    private static double TestAccuracy(BayesianMlp net, DigitSet test, int samples = 0)
    {
        var probabilities = new float[test.Count * 10];
        net.Predict(test.Pixels, probabilities, samples, seed: 1);
        return Calibration.Accuracy(probabilities, 10, test.Labels);
    }

    [Theory]
    [InlineData(WeightSupport.Dense, 1.0)]
    [InlineData(WeightSupport.Unstructured, 0.1)]
    [InlineData(WeightSupport.NM, 0.5)]
    public void ShortSeededTrainingOnTheSubsetBeatsChanceByAWideMargin(WeightSupport support, double density)
    {
        var (train, test) = Split();
        var arch = new BayesMlpArchitecture(Digits, support, density);
        var net = new BayesianMlp(arch, seed: 1);
        // The KL term is weighted by 1/N: on 800 digits the default prior N(0, 0.005²) pulls every mean to 0 within a
        // few hundred steps, so this short run uses a wider prior (the defaults are for the 8,000-digit training set).
        var options = new SsviOptions { Epochs = 12, BatchSize = 32, LearningRate = 0.05, UpdateEvery = 25, Seed = 3, PriorSigma = 0.1 };
        var result = net.Train(train, options, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(StopReason.MaxIterations, result.StopReason);
        Assert.Equal(12, result.Epochs);
        // The trace includes the KL term, which the warm-up raises over the first half: only finiteness is asserted here.
        Assert.All(result.LossTrace, loss => Assert.True(double.IsFinite(loss)));
        Assert.Equal(density, net.Density, support == WeightSupport.Unstructured ? 1e-4 : 1e-12);
        Assert.True(result.TrainGflops > 0);
        double mean = TestAccuracy(net, test), sampled = TestAccuracy(net, test, samples: 8);
        Assert.True(mean >= 0.7, $"{support} {density}: test accuracy {mean} with the mean weights");
        Assert.True(sampled >= 0.7, $"{support} {density}: test accuracy {sampled} averaging 8 samples");
    }

    [Fact]
    public void TrainingIsDeterministicForASeedAndThreadCount()
    {
        var (train, _) = Split();
        var small = train.Select(Enumerable.Range(0, 300).ToArray());
        var arch = new BayesMlpArchitecture(Digits, WeightSupport.Unstructured, 0.2);
        var options = new SsviOptions { Epochs = 2, BatchSize = 40, UpdateEvery = 3, Threads = 2, Seed = 8 };
        var a = new BayesianMlp(arch, seed: 4);
        var b = new BayesianMlp(arch, seed: 4);
        var ra = a.Train(small, options, cancellationToken: TestContext.Current.CancellationToken);
        var rb = b.Train(small, options, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ra.LossTrace, rb.LossTrace);
        for (int l = 0; l < a.LayerCount; l++)
        {
            Assert.True(a.Columns(l).SequenceEqual(b.Columns(l)));
            Assert.True(a.Means(l).SequenceEqual(b.Means(l)));
            Assert.True(a.Rhos(l).SequenceEqual(b.Rhos(l)));
        }
        var c = new BayesianMlp(arch, seed: 4);
        c.Train(small, options with { Seed = 9 }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(a.Means(0).SequenceEqual(c.Means(0)));
    }

    [Fact]
    public void CancellationStopsBetweenSteps()
    {
        var (train, _) = Split();
        var net = new BayesianMlp(new BayesMlpArchitecture(Digits, WeightSupport.Unstructured, 0.1), seed: 1);
        using var source = new System.Threading.CancellationTokenSource();
        source.Cancel();
        var result = net.Train(train, new SsviOptions { Epochs = 3 }, cancellationToken: source.Token);
        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Equal(0, result.Epochs);
    }

    [Theory]
    [InlineData(WeightSupport.Unstructured, 0.3)]
    [InlineData(WeightSupport.Block, 0.25)]
    public void SaveLoadRoundTripsExactly(WeightSupport support, double density)
    {
        var arch = new BayesMlpArchitecture(new[] { 16, 12, 8, 4 }, support, density, BlockRows: 2, BlockColumns: 4);
        var net = new BayesianMlp(arch, seed: 6);
        var (x, y) = NetworkTestData.Batch(3, 20, 16, 4);
        net.ComputeGradients(x, y, sample: true);
        net.UpdateSupport(0.3);   // a moved support, not the initial one
        var stream = new MemoryStream();
        net.Save(stream);
        stream.Position = 0;
        var back = BayesianMlp.Load(stream, arch with { Layers = new[] { 16, 12, 8, 4 } });
        for (int l = 0; l < net.LayerCount; l++)
        {
            Assert.True(net.RowStarts(l).SequenceEqual(back.RowStarts(l)));
            Assert.True(net.Columns(l).SequenceEqual(back.Columns(l)));
            Assert.True(net.Means(l).SequenceEqual(back.Means(l)));
            Assert.True(net.Rhos(l).SequenceEqual(back.Rhos(l)));
            Assert.True(net.Biases(l).SequenceEqual(back.Biases(l)));
        }
        var p1 = new float[20 * 4];
        var p2 = new float[20 * 4];
        net.Predict(x, p1, samples: 3, seed: 2);
        back.Predict(x, p2, samples: 3, seed: 2);
        Assert.Equal(p1, p2);
        var again = new MemoryStream();
        back.Save(again);
        Assert.Equal(stream.ToArray(), again.ToArray());
    }

    [Fact]
    public void LoadRejectsAWrongShapeTruncationAndForeignFiles()
    {
        var arch = new BayesMlpArchitecture(new[] { 16, 12, 4 }, WeightSupport.Unstructured, 0.5);
        var stream = new MemoryStream();
        new BayesianMlp(arch, 1).Save(stream);
        byte[] bytes = stream.ToArray();

        var e = Assert.Throws<InvalidDataException>(() => BayesianMlp.Load(new MemoryStream(bytes), arch with { Layers = new[] { 16, 10, 4 } }));
        Assert.Contains("16-12-4", e.Message);
        Assert.Contains("16-10-4", e.Message);
        e = Assert.Throws<InvalidDataException>(() => BayesianMlp.Load(new MemoryStream(bytes), arch with { Density = 0.25 }));
        Assert.Contains("density", e.Message);
        e = Assert.Throws<InvalidDataException>(() => BayesianMlp.Load(new MemoryStream(bytes), arch with { Support = WeightSupport.Dense, Density = 1 }));
        Assert.Contains("support", e.Message);
        e = Assert.Throws<InvalidDataException>(() => BayesianMlp.Load(new MemoryStream(bytes[..(bytes.Length - 3)]), arch));
        Assert.Contains("ends early", e.Message);
        e = Assert.Throws<InvalidDataException>(() => BayesianMlp.Load(new MemoryStream(new byte[40]), arch));
        Assert.Contains("not a SparseDsl Bayesian network file", e.Message);
        // A corrupted column index (the first column of layer 1) is caught by the pattern check.
        int headerBytes = 8 + 4 + 4 + 3 * 4 + 8 + 4 * 4;
        int firstColumn = headerBytes + 12 + (12 + 1) * 4;
        var corrupt = (byte[])bytes.Clone();
        BitConverter.GetBytes(99).CopyTo(corrupt, firstColumn);
        e = Assert.Throws<InvalidDataException>(() => BayesianMlp.Load(new MemoryStream(corrupt), arch));
        Assert.Contains("column 99", e.Message);
    }

    [Fact]
    public void BadArchitecturesNameTheProblem()
    {
        Assert.Contains("Density is 0", Assert.Throws<ArgumentException>(() => new BayesianMlp(new(Digits, WeightSupport.Unstructured, 0), 0)).Message);
        Assert.Contains("Density is 1.5", Assert.Throws<ArgumentException>(() => new BayesianMlp(new(Digits, WeightSupport.Unstructured, 1.5), 0)).Message);
        Assert.Contains("Dense support has Density 1", Assert.Throws<ArgumentException>(() => new BayesianMlp(new(Digits, WeightSupport.Dense, 0.5), 0)).Message);
        Assert.Contains("input width 10 is not a multiple of M = 4",
            Assert.Throws<ArgumentException>(() => new BayesianMlp(new(new[] { 8, 10, 3 }, WeightSupport.NM, 0.5), 0)).Message);
        Assert.Contains("N:M support 2:4 has Density 0.5, not 0.1",
            Assert.Throws<ArgumentException>(() => new BayesianMlp(new(Digits, WeightSupport.NM, 0.1), 0)).Message);
        Assert.Contains("output width 10 is not a multiple of 4",
            Assert.Throws<ArgumentException>(() => new BayesianMlp(new(Digits, WeightSupport.Block, 0.1), 0)).Message);
        Assert.Contains("layer width 1 is 0", Assert.Throws<ArgumentException>(() => new BayesianMlp(new(new[] { 4, 0, 2 }, WeightSupport.Dense, 1), 0)).Message);
        Assert.Contains("at least 2 classes", Assert.Throws<ArgumentException>(() => new BayesianMlp(new(new[] { 4, 1 }, WeightSupport.Dense, 1), 0)).Message);
        Assert.Contains("Layers has 1", Assert.Throws<ArgumentException>(() => new BayesianMlp(new(new[] { 4 }, WeightSupport.Dense, 1), 0)).Message);
    }

    [Fact]
    public void BadOptionsAndOperandsNameTheProblem()
    {
        var net = new BayesianMlp(new BayesMlpArchitecture(new[] { 6, 4, 3 }, WeightSupport.Unstructured, 0.5), 0);
        var data = new DigitSet(new float[5 * 6], new byte[5], features: 6);
        Assert.Contains("SsviOptions.BatchSize is 0", Assert.Throws<ArgumentException>(() => net.Train(data, new SsviOptions { BatchSize = 0 }, cancellationToken: TestContext.Current.CancellationToken)).Message);
        Assert.Contains("SsviOptions.Momentum is 1", Assert.Throws<ArgumentException>(() => net.Train(data, new SsviOptions { Momentum = 1 }, cancellationToken: TestContext.Current.CancellationToken)).Message);
        Assert.Contains("SsviOptions.PriorSigma is 0", Assert.Throws<ArgumentException>(() => net.Train(data, new SsviOptions { PriorSigma = 0 }, cancellationToken: TestContext.Current.CancellationToken)).Message);
        Assert.Contains("SsviOptions.DropFraction is 1.5", Assert.Throws<ArgumentException>(() => net.Train(data, new SsviOptions { DropFraction = 1.5 }, cancellationToken: TestContext.Current.CancellationToken)).Message);
        Assert.Contains("SsviOptions.Epochs is 0", Assert.Throws<ArgumentException>(() => net.Train(data, new SsviOptions { Epochs = 0 }, cancellationToken: TestContext.Current.CancellationToken)).Message);
        var wide = new DigitSet(new float[5 * 7], new byte[5], features: 7);
        Assert.Contains("7 features per digit but the network's input width is 6", Assert.Throws<ShapeMismatchException>(() => net.Train(wide, new SsviOptions(), cancellationToken: TestContext.Current.CancellationToken)).Message);
        var labelled = new DigitSet(new float[2 * 6], new byte[] { 0, 3 }, features: 6);
        Assert.Contains("label 3", Assert.Throws<ArgumentException>(() => net.Train(labelled, new SsviOptions(), cancellationToken: TestContext.Current.CancellationToken)).Message);
        Assert.Contains("not a multiple of the input width 6", Assert.Throws<ShapeMismatchException>(() => net.Predict(new float[13], new float[6])).Message);
        Assert.Contains("2 x 3 = 6", Assert.Throws<ShapeMismatchException>(() => net.Predict(new float[12], new float[5])).Message);
        Assert.Contains("layer 2 does not exist", Assert.Throws<ArgumentOutOfRangeException>(() => net.Means(2).ToArray()).Message);
        Assert.Contains("pixels lie in [0, 1]", Assert.Throws<ArgumentException>(() => new DigitSet(new[] { 0.5f, 2f }, new byte[1], features: 2)).Message);
        Assert.Contains("2 images of 3 pixels need 6", Assert.Throws<ShapeMismatchException>(() => new DigitSet(new float[5], new byte[2], features: 3)).Message);
    }
}

/// <summary>A training step and a support update allocate nothing once the workspaces exist.</summary>
public class BayesSteadyStateTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void StepsAndSupportUpdatesAllocateNothing(int threads)
    {
        var arch = new BayesMlpArchitecture(new[] { 64, 32, 16, 10 }, WeightSupport.Unstructured, 0.2);
        var net = new BayesianMlp(arch, seed: 3);
        var (x, y) = NetworkTestData.Batch(2, 40, 64, 10);
        int seed = 0;
        SparseDsl.Tests.Verification.SteadyState.AllocatesNothing(() =>
        {
            for (int i = 0; i < 5; i++) net.TrainStep(x, y, learningRate: 1e-3, klScale: 1e-4, seed: ++seed, threads: threads);
            net.UpdateSupport(0.1);
        }, $"TrainStep + UpdateSupport on {threads} thread(s)");
        var probabilities = new float[40 * 10];
        SparseDsl.Tests.Verification.SteadyState.AllocatesNothing(() => net.Predict(x, probabilities, samples: 2), "Predict");
    }
}
