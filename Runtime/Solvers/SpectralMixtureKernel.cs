using System;

namespace SparseDsl;

/// <summary>The spectral density of each component of a <see cref="SpectralMixtureKernel"/>.</summary>
public enum SpectralComponent
{
    /// <summary>A Student-t spectrum: the Matérn-5/2 factor g(d) = (1 + r + r²/3)·e^(−r), r = √5·|d|/ℓ.</summary>
    StudentT,
    /// <summary>A Gaussian spectrum: g(d) = exp(−d²/(2ℓ²)).</summary>
    Gaussian,
}

/// <summary>
/// A one-dimensional spectral-mixture covariance k(d) = Σ_q w_q·g(d; ℓ_q)·cos(2π·μ_q·d) of the distance d = x − x'
/// (the GP-HM paper's kernel per dimension; a product over dimensions gives a Kronecker covariance on a grid),
/// written in its smooth even form with analytic first and second derivatives in d (what the PDE operators need:
/// ∂k/∂x = k'(d), ∂²k/∂x² = k''(d)) and the gradient with respect to the hyperparameters (log w_q, log ℓ_q, μ_q),
/// also of k' and k'' (<see cref="DerivativeGradients"/>). The weights live in the log domain (the paper's Jeffreys prior).
/// </summary>
public sealed class SpectralMixtureKernel
{
    private readonly double[] _logWeights, _logLengthScales, _frequencies;

    /// <summary>Q components: their log weights, log length scales and frequencies (each finite; Q ≥ 1).</summary>
    public SpectralMixtureKernel(SpectralComponent component, double[] logWeights, double[] logLengthScales, double[] frequencies)
    {
        ArgumentNullException.ThrowIfNull(logWeights);
        ArgumentNullException.ThrowIfNull(logLengthScales);
        ArgumentNullException.ThrowIfNull(frequencies);
        if (component is not (SpectralComponent.StudentT or SpectralComponent.Gaussian)) throw new ArgumentOutOfRangeException(nameof(component), component, "StudentT or Gaussian");
        if (logWeights.Length == 0) throw new ArgumentException("a spectral mixture needs at least one component", nameof(logWeights));
        if (logLengthScales.Length != logWeights.Length || frequencies.Length != logWeights.Length)
            throw new ShapeMismatchException($"{logWeights.Length} log weights, {logLengthScales.Length} log length scales and {frequencies.Length} frequencies: one of each per component");
        for (int q = 0; q < logWeights.Length; q++)
            if (!double.IsFinite(logWeights[q]) || !double.IsFinite(logLengthScales[q]) || !double.IsFinite(frequencies[q]))
                throw new ArgumentException($"component {q}: log w = {logWeights[q]}, log ℓ = {logLengthScales[q]}, μ = {frequencies[q]}; every hyperparameter must be finite");
        Component = component;
        _logWeights = (double[])logWeights.Clone();
        _logLengthScales = (double[])logLengthScales.Clone();
        _frequencies = (double[])frequencies.Clone();
    }

    public SpectralComponent Component { get; }

    /// <summary>Q, the number of components.</summary>
    public int Count => _logWeights.Length;

    public ReadOnlySpan<double> LogWeights => _logWeights;

    public ReadOnlySpan<double> LogLengthScales => _logLengthScales;

    public ReadOnlySpan<double> Frequencies => _frequencies;

    /// <summary>k(d), k'(d) and k''(d).</summary>
    public (double Value, double First, double Second) Evaluate(double d)
    {
        double value = 0, first = 0, second = 0;
        for (int q = 0; q < Count; q++)
        {
            var (g, g1, g2) = Envelope(d, Math.Exp(_logLengthScales[q]));
            double omega = 2 * Math.PI * _frequencies[q];
            double c = Math.Cos(omega * d), s = Math.Sin(omega * d);
            double w = Math.Exp(_logWeights[q]);
            value += w * g * c;
            first += w * (g1 * c - g * omega * s);
            second += w * (g2 * c - 2 * g1 * omega * s - g * omega * omega * c);
        }
        return (value, first, second);
    }

    /// <summary>
    /// ∂k(d)/∂θ for θ = (log w_q, log ℓ_q, μ_q) of every component, written into <paramref name="gradient"/> (3·Q
    /// entries: all log weights, then all log length scales, then all frequencies).
    /// </summary>
    public void ValueGradient(double d, Span<double> gradient)
    {
        if (gradient.Length != 3 * Count) throw new ShapeMismatchException($"the gradient has {gradient.Length} entries but the kernel has {3 * Count} hyperparameters", nameof(gradient));
        for (int q = 0; q < Count; q++)
        {
            double l = Math.Exp(_logLengthScales[q]);
            var (g, _, _) = Envelope(d, l);
            double omega = 2 * Math.PI * _frequencies[q];
            double c = Math.Cos(omega * d), w = Math.Exp(_logWeights[q]);
            gradient[q] = w * g * c;
            gradient[Count + q] = w * EnvelopeLogScaleDerivative(d, l) * c;
            gradient[2 * Count + q] = -w * g * 2 * Math.PI * d * Math.Sin(omega * d);
        }
    }

    /// <summary>
    /// ∂k(d)/∂θ, ∂k'(d)/∂θ and ∂k''(d)/∂θ for θ = (log w_q, log ℓ_q, μ_q) of every component, each span laid out as in
    /// <see cref="ValueGradient"/> (3·Q entries). What the learned route needs: the PDE operators are built from k' and
    /// k'', so their hyperparameter gradients enter the loss's gradient. Smooth at d = 0 (the even form).
    /// </summary>
    public void DerivativeGradients(double d, Span<double> value, Span<double> first, Span<double> second)
    {
        int size = 3 * Count;
        if (value.Length != size || first.Length != size || second.Length != size)
            throw new ShapeMismatchException($"the gradients have {value.Length}, {first.Length} and {second.Length} entries but the kernel has {size} hyperparameters");
        for (int q = 0; q < Count; q++)
        {
            double l = Math.Exp(_logLengthScales[q]), w = Math.Exp(_logWeights[q]);
            var (g, g1, g2) = Envelope(d, l);
            var (h, h1, h2) = EnvelopeLogScaleDerivatives(d, l);
            double omega = 2 * Math.PI * _frequencies[q];
            double c = Math.Cos(omega * d), s = Math.Sin(omega * d);
            // The component and its d-derivatives, as functions of (g, g', g'') and ω.
            double k0 = g * c, k1 = g1 * c - g * omega * s, k2 = g2 * c - 2 * g1 * omega * s - g * omega * omega * c;
            value[q] = w * k0;
            first[q] = w * k1;
            second[q] = w * k2;
            // log ℓ enters through the envelope only.
            value[Count + q] = w * h * c;
            first[Count + q] = w * (h1 * c - h * omega * s);
            second[Count + q] = w * (h2 * c - 2 * h1 * omega * s - h * omega * omega * c);
            // μ enters through ω = 2πμ: ∂c/∂ω = −d·s, ∂s/∂ω = d·c.
            double t = 2 * Math.PI * w;
            value[2 * Count + q] = t * (-g * d * s);
            first[2 * Count + q] = t * (-g1 * d * s - g * s - g * omega * d * c);
            second[2 * Count + q] = t * (-g2 * d * s - 2 * g1 * s - 2 * g1 * omega * d * c - 2 * g * omega * c + g * omega * omega * d * s);
        }
    }

    /// <summary>g(d; ℓ), g'(d) and g''(d) of one component's envelope.</summary>
    private (double G, double First, double Second) Envelope(double d, double l)
    {
        if (Component == SpectralComponent.Gaussian)
        {
            double g = Math.Exp(-d * d / (2 * l * l));
            return (g, -d / (l * l) * g, (d * d / (l * l * l * l) - 1 / (l * l)) * g);
        }
        double r = Math.Sqrt(5) * Math.Abs(d) / l, e = Math.Exp(-r), a = 5 / (3 * l * l);
        return ((1 + r + r * r / 3) * e, -a * d * (1 + r) * e, -a * (1 + r - r * r) * e);
    }

    /// <summary>∂g/∂log ℓ = ℓ·∂g/∂ℓ.</summary>
    private double EnvelopeLogScaleDerivative(double d, double l)
    {
        if (Component == SpectralComponent.Gaussian) return d * d / (l * l) * Math.Exp(-d * d / (2 * l * l));
        // g depends on ℓ through r = √5|d|/ℓ: ∂g/∂log ℓ = −r·dg/dr = (r²/3)(1 + r)·e^(−r).
        double r = Math.Sqrt(5) * Math.Abs(d) / l;
        return r * r / 3 * (1 + r) * Math.Exp(-r);
    }

    /// <summary>∂g/∂log ℓ, ∂g'/∂log ℓ and ∂g''/∂log ℓ (ℓ·∂/∂ℓ of the envelope and its d-derivatives).</summary>
    private (double G, double First, double Second) EnvelopeLogScaleDerivatives(double d, double l)
    {
        if (Component == SpectralComponent.Gaussian)
        {
            // u = d²/ℓ²: ℓ∂g/∂ℓ = u·g, ℓ∂g'/∂ℓ = (u − 2)·g', ℓ∂g''/∂ℓ = (u² − 5u + 2)·g/ℓ².
            double u = d * d / (l * l), g = Math.Exp(-u / 2);
            return (u * g, (u - 2) * (-d / (l * l) * g), (u * u - 5 * u + 2) * g / (l * l));
        }
        // ℓ∂r/∂ℓ = −r and ℓ∂a/∂ℓ = −2a for a = 5/(3ℓ²).
        double r = Math.Sqrt(5) * Math.Abs(d) / l, e = Math.Exp(-r), a = 5 / (3 * l * l);
        return (r * r / 3 * (1 + r) * e, -a * d * (r * r - 2 * r - 2) * e, -a * (-2 - 2 * r + 5 * r * r - r * r * r) * e);
    }

    /// <summary>
    /// The covariance of a 1-D grid and its derivative matrices: K[i, j] = k(x_i − x_j), K1[i, j] = k'(x_i − x_j)
    /// (∂/∂x of the first argument), K2[i, j] = k''(x_i − x_j), plus <paramref name="jitter"/> on K's diagonal.
    /// </summary>
    public (DenseMatrix<double> K, DenseMatrix<double> K1, DenseMatrix<double> K2) GridMatrices(ReadOnlySpan<double> points, double jitter = 0)
    {
        if (!(jitter >= 0) || !double.IsFinite(jitter)) throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "the jitter must be a finite number ≥ 0");
        int n = points.Length;
        if (n == 0) throw new ArgumentException("the grid has no points", nameof(points));
        var k = new DenseMatrix<double>(n, n);
        var k1 = new DenseMatrix<double>(n, n);
        var k2 = new DenseMatrix<double>(n, n);
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(points[i])) throw new ArgumentException($"grid point {i} is {points[i]}", nameof(points));
            for (int j = 0; j < n; j++)
            {
                var (value, first, second) = Evaluate(points[i] - points[j]);
                k[i, j] = value + (i == j ? jitter : 0);
                k1[i, j] = first;
                k2[i, j] = second;
            }
        }
        return (k, k1, k2);
    }
}
