using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;
using System.Threading;

namespace SparseDsl;

/// <summary>How KroSBL re-estimates the factor hyperparameters γ_i from Λ = diag Σ + |μ|² in its M-step.</summary>
public enum KroneckerSblUpdate
{
    /// <summary>SVD-KroSBL: ⊗γ_i as the best rank-one Kronecker approximation of Λ (the top singular pair of its unfoldings, factor by factor).</summary>
    Svd,
    /// <summary>AM-KroSBL: alternating minimization of the SBL cost over one factor at a time, to an inner tolerance.</summary>
    AlternatingMinimization,
}

/// <summary>
/// The settings of a Kronecker-SBL solve (defaults: the reference code's). <see cref="NoiseVariance"/> null estimates
/// the noise, starting from <see cref="InitialNoiseFraction"/>·var(y).
/// </summary>
public sealed record KroneckerSblOptions
{
    public KroneckerSblUpdate Update { get; init; } = KroneckerSblUpdate.Svd;
    public int MaxIterations { get; init; } = 150;
    /// <summary>Stop when ‖Δ(⊗γ)‖ / ‖⊗γ‖ falls below this.</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>Entries of γ_i below this fraction of max γ_i are pruned (their columns leave the problem); 0 prunes nothing.</summary>
    public double PruneThreshold { get; init; } = 1e-3;
    /// <summary>The known noise variance σ², or null to estimate it.</summary>
    public double? NoiseVariance { get; init; }
    public double InitialNoiseFraction { get; init; } = 0.1;
    /// <summary>AM only: the inner loop's cap and relative tolerance on ⊗γ.</summary>
    public int InnerIterations { get; init; } = 100;
    public double InnerTolerance { get; init; } = 1e-5;
    /// <summary>An entry of the estimate belongs to the support when |x̂_j| exceeds this fraction of max |x̂| (the paper's rule).</summary>
    public double SupportThreshold { get; init; } = 1e-3;
    /// <summary>Per factor (one entry each), the relative prune threshold in place of <see cref="PruneThreshold"/>; null: that one for all.</summary>
    public IReadOnlyList<double>? FactorPruneThresholds { get; init; }
    /// <summary>Entries of γ_i below this absolute value are pruned too (the IRS reference code uses 1e-4); 0 prunes nothing this way.</summary>
    public double AbsolutePruneThreshold { get; init; }
    /// <summary>
    /// PC-KroSBL (AM only): the coupling β ∈ [0, 1) between neighbouring entries of the <see cref="CoupledFactors"/>.
    /// There the prior variance is γ̃_i = <see cref="CouplingFloor"/> + C_β·w_i with C_β = I + β·(sub- and super-diagonal)
    /// and w_i ≥ 0 the non-negative least-squares fit of C_β·w_i to the AM update; pruned entries leave C_β (entries
    /// stay coupled only to their surviving original neighbours). β = 0 is AM-KroSBL exactly.
    /// </summary>
    public double Coupling { get; init; }
    /// <summary>The factors (0-based) that <see cref="Coupling"/> applies to; null or empty: none.</summary>
    public IReadOnlyList<int>? CoupledFactors { get; init; }
    /// <summary>The floor added to a coupled factor's prior variance (the reference code's 1e-5).</summary>
    public double CouplingFloor { get; init; } = 1e-5;
    /// <summary>After the last iteration, run the E-step once more with the final γ_i (the reference code's "re-estimate"); off: the mean of the last iteration's E-step.</summary>
    public bool FinalEStep { get; init; }

    internal void Validate()
    {
        SolverOptionChecks.Iterations(MaxIterations, nameof(MaxIterations));
        SolverOptionChecks.Tolerance(Tolerance, nameof(Tolerance));
        SolverOptionChecks.Fraction(PruneThreshold, nameof(PruneThreshold));
        SolverOptionChecks.KnownVariance(NoiseVariance, nameof(NoiseVariance));
        if (!(InitialNoiseFraction > 0 && double.IsFinite(InitialNoiseFraction))) throw new ArgumentOutOfRangeException(nameof(InitialNoiseFraction), InitialNoiseFraction, "must be positive and finite");
        SolverOptionChecks.Iterations(InnerIterations, nameof(InnerIterations));
        SolverOptionChecks.Tolerance(InnerTolerance, nameof(InnerTolerance));
        SolverOptionChecks.Fraction(SupportThreshold, nameof(SupportThreshold));
        if (FactorPruneThresholds is not null)
            foreach (double r in FactorPruneThresholds) SolverOptionChecks.Fraction(r, nameof(FactorPruneThresholds));
        if (!(AbsolutePruneThreshold >= 0 && double.IsFinite(AbsolutePruneThreshold))) throw new ArgumentOutOfRangeException(nameof(AbsolutePruneThreshold), AbsolutePruneThreshold, "must be non-negative and finite");
        SolverOptionChecks.Fraction(Coupling, nameof(Coupling));
        if (!(CouplingFloor >= 0 && double.IsFinite(CouplingFloor))) throw new ArgumentOutOfRangeException(nameof(CouplingFloor), CouplingFloor, "must be non-negative and finite");
        if (Coupling > 0 && Update != KroneckerSblUpdate.AlternatingMinimization)
            throw new ArgumentException($"{nameof(Coupling)} (PC-KroSBL) applies to the alternating-minimization update, not {Update}", nameof(Coupling));
    }

    /// <summary>The checks that need the factor count.</summary>
    internal void Validate(int factors)
    {
        if (FactorPruneThresholds is not null && FactorPruneThresholds.Count != factors)
            throw new ArgumentException($"{nameof(FactorPruneThresholds)} has {FactorPruneThresholds.Count} entries for {factors} factors", nameof(FactorPruneThresholds));
        if (CoupledFactors is not null)
            foreach (int i in CoupledFactors)
                if (i < 0 || i >= factors) throw new ArgumentOutOfRangeException(nameof(CoupledFactors), i, $"a coupled factor is one of 0..{factors - 1}");
    }

    /// <summary>Whether PC-KroSBL's coupling is on (β &gt; 0 on at least one factor).</summary>
    internal bool IsCoupled => Coupling > 0 && CoupledFactors is { Count: > 0 };

    internal double PruneThresholdOf(int factor) => FactorPruneThresholds?[factor] ?? PruneThreshold;
}

/// <summary>
/// What a Kronecker-SBL solve returns: the posterior mean x̂ (length Π N_i, the first factor's index slowest), its
/// support, the learned γ_i per factor (0 where pruned), the noise variance (learned or the known one), the
/// iteration count, the convergence trace (‖Δ(⊗γ)‖/‖⊗γ‖ per iteration) and why it stopped.
/// </summary>
public sealed record KroneckerSblResult<T>(
    T[] Mean,
    int[] Support,
    double[][] FactorGammas,
    double NoiseVariance,
    int Iterations,
    double[] Trace,
    StopReason StopReason,
    TimeSpan Elapsed) where T : unmanaged, INumberBase<T>;

/// <summary>
/// Kronecker-structured sparse Bayesian learning: y = (A1 ⊗ … ⊗ Ak)·x + n with the prior x ~ N(0, diag(γ1 ⊗ … ⊗ γk)).
/// The E-step never forms Σ or the dictionary: with A_i·Γ_i·A_iᴴ = U_i·P_i·U_iᴴ, B_i = Γ_i·A_iᴴ·U_i and
/// d = 1/(σ² + ⊗p_i), the posterior mean is μ = (⊗B_i)·(d ∘ (⊗U_i)ᴴ·y) and diag Σ = ⊗γ_i − (⊗|B_i|²)·d, at
/// O(Σ M_i³ + N·Σ M_i) per iteration. The M-step is <see cref="KroneckerSblUpdate"/>; pruned columns leave the
/// problem. Real (double) and complex (System.Numerics.Complex) data.
/// </summary>
public static class KroneckerSbl
{
    /// <summary>Solves for x̂ from y with the dictionary ⊗A_i.</summary>
    /// <exception cref="ArgumentException">Fewer than two factors, a factor or y with NaN/Inf, or y of the wrong length (<see cref="ShapeMismatchException"/>).</exception>
    public static KroneckerSblResult<T> Solve<T>(IReadOnlyList<DenseMatrix<T>> factors, ReadOnlySpan<T> y, KroneckerSblOptions? options = null,
        IProgress<SolverProgress>? progress = null, CancellationToken cancellationToken = default) where T : unmanaged, INumberBase<T>
    {
        options ??= new KroneckerSblOptions();
        options.Validate();
        var state = new KroneckerSblState<T>(factors, y, options);
        var trace = new List<double>();
        var clock = Stopwatch.StartNew();
        (StopReason reason, int iterations) = options.Update == KroneckerSblUpdate.Svd
            ? Run(new KroneckerSblStep<T, SvdFactorUpdate>(state, default), options, trace, progress, cancellationToken)
            : Run(new KroneckerSblStep<T, AlternatingFactorUpdate>(state, new AlternatingFactorUpdate(state.Coupling)), options, trace, progress, cancellationToken);
        if (options.FinalEStep && iterations > 0 && reason is StopReason.Converged or StopReason.MaxIterations) state.Reestimate();
        return state.Result(iterations, trace.ToArray(), reason, clock.Elapsed);
    }

    private static (StopReason, int) Run<TStep>(TStep step, KroneckerSblOptions options, List<double> trace, IProgress<SolverProgress>? progress, CancellationToken token)
        where TStep : struct, IIterationStep
        => IterationDriver.Run(ref step, options.MaxIterations, options.Tolerance, trace, progress, token);
}

/// <summary>One KroSBL iteration over the shared state, specialized over the M-step rule.</summary>
internal readonly struct KroneckerSblStep<T, TUpdate>(KroneckerSblState<T> state, TUpdate update) : IIterationStep
    where T : unmanaged, INumberBase<T>
    where TUpdate : struct, IFactorUpdate
{
    public double Step(int iteration) => state.Iterate(update);
}

/// <summary>An M-step rule: new γ_i from Λ (the active tensor, first factor slowest) given the current γ_i.</summary>
internal interface IFactorUpdate
{
    void Update(double[] lambda, double[][] gammas, int[] sizes, KroneckerSblOptions options, double[] scratch);
}

/// <summary>The best rank-one Kronecker approximation of Λ: top singular pair of the first unfolding, then of the rest, factor by factor.</summary>
internal struct SvdFactorUpdate : IFactorUpdate
{
    public void Update(double[] lambda, double[][] gammas, int[] sizes, KroneckerSblOptions options, double[] scratch)
    {
        // scratch holds the remaining tensor; each step splits off the leading factor.
        int length = lambda.Length;
        Array.Copy(lambda, scratch, length);
        for (int i = 0; i < sizes.Length - 1; i++)
        {
            int rows = sizes[i], columns = length / rows;
            var u = gammas[i];
            double sigma = TopSingularPair(scratch, rows, columns, u, scratch.AsSpan(length, columns));
            // The rest: σ·|v|, laid out as the next unfolding.
            for (int c = 0; c < columns; c++) scratch[c] = sigma * Math.Abs(scratch[length + c]);
            for (int r = 0; r < rows; r++) u[r] = Math.Abs(u[r]);
            length = columns;
        }
        Array.Copy(scratch, gammas[sizes.Length - 1], length);
    }

    /// <summary>σ1, u1 (into <paramref name="u"/>) and v1 (into <paramref name="v"/>) of the rows × columns row-major L, by power iteration from a positive start (L ≥ 0: the Perron vectors).</summary>
    private static double TopSingularPair(double[] l, int rows, int columns, double[] u, Span<double> v)
    {
        for (int r = 0; r < rows; r++) u[r] = 1 / Math.Sqrt(rows);
        double sigma = 0;
        for (int iteration = 0; iteration < 500; iteration++)
        {
            v.Clear();
            for (int r = 0; r < rows; r++)
            {
                double ur = u[r];
                var row = l.AsSpan(r * columns, columns);
                for (int c = 0; c < columns; c++) v[c] += row[c] * ur;
            }
            double vNorm = Norm(v);
            if (vNorm == 0) return 0;
            for (int c = 0; c < columns; c++) v[c] /= vNorm;
            double uNorm = 0;
            for (int r = 0; r < rows; r++)
            {
                double sum = 0;
                var row = l.AsSpan(r * columns, columns);
                for (int c = 0; c < columns; c++) sum += row[c] * v[c];
                uNorm += sum * sum;
                u[r] = sum;
            }
            uNorm = Math.Sqrt(uNorm);
            for (int r = 0; r < rows; r++) u[r] /= uNorm;
            bool converged = Math.Abs(uNorm - sigma) <= 1e-13 * uNorm;
            sigma = uNorm;
            if (converged) break;
        }
        return sigma;
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double x in v) sum += x * x;
        return Math.Sqrt(sum);
    }
}

/// <summary>
/// Alternating minimization of Σ_j Λ_j/(⊗γ)_j + log (⊗γ)_j over one factor at a time:
/// γ_i[a] = (1/N_{−i})·Σ_{j: j_i = a} Λ_j / Π_{l≠i} γ_l[j_l], repeated over the factors to the inner tolerance.
/// With a <see cref="PatternCoupling"/> (PC-KroSBL), a coupled factor takes γ̃_i = floor + C_β·NNLS(C_β, that update)
/// instead, and the factors are rescaled after each sweep (γ_1 … γ_{k−1} of unit norm), as the reference code does.
/// </summary>
internal readonly struct AlternatingFactorUpdate(PatternCoupling? coupling) : IFactorUpdate
{
    public void Update(double[] lambda, double[][] gammas, int[] sizes, KroneckerSblOptions options, double[] scratch)
    {
        int n = lambda.Length;
        var product = scratch.AsSpan(0, n);
        var previous = scratch.AsSpan(n, n);
        Kronecker.DiagonalInto<double>(gammas, product);
        for (int inner = 0; inner < options.InnerIterations; inner++)
        {
            product.CopyTo(previous);
            for (int i = 0; i < sizes.Length; i++)
            {
                int stride = 1;
                for (int l = i + 1; l < sizes.Length; l++) stride *= sizes[l];
                var gamma = gammas[i];
                int ni = sizes[i];
                var sums = scratch.AsSpan(2 * n, ni);
                sums.Clear();
                for (int j = 0; j < n; j++)
                {
                    double p = product[j];
                    if (p > 0) sums[j / stride % ni] += lambda[j] / p;
                }
                double others = n / ni;
                for (int a = 0; a < ni; a++) gamma[a] = gamma[a] * sums[a] / others;
                if (coupling is not null && coupling.IsCoupled(i)) coupling.Fit(i, gamma);
                Kronecker.DiagonalInto<double>(gammas, product);
            }
            if (coupling is not null)
            {
                FactorScale.Normalize(gammas);
                Kronecker.DiagonalInto<double>(gammas, product);
            }
            double change = 0, norm = 0;
            for (int j = 0; j < n; j++) { double d = product[j] - previous[j]; change += d * d; norm += previous[j] * previous[j]; }
            if (change <= options.InnerTolerance * options.InnerTolerance * norm) break;
        }
    }
}

/// <summary>The scale normalization between factors: γ_1 … γ_{k−1} to unit norm, their norms into γ_k.</summary>
internal static class FactorScale
{
    /// <summary>False when a factor's norm is zero or not finite (the factors are then left part-scaled).</summary>
    public static bool Normalize(double[][] gammas)
    {
        int k = gammas.Length;
        double scale = 1;
        for (int i = 0; i < k - 1; i++)
        {
            double norm = 0;
            foreach (double g in gammas[i]) norm += g * g;
            norm = Math.Sqrt(norm);
            if (!(norm > 0) || !double.IsFinite(norm)) return false;
            for (int a = 0; a < gammas[i].Length; a++) gammas[i][a] /= norm;
            scale *= norm;
        }
        for (int a = 0; a < gammas[k - 1].Length; a++) gammas[k - 1][a] *= scale;
        return true;
    }
}

/// <summary>
/// PC-KroSBL's pattern coupling on chosen factors: for each, C_β over the factor's active entries (1 on the
/// diagonal, β between entries that were neighbours in the full factor) and the workspace of the non-negative
/// least-squares fit, re-planned when pruning shrinks a factor.
/// </summary>
internal sealed class PatternCoupling
{
    private readonly bool[] _coupled;
    private readonly double _beta, _floor;
    private readonly DenseMatrix<double>?[] _c;
    private NonNegativeLeastSquares _solver = null!;
    private double[] _target = null!, _weights = null!;

    public PatternCoupling(int factors, IReadOnlyList<int> coupled, double beta, double floor)
    {
        _coupled = new bool[factors];
        foreach (int i in coupled) _coupled[i] = true;
        _beta = beta;
        _floor = floor;
        _c = new DenseMatrix<double>?[factors];
    }

    public bool IsCoupled(int factor) => _coupled[factor];

    /// <summary>C_β for the active entries (original indices, ascending) of each coupled factor.</summary>
    public void Plan(int[][] active)
    {
        int largest = 1;
        for (int i = 0; i < _coupled.Length; i++)
        {
            if (!_coupled[i]) continue;
            int n = active[i].Length;
            largest = Math.Max(largest, n);
            var c = new DenseMatrix<double>(n, n);
            for (int a = 0; a < n; a++)
            {
                c[a, a] = 1;
                if (a + 1 < n && active[i][a + 1] == active[i][a] + 1) { c[a, a + 1] = _beta; c[a + 1, a] = _beta; }
            }
            _c[i] = c;
        }
        if (_solver is null || _target.Length < largest)
        {
            _solver = new NonNegativeLeastSquares(largest);
            _target = new double[largest];
            _weights = new double[largest];
        }
    }

    /// <summary>The starting prior of a coupled factor: γ̃ = C_β·1 (the reference code's).</summary>
    public void Initialize(double[][] gammas)
    {
        for (int i = 0; i < _coupled.Length; i++)
        {
            if (!_coupled[i]) continue;
            var c = _c[i]!;
            for (int a = 0; a < c.Rows; a++)
            {
                double sum = 0;
                for (int b = 0; b < c.Columns; b++) sum += c[a, b];
                gammas[i][a] = sum;
            }
        }
    }

    /// <summary>Replaces <paramref name="gamma"/> (the uncoupled AM update of factor <paramref name="factor"/>) by floor + C_β·w, w = argmin_{w ≥ 0} ‖C_β·w − gamma‖.</summary>
    public void Fit(int factor, double[] gamma)
    {
        var c = _c[factor]!;
        int n = c.Rows;
        gamma.AsSpan(0, n).CopyTo(_target);
        _solver.Solve(c, _target.AsSpan(0, n), _weights.AsSpan(0, n));
        for (int a = 0; a < n; a++)
        {
            double sum = 0;
            for (int b = Math.Max(0, a - 1); b <= Math.Min(n - 1, a + 1); b++) sum += c[a, b] * _weights[b];
            gamma[a] = _floor + sum;
        }
    }
}

/// <summary>The working state of one KroSBL solve: the active columns per factor and every buffer, planned up front (re-planned when pruning shrinks a factor).</summary>
internal sealed class KroneckerSblState<T> where T : unmanaged, INumberBase<T>
{
    private readonly DenseMatrix<T>[] _original;
    private readonly T[] _y;
    private readonly KroneckerSblOptions _options;
    private readonly int _k;
    private readonly int _measurements;
    private readonly int[] _fullSizes;
    private readonly double _yNormSquared;
    private readonly PatternCoupling? _coupling;

    // Active problem (re-planned by Plan()).
    private int[][] _active = null!;
    private int[] _sizes = null!;
    private double[][] _gammas = null!;
    private DenseMatrix<T>[] _a = null!, _u = null!, _b = null!;
    private DenseMatrix<double>[] _bSquared = null!;
    private KroneckerOperator<T> _dictionary = null!, _uKron = null!, _bKron = null!;
    private KroneckerOperator<double> _bSquaredKron = null!;
    private double[][] _p = null!;
    private double[] _d = null!, _gammaFull = null!, _diagSigma = null!, _lambda = null!, _updateScratch = null!, _previous = null!;
    private T[] _t = null!, _mu = null!, _residual = null!;

    private readonly T[] _lastMean;
    private int _lastMeanLength;
    private int[][] _activeAtMean;
    private double _noise;

    public KroneckerSblState(IReadOnlyList<DenseMatrix<T>> factors, ReadOnlySpan<T> y, KroneckerSblOptions options)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (typeof(T) != typeof(double) && typeof(T) != typeof(Complex))
            throw new NotSupportedException($"Kronecker SBL takes double or System.Numerics.Complex data, not {typeof(T).Name}");
        if (factors.Count < 2) throw new ArgumentException($"Kronecker SBL needs at least two factors; got {factors.Count}", nameof(factors));
        options.Validate(factors.Count);
        _k = factors.Count;
        _original = new DenseMatrix<T>[_k];
        _fullSizes = new int[_k];
        long measurements = 1;
        for (int i = 0; i < _k; i++)
        {
            var f = factors[i] ?? throw new ArgumentNullException(nameof(factors), $"factor {i + 1} is null");
            for (int r = 0; r < f.Rows; r++)
                for (int c = 0; c < f.Columns; c++)
                    if (!T.IsFinite(f[r, c])) throw new ArgumentException($"factor {i + 1} has {f[r, c]} at [{r}, {c}]; the dictionary must be finite", nameof(factors));
            _original[i] = f;
            _fullSizes[i] = f.Columns;
            measurements *= f.Rows;
        }
        if (y.Length != measurements)
            throw new ShapeMismatchException($"y has length {y.Length} but the dictionary has {measurements} rows (the product of the factors' rows)", nameof(y));
        _measurements = (int)measurements;
        _y = y.ToArray();
        foreach (var v in _y)
        {
            if (!T.IsFinite(v)) throw new ArgumentException($"y holds {v}; the data must be finite", nameof(y));
            _yNormSquared += Abs2(v);
        }
        if (_yNormSquared == 0) throw new ArgumentException("y is zero: there is nothing to recover", nameof(y));
        _options = options;
        T sumY = T.Zero;
        foreach (var v in _y) sumY += v;
        double mean = Abs2(sumY) / ((double)_measurements * _measurements);
        double variance = Math.Max(_yNormSquared / _measurements - mean, 1e-300);
        _noise = options.NoiseVariance ?? options.InitialNoiseFraction * variance;

        _active = new int[_k][];
        _gammas = new double[_k][];
        for (int i = 0; i < _k; i++)
        {
            _active[i] = new int[_fullSizes[i]];
            _gammas[i] = new double[_fullSizes[i]];
            for (int a = 0; a < _fullSizes[i]; a++) { _active[i][a] = a; _gammas[i][a] = 1; }
        }
        _u = new DenseMatrix<T>[_k];
        _p = new double[_k][];
        for (int i = 0; i < _k; i++) { _u[i] = new DenseMatrix<T>(_original[i].Rows, _original[i].Rows); _p[i] = new double[_original[i].Rows]; }
        _uKron = new KroneckerOperator<T>(_u);
        _d = new double[_measurements];
        _t = new T[_measurements];
        _residual = new T[_measurements];
        if (options.IsCoupled) _coupling = new PatternCoupling(_k, options.CoupledFactors!, options.Coupling, options.CouplingFloor);
        Plan();
        _coupling?.Initialize(_gammas);
        _lastMean = new T[_mu.Length];
        _activeAtMean = (int[][])_active.Clone();
    }

    /// <summary>Buffers and operators for the current active sizes.</summary>
    private void Plan()
    {
        _sizes = new int[_k];
        _a = new DenseMatrix<T>[_k];
        _b = new DenseMatrix<T>[_k];
        _bSquared = new DenseMatrix<double>[_k];
        long n = 1;
        for (int i = 0; i < _k; i++)
        {
            int ni = _active[i].Length, mi = _original[i].Rows;
            _sizes[i] = ni;
            n *= ni;
            _a[i] = new DenseMatrix<T>(mi, ni);
            for (int r = 0; r < mi; r++) for (int c = 0; c < ni; c++) _a[i][r, c] = _original[i][r, _active[i][c]];
            _b[i] = new DenseMatrix<T>(ni, mi);
            _bSquared[i] = new DenseMatrix<double>(ni, mi);
        }
        _dictionary = new KroneckerOperator<T>(_a);
        _bKron = new KroneckerOperator<T>(_b);
        _bSquaredKron = new KroneckerOperator<double>(_bSquared);
        _gammaFull = new double[n];
        _previous = new double[n];
        _diagSigma = new double[n];
        _lambda = new double[n];
        _mu = new T[n];
        int largest = 0;
        foreach (int s in _sizes) largest = Math.Max(largest, s);
        _updateScratch = new double[3 * n + largest];
        _coupling?.Plan(_active);
    }

    /// <summary>PC-KroSBL's coupling, or null for plain AM/SVD.</summary>
    internal PatternCoupling? Coupling => _coupling;

    public double Iterate<TUpdate>(TUpdate update) where TUpdate : struct, IFactorUpdate
    {
        double traceTerm = EStep();
        if (double.IsNaN(traceTerm)) return double.NaN;

        // The last finite mean and the active sets it was computed on (pruning below may shrink them).
        Array.Copy(_mu, _lastMean, _mu.Length);
        _lastMeanLength = _mu.Length;
        _activeAtMean = (int[][])_active.Clone();

        // Noise: σ² = (‖y − Hμ‖² + σ²·Σ_j (1 − Σ_jj/γ_j)) / M.
        if (_options.NoiseVariance is null)
        {
            _dictionary.Apply(_mu, _residual);
            double residual = 0;
            for (int j = 0; j < _residual.Length; j++) residual += Abs2(_y[j] - _residual[j]);
            _noise = Math.Max((residual + _noise * traceTerm) / _measurements, 1e-12 * _yNormSquared / _measurements);
        }

        // M-step, then the scale normalization: γ_1 … γ_{k−1} of unit norm, the scale in γ_k.
        Array.Copy(_gammaFull, _previous, _gammaFull.Length);
        update.Update(_lambda, _gammas, _sizes, _options, _updateScratch);
        if (!FactorScale.Normalize(_gammas)) return double.NaN;
        Kronecker.DiagonalInto<double>(_gammas, _gammaFull);
        double change = 0, normPrevious = 0;
        for (int j = 0; j < _gammaFull.Length; j++)
        {
            double delta = _gammaFull[j] - _previous[j];
            change += delta * delta;
            normPrevious += _previous[j] * _previous[j];
        }
        Prune();
        return Math.Sqrt(change / normPrevious);
    }

    /// <summary>The E-step with the current γ_i and σ²: μ, diag Σ and Λ on the active problem; returns Σ_j (1 − Σ_jj/γ_j), NaN when an entry is not finite.</summary>
    internal double EStep()
    {
        // Factor by factor: A_i Γ_i A_iᴴ = U_i P_i U_iᴴ and B_i = Γ_i A_iᴴ U_i.
        for (int i = 0; i < _k; i++)
        {
            var a = _a[i];
            var gamma = _gammas[i];
            int mi = a.Rows, ni = a.Columns;
            var g = new DenseMatrix<T>(mi, mi);
            for (int r = 0; r < mi; r++)
                for (int s = 0; s <= r; s++)
                {
                    T sum = T.Zero;
                    for (int c = 0; c < ni; c++) sum += a[r, c] * T.CreateTruncating(gamma[c]) * Conj(a[s, c]);
                    g[r, s] = sum;
                    g[s, r] = Conj(sum);
                }
            var eigen = DenseFactorizations.SymmetricEigen(g);
            Array.Copy(eigen.Vectors.Values, _u[i].Values, mi * mi);
            for (int m = 0; m < mi; m++) _p[i][m] = Math.Max(eigen.Values[m], 0);
            var b = _b[i];
            var b2 = _bSquared[i];
            for (int c = 0; c < ni; c++)
                for (int m = 0; m < mi; m++)
                {
                    T sum = T.Zero;
                    for (int r = 0; r < mi; r++) sum += Conj(a[r, c]) * _u[i][r, m];
                    sum *= T.CreateTruncating(gamma[c]);
                    b[c, m] = sum;
                    b2[c, m] = Abs2(sum);
                }
        }
        // d = 1/(σ² + ⊗p_i), μ = (⊗B_i)(d ∘ (⊗U_i)ᴴ y), diag Σ = ⊗γ_i − (⊗|B_i|²) d.
        Kronecker.DiagonalInto<double>(_p, _d);
        for (int j = 0; j < _d.Length; j++) _d[j] = 1 / (_noise + _d[j]);
        _uKron.ApplyAdjoint(_y, _t);
        for (int j = 0; j < _t.Length; j++) _t[j] *= T.CreateTruncating(_d[j]);
        _bKron.Apply(_t, _mu);
        Kronecker.DiagonalInto<double>(_gammas, _gammaFull);
        _bSquaredKron.Apply(_d, _diagSigma);
        double traceTerm = 0;
        for (int j = 0; j < _mu.Length; j++)
        {
            double sigma = Math.Max(_gammaFull[j] - _diagSigma[j], 0);
            _diagSigma[j] = sigma;
            _lambda[j] = sigma + Abs2(_mu[j]);
            if (_gammaFull[j] > 0) traceTerm += 1 - sigma / _gammaFull[j];
            if (!double.IsFinite(_lambda[j])) return double.NaN;
        }
        return traceTerm;
    }

    /// <summary>The E-step with the final γ_i; its mean becomes the result when finite.</summary>
    internal void Reestimate()
    {
        if (double.IsNaN(EStep())) return;
        Array.Copy(_mu, _lastMean, _mu.Length);
        _lastMeanLength = _mu.Length;
        _activeAtMean = (int[][])_active.Clone();
    }

    /// <summary>For tests: the E-step's outputs on the active problem, and a way to set γ_i and σ² before it.</summary>
    internal (T[] Mean, double[] DiagSigma) Posterior => (_mu, _diagSigma);

    internal void SetHyperparameters(double[][] gammas, double noise)
    {
        for (int i = 0; i < _k; i++) Array.Copy(gammas[i], _gammas[i], _gammas[i].Length);
        _noise = noise;
    }

    /// <summary>
    /// Drops the entries of each γ_i below its relative prune threshold times its largest, or below the absolute
    /// threshold (and their dictionary columns); a factor always keeps its largest entry.
    /// </summary>
    private void Prune()
    {
        bool changed = false;
        for (int i = 0; i < _k; i++)
        {
            double max = 0;
            foreach (double g in _gammas[i]) max = Math.Max(max, g);
            double threshold = Math.Max(_options.PruneThresholdOf(i) * max, _options.AbsolutePruneThreshold);
            if (threshold > max) threshold = max;
            if (threshold == 0) continue;
            int keep = 0;
            foreach (double g in _gammas[i]) if (g >= threshold) keep++;
            if (keep == _gammas[i].Length) continue;
            var active = new int[keep];
            var gammas = new double[keep];
            for (int a = 0, next = 0; a < _gammas[i].Length; a++)
            {
                if (_gammas[i][a] < threshold) continue;
                active[next] = _active[i][a];
                gammas[next++] = _gammas[i][a];
            }
            _active[i] = active;
            _gammas[i] = gammas;
            changed = true;
        }
        if (changed) Plan();
    }

    public KroneckerSblResult<T> Result(int iterations, double[] trace, StopReason reason, TimeSpan elapsed)
    {
        // Scatter the last finite mean back to the full index (first factor slowest); no iteration: zero.
        long total = 1;
        foreach (int s in _fullSizes) total *= s;
        var mean = new T[total];
        var index = new int[_k];
        for (int j = 0; j < _lastMeanLength; j++)
        {
            int rest = j;
            for (int i = _k - 1; i >= 0; i--) { index[i] = rest % _activeAtMean[i].Length; rest /= _activeAtMean[i].Length; }
            long full = 0;
            for (int i = 0; i < _k; i++) full = full * _fullSizes[i] + _activeAtMean[i][index[i]];
            mean[full] = _lastMean[j];
        }
        double max = 0;
        foreach (var v in mean) max = Math.Max(max, Abs2(v));
        var support = new List<int>();
        double threshold = _options.SupportThreshold * _options.SupportThreshold * max;
        for (int j = 0; j < mean.Length; j++) if (max > 0 && Abs2(mean[j]) > threshold) support.Add(j);
        var gammas = new double[_k][];
        for (int i = 0; i < _k; i++)
        {
            gammas[i] = new double[_fullSizes[i]];
            for (int a = 0; a < _active[i].Length; a++) gammas[i][_active[i][a]] = _gammas[i][a];
        }
        return new KroneckerSblResult<T>(mean, support.ToArray(), gammas, _noise, iterations, trace, reason, elapsed);
    }

    private static T Conj(T value) => typeof(T) == typeof(Complex) ? (T)(object)Complex.Conjugate((Complex)(object)value) : value;

    private static double Abs2(T value)
    {
        if (typeof(T) == typeof(Complex)) { var z = (Complex)(object)value; return z.Real * z.Real + z.Imaginary * z.Imaginary; }
        double x = double.CreateTruncating(value);
        return x * x;
    }
}
