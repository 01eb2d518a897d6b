namespace SparseDsl.Language.IR;

/// <summary>The solver of a pipeline's <c>solve</c> statement.</summary>
public enum PipelineSolver
{
    /// <summary><c>kron_sbl</c>: Kronecker-structured sparse Bayesian learning over a Kronecker dictionary.</summary>
    KroneckerSbl,
}

/// <summary>The M-step of Kronecker SBL (<c>update: svd | am</c>).</summary>
public enum SblUpdateRule
{
    Svd,
    AlternatingMinimization,
}

/// <summary>
/// The settings of a <c>kron_sbl</c> solve as the spec writes them (each with the reference code's default when
/// absent): the update rule, whether the noise variance is known (a parameter of the generated Solve) or learned,
/// the iteration cap, the tolerance on ‖Δ(⊗γ)‖/‖⊗γ‖ and the prune threshold.
/// </summary>
public sealed record KroneckerSblSettings(SblUpdateRule Update, bool NoiseKnown, int MaxIterations, double Tolerance, double Prune)
{
    public static KroneckerSblSettings Defaults { get; } = new(SblUpdateRule.Svd, NoiseKnown: false, MaxIterations: 150, Tolerance: 1e-4, Prune: 1e-3);
}

/// <summary>
/// A solver pipeline of any family: what the generator turns into one static class named after it. Each family adds
/// what its spec fixes; the class calls the family's runtime solver with the spec's settings as defaults.
/// </summary>
public abstract record PipelineIr(string Name, string SourceText);

/// <summary>
/// A <c>pipeline</c> declaration: its dictionary (an operator, defined in place or declared in the spec), the solver,
/// the names of the estimate and of the data, and the solver's settings. It becomes a generated class with the
/// dictionary's operator class and a <c>Solve</c> entry point.
/// </summary>
public sealed record KroneckerSblPipelineIr(string Name, OperatorDeclaration Dictionary, PipelineSolver Solver, string Estimate, string Data,
    KroneckerSblSettings Settings, string SourceText) : PipelineIr(Name, SourceText);
