using System;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>The hyperparameter gradients of k, k' and k'' (<see cref="SpectralMixtureKernel.DerivativeGradients"/>) against central finite differences, d = 0 included.</summary>
public class GpPdeKernelTests
{
    private static SpectralMixtureKernel Kernel(SpectralComponent component, double[] lw, double[] ll, double[] mu) => new(component, lw, ll, mu);

    private static readonly double[] LogWeights = { Math.Log(0.7), Math.Log(0.3), Math.Log(1.5) };
    private static readonly double[] LogScales = { Math.Log(0.4), Math.Log(1.3), Math.Log(0.25) };
    private static readonly double[] Frequencies = { 0.0, 2.5, 1.2 };

    [Theory]
    [InlineData(SpectralComponent.StudentT)]
    [InlineData(SpectralComponent.Gaussian)]
    public void DerivativeGradientsMatchFiniteDifferences(SpectralComponent component)
    {
        var kernel = Kernel(component, LogWeights, LogScales, Frequencies);
        int size = 3 * kernel.Count;
        var value = new double[size];
        var first = new double[size];
        var second = new double[size];
        var reference = new double[size];
        const double h = 1e-6;
        foreach (double d in new[] { -0.9, -0.13, 0.0, 0.021, 0.3, 1.7 })
        {
            kernel.DerivativeGradients(d, value, first, second);
            kernel.ValueGradient(d, reference);
            for (int p = 0; p < size; p++)
            {
                (double, double, double) Perturbed(double step)
                {
                    var lw = (double[])LogWeights.Clone(); var ll = (double[])LogScales.Clone(); var mu = (double[])Frequencies.Clone();
                    (p < 3 ? lw : p < 6 ? ll : mu)[p % 3] += step;
                    return Kernel(component, lw, ll, mu).Evaluate(d);
                }
                var plus = Perturbed(h);
                var minus = Perturbed(-h);
                double n0 = (plus.Item1 - minus.Item1) / (2 * h), n1 = (plus.Item2 - minus.Item2) / (2 * h), n2 = (plus.Item3 - minus.Item3) / (2 * h);
                Assert.True(Math.Abs(n0 - value[p]) <= 1e-6 * (1 + Math.Abs(n0)), $"∂k/∂θ{p}, d = {d}: {value[p]} vs {n0}");
                Assert.True(Math.Abs(n1 - first[p]) <= 1e-6 * (1 + Math.Abs(n1)), $"∂k'/∂θ{p}, d = {d}: {first[p]} vs {n1}");
                Assert.True(Math.Abs(n2 - second[p]) <= 1e-5 * (1 + Math.Abs(n2)), $"∂k''/∂θ{p}, d = {d}: {second[p]} vs {n2}");
                Assert.Equal(reference[p], value[p], 1e-13);
            }
        }
    }

    [Theory]
    [InlineData(SpectralComponent.StudentT)]
    [InlineData(SpectralComponent.Gaussian)]
    public void DistanceDerivativesAreSmoothAtZero(SpectralComponent component)
    {
        var kernel = Kernel(component, LogWeights, LogScales, Frequencies);
        const double h = 1e-5;
        var (_, f0, s0) = kernel.Evaluate(0);
        Assert.Equal(0, f0, 1e-14);
        // k'' at 0 from the difference of k' on either side, and from k's second difference.
        Assert.Equal((kernel.Evaluate(h).First - kernel.Evaluate(-h).First) / (2 * h), s0, 1e-5 * (1 + Math.Abs(s0)));
        Assert.Equal((kernel.Evaluate(h).Value - 2 * kernel.Evaluate(0).Value + kernel.Evaluate(-h).Value) / (h * h), s0, 1e-3 * (1 + Math.Abs(s0)));
    }

    [Fact]
    public void MaternSecondDerivativeAtZeroAndItsScaleGradient()
    {
        // One Matérn-5/2 component with μ = 0: k''(0) = −5/(3ℓ²)·w, so ∂k''(0)/∂log ℓ = 10/(3ℓ²)·w and ∂k''(0)/∂log w = k''(0).
        double w = 2, l = 0.5;
        var kernel = Kernel(SpectralComponent.StudentT, new[] { Math.Log(w) }, new[] { Math.Log(l) }, new[] { 0.0 });
        var value = new double[3];
        var first = new double[3];
        var second = new double[3];
        kernel.DerivativeGradients(0, value, first, second);
        Assert.Equal(-5 / (3 * l * l) * w, kernel.Evaluate(0).Second, 1e-12);
        Assert.Equal(-5 / (3 * l * l) * w, second[0], 1e-12);
        Assert.Equal(10 / (3 * l * l) * w, second[1], 1e-12);
        Assert.Equal(0, second[2], 1e-12);
        Assert.Equal(new[] { w, 0, 0 }, value);
        Assert.Equal(new[] { 0.0, 0, 0 }, first);
    }

    [Fact]
    public void RejectsWronglySizedGradients()
    {
        var kernel = Kernel(SpectralComponent.Gaussian, LogWeights, LogScales, Frequencies);
        Assert.Throws<ShapeMismatchException>(() => kernel.DerivativeGradients(0.1, new double[9], new double[8], new double[9]));
    }
}
