using System;

namespace SparseDsl;

/// <summary>
/// One dimension's covariance factor on its equispaced grid and the derivative operators of the paper's model:
/// K[i, j] = k(x_i − x_j) + jitter·δ_ij, D⁽¹⁾ = K′·K⁻¹ and D⁽²⁾ = K″·K⁻¹ (K′[i, j] = k′(x_i − x_j), K″[i, j] = k″(x_i − x_j)),
/// so ∂U/∂x = D⁽¹⁾·U and ∂²U/∂x² = D⁽²⁾·U along this axis. The grid is uniform, so every matrix is Toeplitz and
/// the kernel is evaluated at n offsets only. K is factorized by Cholesky (<see cref="GpPdeDense.Cholesky"/>);
/// D⁽ᵒ⁾ = (K⁻¹·K⁽ᵒ⁾ᵀ)ᵀ by two triangular solves with n right-hand sides. All matrices row-major n × n.
/// </summary>
internal sealed class GpPdeFactor
{
    public GpPdeFactor(SpectralMixtureKernel kernel, GpPdeDimension dimension, double jitter, bool inverse, bool first, bool second)
    {
        int n = dimension.Points;
        N = n;
        Spacing = dimension.Spacing;
        Kernel = kernel;
        var value = new double[n];
        var d1 = new double[n];
        var d2 = new double[n];
        for (int m = 0; m < n; m++) (value[m], d1[m], d2[m]) = kernel.Evaluate(m * Spacing);
        K = Toeplitz(value, n, even: true);
        for (int i = 0; i < n; i++) K[i * n + i] += jitter;
        Cholesky = GpPdeDense.Cholesky(K, n);
        double logDet = 0;
        for (int i = 0; i < n; i++) logDet += 2 * Math.Log(Cholesky[i * n + i]);
        LogDeterminant = logDet;
        if (inverse)
        {
            Inverse = new double[n * n];
            for (int i = 0; i < n; i++) Inverse[i * n + i] = 1;
            GpPdeDense.CholeskySolve(Cholesky, n, Inverse, n);
        }
        // K′ is antisymmetric (k′ odd), K″ symmetric: D = K⁽ᵒ⁾·K⁻¹ = (K⁻¹·K⁽ᵒ⁾ᵀ)ᵀ.
        if (first) FirstOperator = Operator(Toeplitz(d1, n, even: false), transposeSign: -1);
        if (second) SecondOperator = Operator(Toeplitz(d2, n, even: true), transposeSign: 1);
    }

    public int N { get; }
    public double Spacing { get; }
    public SpectralMixtureKernel Kernel { get; }
    /// <summary>K with the jitter.</summary>
    public double[] K { get; }
    /// <summary>The lower Cholesky factor of K.</summary>
    public double[] Cholesky { get; }
    public double LogDeterminant { get; }
    /// <summary>K⁻¹, when asked for.</summary>
    public double[]? Inverse { get; }
    public double[]? FirstOperator { get; }
    public double[]? SecondOperator { get; }

    /// <summary>D⁽ᵒ⁾ for order 1 or 2.</summary>
    public double[] Derivative(int order) => (order == 1 ? FirstOperator : SecondOperator) ?? throw new InvalidOperationException($"the order-{order} operator was not built");

    /// <summary>x ← K⁻¹·x.</summary>
    public void Solve(Span<double> x) => GpPdeDense.CholeskySolve(Cholesky, N, x, 1);

    /// <summary>T[i, j] = t(|i − j|), negated below the diagonal when t is odd.</summary>
    internal static double[] Toeplitz(double[] t, int n, bool even)
    {
        var result = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                result[i * n + j] = i >= j ? t[i - j] : even ? t[j - i] : -t[j - i];
        return result;
    }

    private double[] Operator(double[] kd, int transposeSign)
    {
        int n = N;
        var x = (double[])kd.Clone();                 // K⁽ᵒ⁾ᵀ = transposeSign·K⁽ᵒ⁾
        if (transposeSign < 0) for (int i = 0; i < x.Length; i++) x[i] = -x[i];
        GpPdeDense.CholeskySolve(Cholesky, n, x, n);  // K⁻¹·K⁽ᵒ⁾ᵀ
        var d = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) d[i * n + j] = x[j * n + i];
        return d;
    }
}
