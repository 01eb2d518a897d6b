using SparseDsl.Language.Common;

namespace SparseDsl.Language.IR;

// The storage formats of the kernel IR: a closed hierarchy, one sealed record per kind, each holding exactly the
// literal parameters its kind has (block sizes, N:M, C and σ, grid and taps). Emitters pattern-match on the record
// types where they read a kind's fields, and switch on Kind where only the kind matters.

public enum IndexWidth
{
    I32,
    I64,
}

/// <summary>The kind of a <see cref="StorageFormat"/>: one value per sealed record.</summary>
public enum FormatKind
{
    /// <summary><see cref="DenseStorage"/>: dense matrix, row- or column-major.</summary>
    Dense,
    /// <summary><see cref="CsrStorage"/>.</summary>
    Csr,
    /// <summary><see cref="CscStorage"/>.</summary>
    Csc,
    /// <summary><see cref="CooStorage"/>: coordinate triplets; an input format, multiplied directly (unsorted, duplicates add up).</summary>
    Coo,
    /// <summary><see cref="BsrStorage"/>: block CSR with literal block sizes.</summary>
    Bsr,
    /// <summary><see cref="NmStorage"/>: at most N nonzeros in every M consecutive entries of a row.</summary>
    NM,
    /// <summary><see cref="SellStorage"/>: sliced ELLPACK with slice height C, rows sorted by length inside windows of σ rows.</summary>
    Sell,
    /// <summary><see cref="DiaStorage"/>: diagonal (DIA) / banded storage.</summary>
    Dia,
    /// <summary><see cref="StencilStorage"/>: a matrix-free stencil operator on a 1-D, 2-D or 3-D grid.</summary>
    Stencil,
}

/// <summary>The literal <c>shape: RxC</c> of a format; the generated code checks the runtime matrix against it.</summary>
public sealed record MatrixShape(int Rows, int Columns);

/// <summary>One stencil tap: integer offsets per grid dimension and a coefficient.</summary>
public sealed record StencilTap(EquatableArray<int> Offsets, double Coefficient);

/// <summary>A grid extent: a literal size or a symbolic name (then a runtime argument).</summary>
public sealed record GridExtent(string Name, int? LiteralSize);

/// <summary>
/// A storage format or stencil as declared: its name, element type, index width and literal <c>shape:</c> (null when
/// not given; always null for stencils). One sealed record per kind below.
/// </summary>
public abstract record StorageFormat(string Name, ScalarType Element, IndexWidth Index, MatrixShape? Shape)
{
    public abstract FormatKind Kind { get; }
}

/// <summary><c>dense&lt;T&gt;(layout: row|col)</c>.</summary>
public sealed record DenseStorage(string Name, ScalarType Element, IndexWidth Index, MatrixShape? Shape, bool ColumnMajor)
    : StorageFormat(Name, Element, Index, Shape)
{
    public override FormatKind Kind => FormatKind.Dense;
}

/// <summary><c>csr&lt;T[, index: i32|i64]&gt;</c>: row pointers, column indices, values.</summary>
public sealed record CsrStorage(string Name, ScalarType Element, IndexWidth Index, MatrixShape? Shape)
    : StorageFormat(Name, Element, Index, Shape)
{
    public override FormatKind Kind => FormatKind.Csr;
}

/// <summary><c>csc&lt;T&gt;</c>: column pointers, row indices, values.</summary>
public sealed record CscStorage(string Name, ScalarType Element, IndexWidth Index, MatrixShape? Shape)
    : StorageFormat(Name, Element, Index, Shape)
{
    public override FormatKind Kind => FormatKind.Csc;
}

/// <summary><c>coo&lt;T&gt;</c>: (row, column, value) triplets in any order.</summary>
public sealed record CooStorage(string Name, ScalarType Element, IndexWidth Index, MatrixShape? Shape)
    : StorageFormat(Name, Element, Index, Shape)
{
    public override FormatKind Kind => FormatKind.Coo;
}

/// <summary><c>bsr&lt;T&gt;(block: RxC)</c>: CSR over dense RxC blocks.</summary>
public sealed record BsrStorage(string Name, ScalarType Element, IndexWidth Index, MatrixShape? Shape, int BlockRows, int BlockColumns)
    : StorageFormat(Name, Element, Index, Shape)
{
    public override FormatKind Kind => FormatKind.Bsr;
}

/// <summary><c>nm&lt;T&gt;(N:M)</c>: <see cref="GroupNonzeros"/> (N) slots in every group of <see cref="GroupSize"/> (M) entries of a row.</summary>
public sealed record NmStorage(string Name, ScalarType Element, IndexWidth Index, MatrixShape? Shape, int GroupNonzeros, int GroupSize)
    : StorageFormat(Name, Element, Index, Shape)
{
    public override FormatKind Kind => FormatKind.NM;
}

/// <summary><c>sell&lt;T&gt;(slice: C, sort: σ)</c>: slices of <see cref="SliceHeight"/> rows, sorted by length within <see cref="SortWindow"/> rows.</summary>
public sealed record SellStorage(string Name, ScalarType Element, IndexWidth Index, MatrixShape? Shape, int SliceHeight, int SortWindow)
    : StorageFormat(Name, Element, Index, Shape)
{
    public override FormatKind Kind => FormatKind.Sell;
}

/// <summary><c>dia&lt;T&gt;</c>: a list of diagonal offsets and one padded row of values per diagonal.</summary>
public sealed record DiaStorage(string Name, ScalarType Element, IndexWidth Index, MatrixShape? Shape)
    : StorageFormat(Name, Element, Index, Shape)
{
    public override FormatKind Kind => FormatKind.Dia;
}

/// <summary>
/// <c>stencil Name&lt;T&gt;(grid: ..., radius: r) { taps }</c>: a matrix-free operator on a grid of literal or named
/// extents (no <c>shape:</c>; the grid is its shape). Taps hold no source lines: positions live in the source map.
/// </summary>
public sealed record StencilStorage(string Name, ScalarType Element, EquatableArray<GridExtent> Grid, int Radius, EquatableArray<StencilTap> Taps)
    : StorageFormat(Name, Element, IndexWidth.I32, null)
{
    public override FormatKind Kind => FormatKind.Stencil;
}
