using System;
using System.Runtime.CompilerServices;

namespace SparseDsl;

/// <summary>The scalar formulas of SSVI: the softplus parameterisation, E|θ| and the drop score, the Gaussian KL.</summary>
public static class Ssvi
{
    /// <summary>
    /// σ = softplus(ρ) = log(1 + e^ρ) and its derivative sigmoid(ρ), in single precision: a series of log1p for
    /// e^ρ &lt; 0.01 (posterior σ of order 1e-3 sit there), the plain formula otherwise, ρ itself above 20.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Softplus(float rho, out float sigmoid)
    {
        if (rho > 20f) { sigmoid = 1f; return rho; }
        float e = MathF.Exp(rho);
        sigmoid = e / (1f + e);
        return e < 0.01f ? e * (1f - e * (0.5f - e * (1f / 3f - 0.25f * e))) : MathF.Log(1f + e);
    }

    /// <summary>ρ with softplus(ρ) = σ (σ &gt; 0), in double precision: log(expm1(σ)).</summary>
    public static double InverseSoftplus(double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        return sigma > 30 ? sigma : Math.Log(sigma < 1e-5 ? sigma * (1 + sigma * (0.5 + sigma / 6)) : Math.Exp(sigma) - 1);
    }

    /// <summary>E|θ| for θ ~ N(μ, σ²): μ·erf(μ/(σ√2)) + σ·√(2/π)·exp(−μ²/(2σ²)) (σ &gt; 0).</summary>
    public static double ExpectedAbs(double mu, double sigma)
        => mu * MathNet.Numerics.SpecialFunctions.Erf(mu / (sigma * Math.Sqrt(2))) + sigma * Math.Sqrt(2 / Math.PI) * Math.Exp(-mu * mu / (2 * sigma * sigma));

    /// <summary>
    /// The SSVI drop score E|θ| / sd|θ| = E|θ| / sqrt(μ² + σ² − E|θ|²): low for weights whose magnitude is small
    /// against its spread. NaN (0/0) reads as 0, as in the reference code.
    /// </summary>
    public static double DropScore(double mu, double sigma)
    {
        double e = ExpectedAbs(mu, sigma);
        double score = e / Math.Sqrt(Math.Max(mu * mu + sigma * sigma - e * e, 0));
        return double.IsNaN(score) ? 0 : score;
    }

    /// <summary>KL(N(μ, σ²) ‖ N(0, s²)) = log(s/σ) + (σ² + μ²)/(2s²) − ½.</summary>
    public static double GaussianKl(double mu, double sigma, double priorSigma)
        => Math.Log(priorSigma / sigma) + (sigma * sigma + mu * mu) / (2 * priorSigma * priorSigma) - 0.5;

    /// <summary>The fraction of active weights an update at step <paramref name="step"/> replaces: drop/2·(1 + cos(π·t/T_end)).</summary>
    public static double DropFractionAt(double drop, long step, double endStep)
        => endStep <= 0 ? 0 : drop / 2 * (1 + Math.Cos(Math.PI * Math.Min(step / endStep, 1)));
}
