using SparseDsl.Language.Common;
using SparseDsl.Language.Text;

namespace SparseDsl.Language.IR;

// The kernel IR: what the backends consume. It is independent of any backend and of the syntax tree.
// A format is one of the storage records of Storage.cs; a kernel is one of a few operations over a format with
// an alpha/beta epilogue. Every type is an equatable record so the generator caches it.

public enum KernelOperation
{
    /// <summary>y = alpha * A * x + beta * y</summary>
    MatVec,
    /// <summary>y = alpha * A' * x + beta * y</summary>
    MatVecTransposed,
    /// <summary>Y = alpha * A * X + beta * Y, X dense row-major with k columns</summary>
    MatMat,
}

public enum ScalarKind
{
    /// <summary>The term is absent (beta) or one (alpha).</summary>
    Default,
    /// <summary>A literal number written in the spec.</summary>
    Literal,
    /// <summary>A scalar argument of the generated method.</summary>
    Parameter,
}

/// <summary>
/// A coefficient of the epilogue. For alpha, Default means 1; for beta, Default means the output is
/// overwritten. A coefficient may be a literal, a parameter, or a literal times a parameter (Value * Name).
/// </summary>
public sealed record Scalar(ScalarKind Kind, double Value = 1.0, string? ParameterName = null)
{
    public static Scalar None { get; } = new(ScalarKind.Default);
}

/// <summary>One kernel, ready for the backends.</summary>
public sealed record KernelIr(
    string Name,
    KernelOperation Operation,
    StorageFormat Format,
    string MatrixName,
    string InputName,
    string OutputName,
    Scalar Alpha,
    Scalar Beta,
    string SourceText,
    SourceSpan Span);

/// <summary>Everything one spec file compiles to.</summary>
public sealed record SpecIr(
    string Namespace,
    string ClassName,
    string FilePath,
    EquatableArray<StorageFormat> Formats,
    EquatableArray<KernelIr> Kernels);
