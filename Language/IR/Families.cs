using SparseDsl.Language.Common;

namespace SparseDsl.Language.IR;

// The solver families written `pipeline P = gp_pde<f64> { … }` and `network N = bayes_mlp<f32> { … }`: what each spec
// fixes, bound and checked. The generator emits one class per declaration over the family's runtime solver.

/// <summary>The spectral density of a spectral-mixture kernel's components (<c>spectrum: student_t | gaussian</c>).</summary>
public enum SpectrumKind
{
    StudentT,
    Gaussian,
}

/// <summary>How a GP-PDE pipeline trains (<c>training fixed | learned | joint_adam</c>).</summary>
public enum GpPdeTrainingKind
{
    /// <summary>The kernel is given at run time and kept: one linear (or Newton) solve for U.</summary>
    Fixed,
    /// <summary>U eliminated by its MAP, gradient steps on the kernel hyperparameters.</summary>
    Learned,
    /// <summary>The paper's route: Adam jointly on U, the noise precisions and the kernel.</summary>
    JointAdam,
}

/// <summary>One axis of a product grid: <c>domain x in [0, 2*pi] grid 400;</c> (the bounds evaluated, their text kept for comments).</summary>
public sealed record GridAxis(string Name, double Lower, double Upper, int Points, string LowerText, string UpperText);

/// <summary>One linear term of a PDE's left side: Coefficient·∂^Order u/∂x_Dimension^Order (Order 0 is Coefficient·u).</summary>
public sealed record PdeTerm(double Coefficient, int Dimension, int Order);

/// <summary>
/// The training settings of a GP-PDE pipeline as the spec writes them; null where the spec leaves the runtime's
/// default (so the generated options say only what the spec fixed).
/// </summary>
public sealed record GpPdeSettings(int? MaxIterations = null, double? LearningRate = null, double? Tolerance = null, double? Prune = null,
    double? BoundaryWeight = null, double? Jitter = null, int? Seed = null);

/// <summary>
/// <c>pipeline P = gp_pde&lt;f64&gt; { domain …; kernel spectral_mixture(…); equation L(u) = f(…); boundary u = g; weights log_domain; training … }</c>:
/// the grid axes (1 to 3), the kernel's spectrum, component count and optional frequency scale, the PDE
/// Σ terms + Cubic·u³ = f, the names of the unknown, the source and the boundary data (null where the spec writes a
/// constant: <see cref="SourceConstant"/>, <see cref="BoundaryConstant"/>), and the training route with its settings.
/// </summary>
public sealed record GpPdePipelineIr(
    string Name,
    EquatableArray<GridAxis> Axes,
    SpectrumKind Spectrum,
    int Components,
    double? FrequencyScale,
    EquatableArray<PdeTerm> Terms,
    double Cubic,
    string Unknown,
    string? Source,
    double SourceConstant,
    string? Boundary,
    double BoundaryConstant,
    GpPdeTrainingKind Training,
    GpPdeSettings Settings,
    string SourceText) : PipelineIr(Name, SourceText);

/// <summary>The weight support of a Bayesian sparse network (<c>sparsity dense | unstructured(density: p) | nm(N:M) | block(RxC)</c>).</summary>
public enum NetworkSupportKind
{
    Dense,
    Unstructured,
    NM,
    Block,
}

/// <summary>The SSVI settings of a network as the spec writes them; null where the spec leaves the runtime's default.</summary>
public sealed record NetworkSettings(double? KlWeight = null, double? PriorSigma = null, double? Drop = null, int? UpdateEvery = null,
    double? UpdateUntil = null, double? LearningRate = null, double? Momentum = null, int? Epochs = null, int? BatchSize = null);

/// <summary>
/// <c>network N = bayes_mlp&lt;f32&gt; { layers 784 -> 300 -> 10; sparsity …; inference ssvi { … } }</c>: the layer widths
/// (input first), the support (its density, N:M group or block shape) and the inference settings.
/// </summary>
public sealed record NetworkIr(
    string Name,
    EquatableArray<int> Layers,
    NetworkSupportKind Support,
    double Density,
    int GroupN,
    int GroupM,
    int BlockRows,
    int BlockColumns,
    NetworkSettings Settings,
    string SourceText) : PipelineIr(Name, SourceText);
