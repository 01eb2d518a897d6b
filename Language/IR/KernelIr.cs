using SparseDsl.Language.Common;
using SparseDsl.Language.Text;

namespace SparseDsl.Language.IR;

// The kernel IR: what the backends consume. It is independent of any backend and of the syntax tree.
// A format is described by its storage levels (TACO-style dense/compressed/singleton levels plus the
// blocked, grouped, sliced and diagonal levels SparseDsl adds); a kernel is one of a few operations
// over a format with an alpha/beta epilogue. Every type is an equatable record so the generator caches it.

public enum ElementType
{
    F32,
    F64,
}

public enum IndexWidth
{
    I32,
    I64,
}

public enum FormatKind
{
    /// <summary>Dense matrix, row- or column-major (<see cref="FormatIr.ColumnMajor"/>).</summary>
    Dense,
    Csr,
    Csc,
    /// <summary>Coordinate triplets; an input format, multiplied directly (unsorted, duplicates add up).</summary>
    Coo,
    /// <summary>Block CSR with literal block sizes.</summary>
    Bsr,
    /// <summary>N:M semi-structured: at most N nonzeros in every M consecutive entries of a row.</summary>
    NM,
    /// <summary>SELL-C-σ: sliced ELLPACK with slice height C, rows sorted by length inside windows of σ rows.</summary>
    Sell,
    /// <summary>Diagonal (DIA) / banded storage.</summary>
    Dia,
    /// <summary>A matrix-free stencil operator on a 1-D, 2-D or 3-D grid.</summary>
    Stencil,
}

/// <summary>How one storage level iterates its coordinate.</summary>
public enum LevelKind
{
    /// <summary>Every coordinate 0..size-1 is stored (a plain loop).</summary>
    Dense,
    /// <summary>Positions array + coordinates array (CSR's column level).</summary>
    Compressed,
    /// <summary>One coordinate per parent position, no positions array (COO's column level).</summary>
    Singleton,
    /// <summary>A fixed number of slots per parent, each with a small in-group coordinate (N:M).</summary>
    Grouped,
    /// <summary>Padded fixed-width columns inside a slice of C rows (SELL-C-σ).</summary>
    Sliced,
    /// <summary>A list of diagonal offsets (DIA); the coordinate is row + offset.</summary>
    Offset,
}

/// <summary>One storage level: its kind, the coordinate it iterates ("i", "j", "bi", ...) and a literal size where known.</summary>
public sealed record StorageLevel(LevelKind Kind, string Coordinate, int? LiteralSize = null);

/// <summary>One stencil tap: integer offsets per grid dimension and a coefficient.</summary>
public sealed record StencilTap(EquatableArray<int> Offsets, double Coefficient, int Line);

/// <summary>A grid extent: a literal size or a symbolic name (then a runtime argument).</summary>
public sealed record GridExtent(string Name, int? LiteralSize);

/// <summary>
/// A storage format, lowered. Fields that do not apply to a kind keep their defaults.
/// </summary>
public sealed record FormatIr(
    string Name,
    FormatKind Kind,
    ElementType ElementType,
    IndexWidth IndexWidth,
    EquatableArray<StorageLevel> Levels,
    int? LiteralRows = null,
    int? LiteralColumns = null,
    bool ColumnMajor = false,
    int BlockRows = 0,
    int BlockColumns = 0,
    int GroupNonzeros = 0,
    int GroupSize = 0,
    int SliceHeight = 0,
    int SortWindow = 0,
    EquatableArray<GridExtent> Grid = default,
    int Radius = 0,
    EquatableArray<StencilTap> Taps = default);

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
    FormatIr Format,
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
    EquatableArray<FormatIr> Formats,
    EquatableArray<KernelIr> Kernels);
