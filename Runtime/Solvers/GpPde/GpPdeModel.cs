using System;

namespace SparseDsl;

/// <summary>How a GP-PDE solve treats the kernel hyperparameters θ and the solution values U.</summary>
public enum GpPdeTraining
{
    /// <summary>The kernel is fixed (<see cref="GpPdeOptions.Kernels"/>): U is the collocation solution (Newton for a cubic term).</summary>
    Fixed,
    /// <summary>U is eliminated (the collocation solution for the current θ) and Adam steps on θ follow the gradient of the U-eliminated loss (adjoint method).</summary>
    Learned,
    /// <summary>The paper's reference route (1-D): Adam jointly on U, log τ1, log τ2 and θ of the full loss, from U = 0 (residual on the interior points).</summary>
    JointAdam,
}

/// <summary>One grid axis: <paramref name="Points"/> equispaced points from <paramref name="Lower"/> to <paramref name="Upper"/>, both endpoints included.</summary>
public sealed record GpPdeDimension(string Name, double Lower, double Upper, int Points)
{
    /// <summary>The spacing (Upper − Lower)/(Points − 1).</summary>
    public double Spacing => (Upper - Lower) / (Points - 1);

    /// <summary>Grid point <paramref name="index"/>.</summary>
    public double Point(int index) => index == Points - 1 ? Upper : Lower + index * Spacing;
}

/// <summary>
/// One linear term of L u: <paramref name="Coefficient"/>·∂^order u/∂x_dim^order (order 0, 1 or 2; dimension 0-based), e.g.
/// Poisson 1-D: [(1, 0, 2)]; Allen–Cahn: [(1, 0, 2), (−1, 0, 0)] with Cubic = 1; advection β u_x + u_y: [(β, 0, 1), (1, 1, 1)].
/// </summary>
public readonly record struct GpPdeTerm(double Coefficient, int Dimension, int Order);

/// <summary>L u = Σ terms + Cubic·u³ = f in the interior, u = g on the boundary.</summary>
public sealed record GpPdeEquation(GpPdeTerm[] Terms, double Cubic = 0);

/// <summary>
/// The settings of a GP-PDE solve. Defaults follow the GP-HM code where it has one (Q = 30 components per
/// dimension, μ = linspace(0, 1, Q)·scale, log w = log 1/Q, Adam learning rate 0.01, λ = 200, jitter 1e-6).
/// </summary>
public sealed record GpPdeOptions
{
    public GpPdeTraining Training { get; init; } = GpPdeTraining.Learned;
    public SpectralComponent Spectrum { get; init; } = SpectralComponent.StudentT;
    /// <summary>Q, the components per dimension of the initial kernel (ignored when <see cref="Kernels"/> is given).</summary>
    public int Components { get; init; } = 30;
    /// <summary>The initial frequencies are μ = linspace(0, 1, Q)·scale; null uses each axis's Nyquist frequency (Points − 1)/(2·(Upper − Lower)).</summary>
    public double? FrequencyScale { get; init; }
    /// <summary>The initial length scale of every component; the paper's log ℓ = 0.</summary>
    public double InitialLengthScale { get; init; } = 1;
    /// <summary>λ, the weight of the boundary likelihood in the joint-Adam loss.</summary>
    public double BoundaryWeight { get; init; } = 200;
    /// <summary>Added to the diagonal of each dimension's covariance factor.</summary>
    public double Jitter { get; init; } = 1e-6;
    /// <summary>The cap on Adam steps (Learned, JointAdam).</summary>
    public int MaxIterations { get; init; } = 400;
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Learned: stop when the relative change of the loss between iterations falls below this.</summary>
    public double Tolerance { get; init; } = 1e-10;
    /// <summary>A component whose weight falls below this fraction of its dimension's largest weight is pruned; 0 prunes nothing.</summary>
    public double PruneThreshold { get; init; } = 1e-6;
    /// <summary>Learned, JointAdam: stop when the held-out residual has not improved on its best for this many iterations (0: never). The final iterate is reported.</summary>
    public int HeldOutPatience { get; init; } = 60;
    /// <summary>Newton on U (a cubic term): the cap and the relative step size that ends it.</summary>
    public int NewtonIterations { get; init; } = 50;
    public double NewtonTolerance { get; init; } = 1e-12;
    /// <summary>The fixed kernel per dimension (Training = Fixed), or the initial one; null: the paper's initialization.</summary>
    public SpectralMixtureKernel[]? Kernels { get; init; }
    /// <summary>Reserved for randomized initializations; every current route is deterministic.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        if (Training is not (GpPdeTraining.Fixed or GpPdeTraining.Learned or GpPdeTraining.JointAdam)) throw new ArgumentOutOfRangeException(nameof(Training), Training, "Fixed, Learned or JointAdam");
        if (Spectrum is not (SpectralComponent.StudentT or SpectralComponent.Gaussian)) throw new ArgumentOutOfRangeException(nameof(Spectrum), Spectrum, "StudentT or Gaussian");
        if (Components < 1) throw new ArgumentOutOfRangeException(nameof(Components), Components, "at least one component");
        if (FrequencyScale is double scale && !(scale > 0 && double.IsFinite(scale))) throw new ArgumentOutOfRangeException(nameof(FrequencyScale), scale, "the frequency scale must be positive and finite");
        Positive(InitialLengthScale, nameof(InitialLengthScale));
        Positive(BoundaryWeight, nameof(BoundaryWeight));
        if (!(Jitter >= 0 && double.IsFinite(Jitter))) throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "the jitter must be finite and ≥ 0");
        SolverOptionChecks.Iterations(MaxIterations, nameof(MaxIterations));
        Positive(LearningRate, nameof(LearningRate));
        SolverOptionChecks.Tolerance(Tolerance, nameof(Tolerance));
        SolverOptionChecks.Fraction(PruneThreshold, nameof(PruneThreshold));
        if (HeldOutPatience < 0) throw new ArgumentOutOfRangeException(nameof(HeldOutPatience), HeldOutPatience, "0 (off) or a positive number of iterations");
        SolverOptionChecks.Iterations(NewtonIterations, nameof(NewtonIterations));
        SolverOptionChecks.Tolerance(NewtonTolerance, nameof(NewtonTolerance));
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value))) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite");
    }
}

/// <summary>
/// What a GP-PDE solve returns: U on the grid (first dimension slowest), the predictor u(x) = k(x, X)·K⁻¹·U, the
/// kernel per dimension (learned, pruned), the iteration count, the loss per iteration (Fixed: the max PDE residual
/// per Newton iteration), the held-out residual per iteration (empty without a source delegate) and why it stopped.
/// </summary>
public sealed record GpPdeResult(
    double[] Solution,
    GpPdePredictor Predictor,
    SpectralMixtureKernel[] Kernels,
    int Iterations,
    double[] Trace,
    double[] HeldOutTrace,
    StopReason StopReason,
    TimeSpan Elapsed);
