using System;
using System.IO;
using System.Linq;
using SparseDsl.Generated.GpPde;
using NetworkSpecs = SparseDsl.Generated.Networks.Networks;
using SparseDsl.Tests.Networks;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>
/// The classes generated for the solver families of Specs/GpPde.sparse and Specs/Networks.sparse: what the spec fixes
/// reaches the runtime (grid, equation, settings, architecture), the generated Solve solves manufactured problems,
/// and the generated network trains, predicts, saves and refuses a file of another shape.
/// </summary>
public class GeneratedFamilyTests
{
    private static SpectralMixtureKernel Kernel(SpectralComponent spectrum, double lengthScale, params double[] frequencies)
        => new(spectrum, frequencies.Select(_ => 0.0).ToArray(), frequencies.Select(_ => Math.Log(lengthScale)).ToArray(), frequencies);

    private static double RelativeL2(Func<double[], double> exact, GpPdePredictor predictor, double[][] points)
    {
        double error = 0, norm = 0;
        foreach (var p in points)
        {
            double u = exact(p), e = predictor.Evaluate(p) - u;
            error += e * e;
            norm += u * u;
        }
        return Math.Sqrt(error / norm);
    }

    [Fact]
    public void GridEquationAndOptionsAreTheSpecs()
    {
        var grid = GpPde.Poisson1D.Grid();
        Assert.Equal(new GpPdeDimension("x", 0, 2 * Math.PI, 400), Assert.Single(grid));
        var equation = GpPde.AllenCahn2D.Equation();
        Assert.Equal(new[] { new GpPdeTerm(1, 0, 2), new GpPdeTerm(-1, 0, 0), new GpPdeTerm(1, 1, 2) }, equation.Terms);
        Assert.Equal(1, equation.Cubic);
        Assert.Equal((GpPdeTraining.Learned, SpectralComponent.StudentT, 30), (GpPde.Poisson1D.DefaultOptions.Training, GpPde.Poisson1D.DefaultOptions.Spectrum, GpPde.Poisson1D.DefaultOptions.Components));
        var advection = GpPde.ConvectionDiffusion.DefaultOptions;
        Assert.Equal((GpPdeTraining.JointAdam, 2000, 0.01, 500.0), (advection.Training, advection.MaxIterations, advection.LearningRate, advection.BoundaryWeight));
        Assert.Equal(new[] { new GpPdeTerm(0.05, 0, 2), new GpPdeTerm(1, 0, 1) }, GpPde.ConvectionDiffusion.Equation().Terms);
    }

    [Fact]
    public void FixedKernelSolveRecoversAManufacturedPoissonSolution()
    {
        // u = sin(2πx) + x on [0, 1]: f = u'' = −4π² sin(2πx), g = u at the ends; the kernel holds frequencies 0 and 1.
        Func<double, double> u = x => Math.Sin(2 * Math.PI * x) + x;
        var result = GpPde.PoissonFixed.Solve(x => -4 * Math.PI * Math.PI * Math.Sin(2 * Math.PI * x), u,
            new[] { Kernel(SpectralComponent.StudentT, 0.5, 0, 1) }, cancellationToken: TestContext.Current.CancellationToken);
        var points = Enumerable.Range(0, 300).Select(i => new[] { i / 299.0 }).ToArray();
        double error = RelativeL2(p => u(p[0]), result.Predictor, points);
        Assert.True(error < 1e-4, $"relative L2 {error}");
        Assert.Equal(64, result.Solution.Length);
        Assert.Throws<ArgumentException>(() => GpPde.PoissonFixed.Solve(x => 0, x => 0, new[] { Kernel(SpectralComponent.StudentT, 1, 0), Kernel(SpectralComponent.StudentT, 1, 0) }, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void FixedKernelAllenCahnSolveRecoversAManufacturedSolutionWithAConstantBoundary()
    {
        // u = sin(πx)·sin(πy) vanishes on the boundary (`boundary u = 0`); f = Δu + u³ − u.
        Func<double, double, double> u = (x, y) => Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y);
        Func<double, double, double> f = (x, y) => { double v = u(x, y); return -2 * Math.PI * Math.PI * v + v * v * v - v; };
        var kernel = Kernel(SpectralComponent.StudentT, 1, 0, 0.5);
        var result = GpPde.AllenCahn2D.Solve(f, new[] { kernel, kernel }, cancellationToken: TestContext.Current.CancellationToken);
        var points = Enumerable.Range(0, 40).SelectMany(i => Enumerable.Range(0, 40).Select(j => new[] { i / 39.0, j / 39.0 })).ToArray();
        double error = RelativeL2(p => u(p[0], p[1]), result.Predictor, points);
        Assert.True(error < 1e-2, $"relative L2 {error}");
        Assert.NotEqual(StopReason.NumericalFailure, result.StopReason);
    }

    [Fact]
    public void GeneratedNetworkHasTheSpecsArchitectureAndRoundTripsItsState()
    {
        Assert.Equal((784, 10), (NetworkSpecs.Digits.Inputs, NetworkSpecs.Digits.Classes));
        var architecture = NetworkSpecs.Digits.Architecture;
        Assert.Equal(new[] { 784, 300, 100, 10 }, architecture.Layers);
        Assert.Equal((WeightSupport.Unstructured, 0.1), (architecture.Support, architecture.Density));
        Assert.Equal((0.01, 0.005, 0.3, 100), (NetworkSpecs.Digits.DefaultOptions.KlWeight, NetworkSpecs.Digits.DefaultOptions.PriorSigma, NetworkSpecs.Digits.DefaultOptions.DropFraction, NetworkSpecs.Digits.DefaultOptions.UpdateEvery));
        Assert.Equal((5, 64), (NetworkSpecs.SemiStructured.DefaultOptions.Epochs, NetworkSpecs.SemiStructured.DefaultOptions.BatchSize));

        var network = new NetworkSpecs.Digits(seed: 3);
        var subset = NetworkTestData.Subset;
        var inputs = subset.Pixels.AsSpan(0, 5 * 784);
        var before = new float[50];
        network.Predict(inputs, before);
        for (int i = 0; i < 5; i++) Assert.Equal(1f, before.AsSpan(i * 10, 10).ToArray().Sum(), 1e-4f);

        using var stream = new MemoryStream();
        network.Save(stream);
        stream.Position = 0;
        var loaded = NetworkSpecs.Digits.Load(stream);
        var after = new float[50];
        loaded.Predict(inputs, after);
        Assert.Equal(before, after);

        using var dense = new MemoryStream();
        new NetworkSpecs.DenseDigits().Save(dense);
        dense.Position = 0;
        Assert.Throws<InvalidDataException>(() => NetworkSpecs.Digits.Load(dense));
    }

    [Fact]
    public void GeneratedNetworkTrainsOnTheSubsetFarAboveChance()
    {
        var subset = NetworkTestData.Subset;
        var (train, test) = subset.Split(0.2, seed: 0);
        var network = new NetworkSpecs.SemiStructured(seed: 1);
        var result = network.Train(train, NetworkSpecs.SemiStructured.DefaultOptions with { Epochs = 8, PriorSigma = 0.1, LearningRate = 0.05 }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(8, result.Epochs);
        var probabilities = new float[test.Count * NetworkSpecs.SemiStructured.Classes];
        network.Predict(test.Pixels, probabilities);
        // 12 outputs (two never used), 10 classes: chance is 10%.
        double accuracy = Calibration.Accuracy(probabilities, NetworkSpecs.SemiStructured.Classes, test.Labels);
        Assert.True(accuracy > 0.6, $"accuracy {accuracy}");
    }
}
