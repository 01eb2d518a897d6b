using System;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>The spectral-mixture kernel's analytic derivatives (in d and in every hyperparameter) against central finite differences, its closed forms at 0, and its input checks.</summary>
public class SpectralMixtureKernelTests
{
    private static SpectralMixtureKernel Kernel(SpectralComponent component, double[]? logWeights = null)
        => new(component, logWeights ?? new[] { Math.Log(0.7), Math.Log(0.3), Math.Log(1.5) }, new[] { Math.Log(0.4), Math.Log(1.3), Math.Log(0.05) }, new[] { 0.0, 2.5, 16.0 });

    [Theory]
    [InlineData(SpectralComponent.StudentT)]
    [InlineData(SpectralComponent.Gaussian)]
    public void DerivativesInDistanceMatchFiniteDifferences(SpectralComponent component)
    {
        var kernel = Kernel(component);
        const double h = 1e-5;
        foreach (double d in new[] { -0.9, -0.13, 0.021, 0.3, 1.7 })
        {
            var (value, first, second) = kernel.Evaluate(d);
            var (plus, firstPlus, _) = kernel.Evaluate(d + h);
            var (minus, firstMinus, _) = kernel.Evaluate(d - h);
            Assert.Equal((plus - minus) / (2 * h), first, 1e-6 * (1 + Math.Abs(first)));
            Assert.Equal((firstPlus - firstMinus) / (2 * h), second, 1e-5 * (1 + Math.Abs(second)));
            Assert.Equal(value, kernel.Evaluate(-d).Value, 1e-15);                 // even
            Assert.Equal(-first, kernel.Evaluate(-d).First, 1e-12);                // odd derivative
        }
    }

    [Fact]
    public void ClosedFormsAtZero()
    {
        // One component: k(0) = w, k'(0) = 0, k''(0) = −w·(5/(3ℓ²) + (2πμ)²) for Matérn-5/2, −w·(1/ℓ² + (2πμ)²) for the Gaussian.
        double w = 2, l = 0.5, mu = 3;
        foreach (var (component, envelope) in new[] { (SpectralComponent.StudentT, 5 / (3 * l * l)), (SpectralComponent.Gaussian, 1 / (l * l)) })
        {
            var kernel = new SpectralMixtureKernel(component, new[] { Math.Log(w) }, new[] { Math.Log(l) }, new[] { mu });
            var (value, first, second) = kernel.Evaluate(0);
            Assert.Equal(w, value, 1e-14);
            Assert.Equal(0, first, 1e-14);
            Assert.Equal(-w * (envelope + Math.Pow(2 * Math.PI * mu, 2)), second, 1e-9);
        }
    }

    [Theory]
    [InlineData(SpectralComponent.StudentT)]
    [InlineData(SpectralComponent.Gaussian)]
    public void HyperparameterGradientMatchesFiniteDifferences(SpectralComponent component)
    {
        var kernel = Kernel(component);
        var gradient = new double[9];
        const double h = 1e-6;
        foreach (double d in new[] { -0.4, 0.07, 0.9 })
        {
            kernel.ValueGradient(d, gradient);
            for (int p = 0; p < 9; p++)
            {
                double Perturbed(double step)
                {
                    var lw = kernel.LogWeights.ToArray(); var ll = kernel.LogLengthScales.ToArray(); var mu = kernel.Frequencies.ToArray();
                    (p < 3 ? lw : p < 6 ? ll : mu)[p % 3] += step;
                    return new SpectralMixtureKernel(component, lw, ll, mu).Evaluate(d).Value;
                }
                double numeric = (Perturbed(h) - Perturbed(-h)) / (2 * h);
                Assert.True(Math.Abs(numeric - gradient[p]) <= 1e-6 * (1 + Math.Abs(numeric)), $"d = {d}, parameter {p}: {gradient[p]} vs {numeric}");
            }
        }
    }

    [Fact]
    public void GridMatricesAreTheKernelAtTheGridDifferences()
    {
        var kernel = Kernel(SpectralComponent.StudentT);
        var points = new[] { 0.0, 0.1, 0.35, 1.0 };
        var (k, k1, k2) = kernel.GridMatrices(points, jitter: 1e-6);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                var (value, first, second) = kernel.Evaluate(points[i] - points[j]);
                Assert.Equal(value + (i == j ? 1e-6 : 0), k[i, j], 1e-15);
                Assert.Equal(first, k1[i, j], 1e-15);
                Assert.Equal(second, k2[i, j], 1e-15);
            }
        Assert.Equal(k[1, 2], k[2, 1], 1e-15);
        Assert.Equal(-k1[1, 2], k1[2, 1], 1e-12);
    }

    [Fact]
    public void RejectsBadHyperparameters()
    {
        Assert.Throws<ShapeMismatchException>(() => new SpectralMixtureKernel(SpectralComponent.Gaussian, new[] { 0.0 }, new[] { 0.0, 1 }, new[] { 0.0 }));
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => new SpectralMixtureKernel(SpectralComponent.Gaussian, new[] { double.NaN }, new[] { 0.0 }, new[] { 0.0 })).Message);
        Assert.Throws<ArgumentException>(() => new SpectralMixtureKernel(SpectralComponent.Gaussian, new double[0], new double[0], new double[0]));
        Assert.Throws<ShapeMismatchException>(() => Kernel(SpectralComponent.Gaussian).ValueGradient(0.1, new double[8]));
    }
}
