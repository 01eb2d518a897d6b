using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace SparseDsl;

/// <summary>
/// The learned route (1-D): θ = (log w, log ℓ, μ) of the kernel by Adam on the U-eliminated loss
/// ℒ(θ) = ½·log|K| + ½·Uᵀ·K⁻¹·U with U = U(θ) the collocation solution (<see cref="GpPdeCollocation"/>). Its gradient
/// by the adjoint method: with β = K⁻¹U and J = (M)_II + diag(3c·U_I²) the interior Jacobian, λ = J⁻ᵀ·β_I and
/// a = −λ (0 on the boundary),
/// ∂ℒ/∂θ = ½·tr(K⁻¹∂K) − ½·βᵀ∂Kβ + Σ_o c_o·(aᵀ·∂K⁽ᵒ⁾·β − (D⁽ᵒ⁾ᵀa)ᵀ·∂K·β)
/// (dD⁽ᵒ⁾ = ∂K⁽ᵒ⁾K⁻¹ − D⁽ᵒ⁾∂K K⁻¹). Every term is Σ_ij W_ij·∂k⁽ᵒ⁾(x_i − x_j); the grid is uniform, so the W's are
/// summed along their diagonals and the kernel gradients are evaluated at n offsets only.
/// </summary>
internal static class GpPdeTrainer
{
    public static GpPdeResult Train(GpPdeProblem problem, double[] f, double[] g, Func<double[], double>? source, SpectralMixtureKernel[] kernels,
        GpPdeOptions options, IProgress<SolverProgress>? progress, CancellationToken cancellationToken, Stopwatch clock)
    {
        if (options.Training == GpPdeTraining.JointAdam) return TrainJoint(problem, f, g, source, kernels[0], options, progress, cancellationToken, clock);
        var kernel = kernels[0];
        var dimension = problem.Dimensions[0];
        int n = dimension.Points;
        var mids = new double[n - 1];
        var fMid = new double[n - 1];
        if (source is not null)
            for (int i = 0; i < n - 1; i++) { mids[i] = dimension.Point(i) + dimension.Spacing / 2; fMid[i] = source(new[] { mids[i] }); }
        var trace = new List<double>();
        var heldOut = new List<double>();
        double[]? m1 = null, m2 = null;
        double[]? u = null;
        GpPdeFactor? factor = null;
        SpectralMixtureKernel? used = null;
        var reason = StopReason.MaxIterations;
        int iterations = 0, sinceBest = 0;
        double best = double.PositiveInfinity;
        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            if (cancellationToken.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
            var gradient = new double[3 * kernel.Count];
            double loss;
            double[] uNext;
            GpPdeFactor factorNext;
            try
            {
                (loss, uNext, factorNext) = LossAndGradient(problem, kernel, f, g, options, gradient);
            }
            catch (NotPositiveDefiniteException)
            {
                reason = StopReason.NumericalFailure;
                break;
            }
            if (!double.IsFinite(loss) || !Array.TrueForAll(gradient, double.IsFinite)) { reason = StopReason.NumericalFailure; break; }
            (u, factor, used) = (uNext, factorNext, kernel);
            iterations = iteration;
            trace.Add(loss);
            double held = source is null ? double.NaN : HeldOutResidual(problem, kernel, factor, u, mids, fMid);
            if (source is not null) heldOut.Add(held);
            progress?.Report(new SolverProgress(iteration, options.MaxIterations, source is null ? loss : held));
            if (trace.Count > 1 && Math.Abs(trace[^1] - trace[^2]) <= options.Tolerance * Math.Max(1, Math.Abs(trace[^1]))) { reason = StopReason.Converged; break; }
            if (source is not null && options.HeldOutPatience > 0)
            {
                if (held < best) { best = held; sinceBest = 0; }
                else if (++sinceBest >= options.HeldOutPatience) { reason = StopReason.Converged; break; }
            }
            if (iteration == options.MaxIterations) break;
            kernel = AdamStep(kernel, gradient, ref m1, ref m2, iteration, options);
        }
        if (reason == StopReason.Cancelled && u is null) cancellationToken.ThrowIfCancellationRequested();
        if (u is null || factor is null || used is null)
            throw new NotPositiveDefiniteException("the first iteration of the learned route failed (the initial kernel's covariance is not positive definite); raise the jitter");
        var final = new[] { used };
        var predictor = new GpPdePredictor(problem.Dimensions, final, new[] { factor }, u);
        return new GpPdeResult(u, predictor, final, iterations, trace.ToArray(), heldOut.ToArray(), reason, clock.Elapsed);
    }

    /// <summary>
    /// The paper's reference route: Adam on (U, log τ1, log τ2, θ) jointly, from U = 0 and log τ = 0, of
    /// ℒ = ½log|K| + ½UᵀK⁻¹U + λ(½τ1‖U_B − g‖² − ½N_B log τ1) + ½τ2‖R‖² − ½N_I log τ2, R = (L U + cU³ − f)_I
    /// (the residual on the interior points, as in the collocation limit). ∂ℒ/∂U = K⁻¹U + λτ1(U − g)_B + τ2·JᵀR and
    /// ∂ℒ/∂θ = <see cref="ThetaGradient"/> with a = τ2·R.
    /// </summary>
    private static GpPdeResult TrainJoint(GpPdeProblem problem, double[] f, double[] g, Func<double[], double>? source, SpectralMixtureKernel kernel,
        GpPdeOptions options, IProgress<SolverProgress>? progress, CancellationToken cancellationToken, Stopwatch clock)
    {
        var dimension = problem.Dimensions[0];
        int n = dimension.Points, nb = 2, ni = n - 2;
        var mids = new double[n - 1];
        var fMid = new double[n - 1];
        if (source is not null)
            for (int i = 0; i < n - 1; i++) { mids[i] = dimension.Point(i) + dimension.Spacing / 2; fMid[i] = source(new[] { mids[i] }); }
        var x = new double[n + 2];                 // U, log τ1, log τ2
        var mx1 = new double[n + 2];
        var mx2 = new double[n + 2];
        double[]? m1 = null, m2 = null;
        var trace = new List<double>();
        var heldOut = new List<double>();
        double c = problem.Equation.Cubic, lambdaWeight = options.BoundaryWeight;
        double[]? u = null;
        GpPdeFactor? factor = null;
        SpectralMixtureKernel? used = null;
        var reason = StopReason.MaxIterations;
        int iterations = 0, sinceBest = 0;
        double best = double.PositiveInfinity;
        var lu = new double[n];
        var r = new double[n];
        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            if (cancellationToken.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
            GpPdeFactor current;
            try { current = new GpPdeFactor(kernel, dimension, options.Jitter, inverse: true, problem.Uses(0, 1), problem.Uses(0, 2)); }
            catch (NotPositiveDefiniteException) { reason = StopReason.NumericalFailure; break; }
            var collocation = new GpPdeCollocation(problem, new[] { current });
            var uNow = x.AsSpan(0, n).ToArray();
            double tau1 = Math.Exp(x[n]), tau2 = Math.Exp(x[n + 1]);
            var beta = (double[])uNow.Clone();
            current.Solve(beta);
            collocation.Apply(uNow, lu);
            Array.Clear(r);
            double residual2 = 0, boundary2 = 0;
            for (int i = 1; i < n - 1; i++) { r[i] = lu[i] + c * uNow[i] * uNow[i] * uNow[i] - f[i]; residual2 += r[i] * r[i]; }
            boundary2 = (uNow[0] - g[0]) * (uNow[0] - g[0]) + (uNow[n - 1] - g[n - 1]) * (uNow[n - 1] - g[n - 1]);
            double loss = 0.5 * current.LogDeterminant + 0.5 * GpPdeDense.Dot(uNow, beta)
                + lambdaWeight * (0.5 * tau1 * boundary2 - 0.5 * nb * x[n]) + 0.5 * tau2 * residual2 - 0.5 * ni * x[n + 1];
            var gx = new double[n + 2];
            var m = collocation.Operator(0);
            for (int j = 0; j < n; j++) gx[j] = beta[j];
            for (int i = 1; i < n - 1; i++) if (r[i] != 0) GpPdeDense.Axpy(tau2 * r[i], m.Slice(i * n, n), gx.AsSpan(0, n));
            for (int i = 1; i < n - 1; i++) gx[i] += tau2 * 3 * c * uNow[i] * uNow[i] * r[i];
            gx[0] += lambdaWeight * tau1 * (uNow[0] - g[0]);
            gx[n - 1] += lambdaWeight * tau1 * (uNow[n - 1] - g[n - 1]);
            gx[n] = lambdaWeight * (0.5 * tau1 * boundary2 - 0.5 * nb);
            gx[n + 1] = 0.5 * tau2 * residual2 - 0.5 * ni;
            var a = new double[n];
            for (int i = 1; i < n - 1; i++) a[i] = tau2 * r[i];
            var gt = new double[3 * kernel.Count];
            ThetaGradient(problem, kernel, current, beta, a, gt);
            if (!double.IsFinite(loss) || !Array.TrueForAll(gx, double.IsFinite) || !Array.TrueForAll(gt, double.IsFinite)) { reason = StopReason.NumericalFailure; break; }
            (u, factor, used) = (uNow, current, kernel);
            iterations = iteration;
            trace.Add(loss);
            double held = source is null ? double.NaN : HeldOutResidual(problem, kernel, current, uNow, mids, fMid);
            if (source is not null) heldOut.Add(held);
            progress?.Report(new SolverProgress(iteration, options.MaxIterations, source is null ? loss : held));
            if (source is not null && options.HeldOutPatience > 0)
            {
                if (held < best) { best = held; sinceBest = 0; }
                else if (++sinceBest >= options.HeldOutPatience) { reason = StopReason.Converged; break; }
            }
            if (iteration == options.MaxIterations) break;
            for (int p = 0; p < x.Length; p++)
            {
                mx1[p] = 0.9 * mx1[p] + 0.1 * gx[p];
                mx2[p] = 0.999 * mx2[p] + 0.001 * gx[p] * gx[p];
                x[p] -= options.LearningRate * (mx1[p] / (1 - Math.Pow(0.9, iteration))) / (Math.Sqrt(mx2[p] / (1 - Math.Pow(0.999, iteration))) + 1e-8);
            }
            kernel = AdamStep(kernel, gt, ref m1, ref m2, iteration, options);
        }
        if (reason == StopReason.Cancelled && u is null) cancellationToken.ThrowIfCancellationRequested();
        if (u is null || factor is null || used is null)
            throw new NotPositiveDefiniteException("the first iteration of the joint-Adam route failed (the initial kernel's covariance is not positive definite); raise the jitter");
        var final = new[] { used };
        return new GpPdeResult(u, new GpPdePredictor(problem.Dimensions, final, new[] { factor }, u), final, iterations, trace.ToArray(), heldOut.ToArray(), reason, clock.Elapsed);
    }

    /// <summary>The joint loss's value for given (U, log τ1, log τ2, θ), for the gradient test: one iteration's gradient is the Adam input.</summary>
    internal static (double Loss, double[] GradientU, double GradientTau1, double GradientTau2, double[] GradientTheta) JointLoss(GpPdeProblem problem, SpectralMixtureKernel kernel, double[] f, double[] g,
        double[] u, double logTau1, double logTau2, GpPdeOptions options)
    {
        var dimension = problem.Dimensions[0];
        int n = dimension.Points;
        var current = new GpPdeFactor(kernel, dimension, options.Jitter, inverse: true, problem.Uses(0, 1), problem.Uses(0, 2));
        var collocation = new GpPdeCollocation(problem, new[] { current });
        double tau1 = Math.Exp(logTau1), tau2 = Math.Exp(logTau2), c = problem.Equation.Cubic, lw = options.BoundaryWeight;
        var beta = (double[])u.Clone();
        current.Solve(beta);
        var lu = new double[n];
        collocation.Apply(u, lu);
        var r = new double[n];
        double residual2 = 0;
        for (int i = 1; i < n - 1; i++) { r[i] = lu[i] + c * u[i] * u[i] * u[i] - f[i]; residual2 += r[i] * r[i]; }
        double boundary2 = (u[0] - g[0]) * (u[0] - g[0]) + (u[n - 1] - g[n - 1]) * (u[n - 1] - g[n - 1]);
        double loss = 0.5 * current.LogDeterminant + 0.5 * GpPdeDense.Dot(u, beta) + lw * (0.5 * tau1 * boundary2 - logTau1) + 0.5 * tau2 * residual2 - 0.5 * (n - 2) * logTau2;
        var gu = (double[])beta.Clone();
        var m = collocation.Operator(0);
        for (int i = 1; i < n - 1; i++) GpPdeDense.Axpy(tau2 * r[i], m.Slice(i * n, n), gu);
        for (int i = 1; i < n - 1; i++) gu[i] += tau2 * 3 * c * u[i] * u[i] * r[i];
        gu[0] += lw * tau1 * (u[0] - g[0]);
        gu[n - 1] += lw * tau1 * (u[n - 1] - g[n - 1]);
        var a = new double[n];
        for (int i = 1; i < n - 1; i++) a[i] = tau2 * r[i];
        var gt = new double[3 * kernel.Count];
        ThetaGradient(problem, kernel, current, beta, a, gt);
        return (loss, gu, lw * (0.5 * tau1 * boundary2 - 1), 0.5 * tau2 * residual2 - 0.5 * (n - 2), gt);
    }

    /// <summary>One Adam step (β1 = 0.9, β2 = 0.999, ε = 1e-8) on θ, then the pruning of collapsed components (their moments go with them).</summary>
    private static SpectralMixtureKernel AdamStep(SpectralMixtureKernel kernel, double[] gradient, ref double[]? m1, ref double[]? m2, int t, GpPdeOptions options)
    {
        int q = kernel.Count;
        m1 ??= new double[3 * q];
        m2 ??= new double[3 * q];
        var theta = new double[3 * q];
        kernel.LogWeights.CopyTo(theta);
        kernel.LogLengthScales.CopyTo(theta.AsSpan(q));
        kernel.Frequencies.CopyTo(theta.AsSpan(2 * q));
        for (int p = 0; p < theta.Length; p++)
        {
            m1[p] = 0.9 * m1[p] + 0.1 * gradient[p];
            m2[p] = 0.999 * m2[p] + 0.001 * gradient[p] * gradient[p];
            double hat1 = m1[p] / (1 - Math.Pow(0.9, t)), hat2 = m2[p] / (1 - Math.Pow(0.999, t));
            theta[p] -= options.LearningRate * hat1 / (Math.Sqrt(hat2) + 1e-8);
        }
        double max = double.NegativeInfinity;
        for (int i = 0; i < q; i++) max = Math.Max(max, theta[i]);
        double cut = options.PruneThreshold > 0 ? max + Math.Log(options.PruneThreshold) : double.NegativeInfinity;
        var keep = new List<int>();
        for (int i = 0; i < q; i++) if (theta[i] >= cut) keep.Add(i);
        int r = keep.Count;
        var lw = new double[r]; var ll = new double[r]; var mu = new double[r];
        var n1 = new double[3 * r]; var n2 = new double[3 * r];
        for (int j = 0; j < r; j++)
        {
            int i = keep[j];
            lw[j] = theta[i]; ll[j] = theta[q + i]; mu[j] = theta[2 * q + i];
            for (int block = 0; block < 3; block++) { n1[block * r + j] = m1[block * q + i]; n2[block * r + j] = m2[block * q + i]; }
        }
        (m1, m2) = (n1, n2);
        return new SpectralMixtureKernel(kernel.Component, lw, ll, mu);
    }

    /// <summary>ℒ(θ) and ∂ℒ/∂θ (3·Q entries, laid out as <see cref="SpectralMixtureKernel.ValueGradient"/>), with U and the factor it used.</summary>
    internal static (double Loss, double[] U, GpPdeFactor Factor) LossAndGradient(GpPdeProblem problem, SpectralMixtureKernel kernel, double[] f, double[] g, GpPdeOptions options, Span<double> gradient)
    {
        var dimension = problem.Dimensions[0];
        int n = dimension.Points;
        var factor = new GpPdeFactor(kernel, dimension, options.Jitter, inverse: true, problem.Uses(0, 1), problem.Uses(0, 2));
        var collocation = new GpPdeCollocation(problem, new[] { factor });
        var (u, _, _, _) = collocation.Solve(f, g, options.NewtonIterations, options.NewtonTolerance);
        var beta = (double[])u.Clone();
        factor.Solve(beta);
        double loss = 0.5 * factor.LogDeterminant + 0.5 * GpPdeDense.Dot(u, beta);
        // The adjoint: λ = J⁻ᵀβ_I with J at the final U (refactorized when Newton moved U after its last factorization).
        int m = n - 2;
        double cubic = problem.Equation.Cubic;
        if (cubic != 0)
        {
            var shift = new double[m];
            for (int i = 0; i < m; i++) shift[i] = 3 * cubic * u[i + 1] * u[i + 1];
            collocation.SolveInterior(new double[m], shift);
        }
        var lambda = beta.AsSpan(1, m).ToArray();
        collocation.SolveInteriorTransposed(lambda);
        var a = new double[n];
        for (int i = 0; i < m; i++) a[i + 1] = -lambda[i];
        ThetaGradient(problem, kernel, factor, beta, a, gradient);
        return (loss, u, factor);
    }

    /// <summary>
    /// ∂/∂θ of ½log|K| + ½βᵀKβ-type terms at fixed U plus aᵀ·(dM)·U: ½tr(K⁻¹∂K) − ½βᵀ∂Kβ + Σ_o c_o(aᵀ∂K⁽ᵒ⁾β − (D⁽ᵒ⁾ᵀa)ᵀ∂Kβ),
    /// with β = K⁻¹U (a = −J⁻ᵀβ_I for the learned route, τ2·R for the joint one).
    /// </summary>
    internal static void ThetaGradient(GpPdeProblem problem, SpectralMixtureKernel kernel, GpPdeFactor factor, double[] beta, double[] a, Span<double> gradient)
    {
        var dimension = problem.Dimensions[0];
        int n = dimension.Points;
        // z = Σ c·D⁽ᵒ⁾ᵀa over the derivative terms; c1, c2 the summed coefficients per order.
        var z = new double[n];
        double c1 = 0, c2 = 0;
        foreach (var term in problem.Equation.Terms)
        {
            if (term.Order == 0) continue;
            if (term.Order == 1) c1 += term.Coefficient; else c2 += term.Coefficient;
            var d = factor.Derivative(term.Order);
            for (int i = 0; i < n; i++) if (a[i] != 0) GpPdeDense.Axpy(term.Coefficient * a[i], d.AsSpan(i * n, n), z);
        }
        // Diagonal sums S(m) = Σ_{i−j=m} W_ij, folded onto m ≥ 0 by the parity of k, k′, k″.
        var kinv = factor.Inverse!;
        var t0 = new double[n];
        var t1 = new double[n];
        var t2 = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int offset = Math.Abs(i - j);
                double w0 = 0.5 * kinv[i * n + j] - 0.5 * beta[i] * beta[j] - z[i] * beta[j];
                double ab = a[i] * beta[j];
                t0[offset] += w0;
                t1[offset] += i >= j ? c1 * ab : -c1 * ab;
                t2[offset] += c2 * ab;
            }
        int size = 3 * kernel.Count;
        var dk = new double[size];
        var dk1 = new double[size];
        var dk2 = new double[size];
        gradient.Clear();
        for (int offset = 0; offset < n; offset++)
        {
            kernel.DerivativeGradients(offset * dimension.Spacing, dk, dk1, dk2);
            for (int p = 0; p < size; p++) gradient[p] += t0[offset] * dk[p] + t1[offset] * dk1[p] + t2[offset] * dk2[p];
        }
    }

    /// <summary>
    /// ‖R‖/‖f‖ at the midpoints between grid points, R = L u + c·u³ − f of the predictor; the cross-covariances
    /// k⁽ᵒ⁾((i − j + ½)h) are Toeplitz, so the kernel is evaluated at 2n − 2 offsets.
    /// </summary>
    internal static double HeldOutResidual(GpPdeProblem problem, SpectralMixtureKernel kernel, GpPdeFactor factor, double[] u, double[] mids, double[] fMid)
    {
        var dimension = problem.Dimensions[0];
        int n = dimension.Points, rows = n - 1;
        var beta = (double[])u.Clone();
        factor.Solve(beta);
        var values = new (double, double, double)[2 * n - 1];
        for (int offset = -(n - 1); offset <= n - 2; offset++) values[offset + n - 1] = kernel.Evaluate((offset + 0.5) * dimension.Spacing);
        var orders = new double[3][];
        for (int o = 0; o < 3; o++) orders[o] = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double s0 = 0, s1 = 0, s2 = 0;
            for (int j = 0; j < n; j++)
            {
                var (v0, v1, v2) = values[i - j + n - 1];
                s0 += v0 * beta[j]; s1 += v1 * beta[j]; s2 += v2 * beta[j];
            }
            orders[0][i] = s0; orders[1][i] = s1; orders[2][i] = s2;
        }
        double num = 0, den = 0, c = problem.Equation.Cubic;
        for (int i = 0; i < rows; i++)
        {
            double r = c * Math.Pow(orders[0][i], 3) - fMid[i];
            foreach (var term in problem.Equation.Terms) r += term.Coefficient * orders[term.Order][i];
            num += r * r;
            den += fMid[i] * fMid[i];
        }
        return den > 0 ? Math.Sqrt(num / den) : Math.Sqrt(num / rows);
    }

    /// <summary>log|⊗K_k| = Σ_k (N/n_k)·log|K_k|.</summary>
    public static double LogDeterminant(GpPdeFactor[] factors)
    {
        double size = 1, sum = 0;
        foreach (var f in factors) size *= f.N;
        foreach (var f in factors) sum += size / f.N * f.LogDeterminant;
        return sum;
    }
}
