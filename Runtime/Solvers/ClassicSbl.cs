using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using System.Threading;
using MathNet.Numerics.LinearAlgebra;

namespace SparseDsl;

/// <summary>How classic SBL re-estimates γ (and a learned σ²) from the posterior μ, Σ.</summary>
public enum ClassicSblRule
{
    /// <summary>Wipf and Rao's EM: γ_j = Σ_jj + |μ_j|²; σ² = (‖y − Hμ‖² + σ²·Σ_j g_j)/M.</summary>
    ExpectationMaximization,
    /// <summary>
    /// Tipping's RVM (MacKay's fixed point), in γ = 1/α form: g_j = 1 − Σ_jj/γ_j, γ_j = |μ_j|²/g_j;
    /// σ² = ‖y − Hμ‖²/(M − Σ_j g_j).
    /// </summary>
    FixedPoint,
}

/// <summary>The settings of a classic SBL solve (defaults: Wipf and Rao's EM as in the Kronecker-SBL paper's baseline code).</summary>
public sealed record ClassicSblOptions
{
    /// <summary>The γ update: EM (the default) or Tipping's fixed point.</summary>
    public ClassicSblRule Rule { get; init; } = ClassicSblRule.ExpectationMaximization;
    public int MaxIterations { get; init; } = 150;
    /// <summary>Stop when ‖Δγ‖ / ‖γ‖ falls below this.</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>Entries of γ below this fraction of max γ are pruned (their columns leave the problem).</summary>
    public double PruneThreshold { get; init; } = 1e-3;
    /// <summary>The known noise variance σ², or null to estimate it from 0.1·var(y).</summary>
    public double? NoiseVariance { get; init; }
    public double SupportThreshold { get; init; } = 1e-3;

    internal void Validate()
    {
        SolverOptionChecks.Iterations(MaxIterations, nameof(MaxIterations));
        SolverOptionChecks.Tolerance(Tolerance, nameof(Tolerance));
        SolverOptionChecks.Fraction(PruneThreshold, nameof(PruneThreshold));
        SolverOptionChecks.KnownVariance(NoiseVariance, nameof(NoiseVariance));
        SolverOptionChecks.Fraction(SupportThreshold, nameof(SupportThreshold));
        if (!Enum.IsDefined(Rule)) throw new ArgumentOutOfRangeException(nameof(Rule), Rule, "not a classic SBL rule");
    }
}

/// <summary>What a classic SBL solve returns: the posterior mean, its support, γ (0 where pruned), σ², the iterations, the trace and why it stopped.</summary>
public sealed record ClassicSblResult<T>(T[] Mean, int[] Support, double[] Gamma, double NoiseVariance, int Iterations, double[] Trace,
    StopReason StopReason, TimeSpan Elapsed) where T : unmanaged, INumberBase<T>;

/// <summary>
/// Classic sparse Bayesian learning on an explicit dictionary H (M × N), with Wipf and Rao's EM (γ_j = Σ_jj + |μ_j|²)
/// or Tipping's RVM fixed point (<see cref="ClassicSblRule"/>): the baselines the Kronecker solvers are measured against. Each iteration factors the smaller of the two forms of
/// the posterior — Σ_y = σ²I + H·Γ·Hᴴ (M × M) while more than M columns are active, then Σ = (Γ⁻¹ + Hᴴ·H/σ²)⁻¹ over
/// the active columns — by Cholesky (MathNet); its cost is O(M²·N) per iteration, which the Kronecker E-step avoids.
/// </summary>
public static class ClassicSbl
{
    public static ClassicSblResult<T> Solve<T>(DenseMatrix<T> dictionary, ReadOnlySpan<T> y, ClassicSblOptions? options = null,
        IProgress<SolverProgress>? progress = null, CancellationToken cancellationToken = default) where T : unmanaged, INumberBase<T>
    {
        options ??= new ClassicSblOptions();
        options.Validate();
        ArgumentNullException.ThrowIfNull(dictionary);
        if (typeof(T) != typeof(double) && typeof(T) != typeof(Complex))
            throw new NotSupportedException($"classic SBL takes double or System.Numerics.Complex data, not {typeof(T).Name}");
        if (y.Length != dictionary.Rows)
            throw new ShapeMismatchException($"y has length {y.Length} but the dictionary has {dictionary.Rows} rows", nameof(y));
        var step = new ClassicSblStep<T>(new ClassicSblState<T>(dictionary, y, options));
        var trace = new List<double>();
        var clock = Stopwatch.StartNew();
        var (reason, iterations) = IterationDriver.Run(ref step, options.MaxIterations, options.Tolerance, trace, progress, cancellationToken);
        return step.State.Result(iterations, trace.ToArray(), reason, clock.Elapsed);
    }
}

internal readonly struct ClassicSblStep<T>(ClassicSblState<T> state) : IIterationStep where T : unmanaged, INumberBase<T>
{
    public ClassicSblState<T> State => state;

    public double Step(int iteration) => state.Iterate();
}

internal sealed class ClassicSblState<T> where T : unmanaged, INumberBase<T>
{
    private readonly Matrix<T> _h;
    private readonly MathNet.Numerics.LinearAlgebra.Vector<T> _y;
    private readonly ClassicSblOptions _options;
    private readonly double _yNormSquared;
    private int[] _active;
    private double[] _gamma;
    private T[] _mean;
    private double _noise;

    public ClassicSblState(DenseMatrix<T> dictionary, ReadOnlySpan<T> y, ClassicSblOptions options)
    {
        _options = options;
        int m = dictionary.Rows, n = dictionary.Columns;
        _h = Matrix<T>.Build.Dense(m, n);
        for (int r = 0; r < m; r++)
            for (int c = 0; c < n; c++)
            {
                T value = dictionary[r, c];
                if (!T.IsFinite(value)) throw new ArgumentException($"the dictionary has {value} at [{r}, {c}]; it must be finite", nameof(dictionary));
                _h[r, c] = value;
            }
        _y = MathNet.Numerics.LinearAlgebra.Vector<T>.Build.Dense(m);
        T sum = T.Zero;
        for (int i = 0; i < m; i++)
        {
            if (!T.IsFinite(y[i])) throw new ArgumentException($"y holds {y[i]}; the data must be finite", nameof(y));
            _y[i] = y[i];
            _yNormSquared += Abs2(y[i]);
            sum += y[i];
        }
        if (_yNormSquared == 0) throw new ArgumentException("y is zero: there is nothing to recover", nameof(y));
        double variance = Math.Max(_yNormSquared / m - Abs2(sum) / ((double)m * m), 1e-300);
        _noise = options.NoiseVariance ?? 0.1 * variance;
        _active = new int[n];
        _gamma = new double[n];
        for (int j = 0; j < n; j++) { _active[j] = j; _gamma[j] = 1; }
        _mean = new T[n];
    }

    public double Iterate()
    {
        int m = _h.RowCount, na = _active.Length;
        var h = Matrix<T>.Build.Dense(m, na, (r, c) => _h[r, _active[c]]);
        var hAdjoint = h.ConjugateTranspose();
        var mu = new T[na];
        var sigma = new double[na];
        if (na > m)
        {
            // Σ_y = σ²I + H·Γ·Hᴴ; μ = Γ·Hᴴ·Σ_y⁻¹·y; Σ_jj = γ_j − γ_j²·h_jᴴ·Σ_y⁻¹·h_j.
            var scaled = Matrix<T>.Build.Dense(m, na, (r, c) => h[r, c] * T.CreateTruncating(_gamma[c]));
            var sy = scaled * hAdjoint + Matrix<T>.Build.DenseIdentity(m) * T.CreateTruncating(_noise);
            var cholesky = Cholesky(sy);
            var z = cholesky.Solve(h);
            var w = cholesky.Solve(_y);
            var hw = hAdjoint * w;
            for (int j = 0; j < na; j++)
            {
                mu[j] = T.CreateTruncating(_gamma[j]) * hw[j];
                T quad = T.Zero;
                for (int r = 0; r < m; r++) quad += Conj(h[r, j]) * z[r, j];
                sigma[j] = Math.Max(_gamma[j] - _gamma[j] * _gamma[j] * Real(quad), 0);
            }
        }
        else
        {
            // Σ = (Γ⁻¹ + Hᴴ·H/σ²)⁻¹; μ = Σ·Hᴴ·y/σ².
            var precision = hAdjoint * h * T.CreateTruncating(1 / _noise);
            for (int j = 0; j < na; j++) precision[j, j] += T.CreateTruncating(1 / _gamma[j]);
            var cholesky = Cholesky(precision);
            var meanVector = cholesky.Solve(hAdjoint * _y * T.CreateTruncating(1 / _noise));
            var covariance = cholesky.Solve(Matrix<T>.Build.DenseIdentity(na));
            for (int j = 0; j < na; j++) { mu[j] = meanVector[j]; sigma[j] = Math.Max(Real(covariance[j, j]), 0); }
        }

        // g_j = 1 − Σ_jj/γ_j ∈ [0, 1] (how well the data determine x_j); Σ_j g_j enters both noise updates.
        bool fixedPoint = _options.Rule == ClassicSblRule.FixedPoint;
        double traceTerm = 0, change = 0, norm = 0;
        var gamma = new double[na];
        for (int j = 0; j < na; j++)
        {
            if (!T.IsFinite(mu[j]) || !double.IsFinite(sigma[j])) return double.NaN;
            double g = Math.Clamp(1 - sigma[j] / _gamma[j], 0, 1);
            traceTerm += g;
            gamma[j] = fixedPoint ? (g > 0 ? Abs2(mu[j]) / g : 0) : sigma[j] + Abs2(mu[j]);
            if (!double.IsFinite(gamma[j])) return double.NaN;
            change += (gamma[j] - _gamma[j]) * (gamma[j] - _gamma[j]);
            norm += _gamma[j] * _gamma[j];
        }
        Array.Clear(_mean);
        for (int j = 0; j < na; j++) _mean[_active[j]] = mu[j];
        if (_options.NoiseVariance is null)
        {
            var muVector = MathNet.Numerics.LinearAlgebra.Vector<T>.Build.Dense(mu);
            var residual = _y - h * muVector;
            double r2 = 0;
            for (int i = 0; i < m; i++) r2 += Abs2(residual[i]);
            double updated = fixedPoint ? r2 / Math.Max(m - traceTerm, 1e-6 * m) : (r2 + _noise * traceTerm) / m;
            _noise = Math.Max(updated, 1e-12 * _yNormSquared / m);
        }
        double max = 0;
        foreach (double g in gamma) max = Math.Max(max, g);
        if (!(max > 0)) return double.NaN;   // every γ_j vanished: nothing left to estimate
        var keep = new List<int>();
        for (int j = 0; j < na; j++) if (gamma[j] >= _options.PruneThreshold * max && gamma[j] > 0) keep.Add(j);
        if (keep.Count == 0) keep.Add(Array.IndexOf(gamma, max));
        _active = keep.ConvertAll(j => _active[j]).ToArray();
        _gamma = keep.ConvertAll(j => gamma[j]).ToArray();
        return Math.Sqrt(change / norm);
    }

    public ClassicSblResult<T> Result(int iterations, double[] trace, StopReason reason, TimeSpan elapsed)
    {
        double max = 0;
        foreach (var v in _mean) max = Math.Max(max, Abs2(v));
        var support = new List<int>();
        for (int j = 0; j < _mean.Length; j++) if (max > 0 && Abs2(_mean[j]) > _options.SupportThreshold * _options.SupportThreshold * max) support.Add(j);
        var gamma = new double[_h.ColumnCount];
        for (int a = 0; a < _active.Length; a++) gamma[_active[a]] = _gamma[a];
        return new ClassicSblResult<T>((T[])_mean.Clone(), support.ToArray(), gamma, _noise, iterations, trace, reason, elapsed);
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<T> Cholesky(Matrix<T> m)
    {
        try
        {
            return m.Cholesky();
        }
        catch (ArgumentException e)
        {
            throw new NotPositiveDefiniteException($"classic SBL: the {m.RowCount} x {m.RowCount} system is not positive definite ({e.Message})");
        }
    }

    private static T Conj(T value) => typeof(T) == typeof(Complex) ? (T)(object)Complex.Conjugate((Complex)(object)value) : value;

    private static double Real(T value) => typeof(T) == typeof(Complex) ? ((Complex)(object)value).Real : double.CreateTruncating(value);

    private static double Abs2(T value)
    {
        if (typeof(T) == typeof(Complex)) { var z = (Complex)(object)value; return z.Real * z.Real + z.Imaginary * z.Imaginary; }
        double x = double.CreateTruncating(value);
        return x * x;
    }
}
