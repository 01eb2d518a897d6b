using SparseDsl.Language.Common;

namespace SparseDsl.Language.IR;

/// <summary>
/// An operator as a tree. A kernel's operator is one leaf: a <see cref="StoredMatrix"/> (a transpose at the root is
/// the kernel's action, <see cref="KernelAction.ApplyTransposed"/>) or a <see cref="DeclaredOperator"/>. An
/// <c>operator</c> declaration's definition is a composite node over stored factors (<see cref="KroneckerProduct"/>);
/// <see cref="Transposed"/> is for transposes inside composite operators. Sums, products, low-rank, scaled
/// (<c>c·A</c>) and shifted (<c>A + σI</c>) nodes go here next, as further sealed records.
/// </summary>
public abstract record OperatorNode;

/// <summary>A matrix stored in one of the <see cref="StorageFormat"/>s, passed as the kernel parameter <paramref name="ParameterName"/>.</summary>
public sealed record StoredMatrix(string ParameterName, StorageFormat Storage) : OperatorNode;

/// <summary>The transpose of <paramref name="Operand"/>.</summary>
public sealed record Transposed(OperatorNode Operand) : OperatorNode;

/// <summary>
/// A₁ ⊗ A₂ ⊗ … ⊗ A_k over stored factors, in the order written (the first factor varies slowest). Each factor's
/// storage holds its literal size as its <see cref="StorageFormat.Shape"/>, when the spec gives one.
/// </summary>
public sealed record KroneckerProduct(EquatableArray<StoredMatrix> Factors) : OperatorNode;

/// <summary>
/// Q = H1···Hk for <paramref name="Reflectors"/> Householder reflectors of length <paramref name="N"/>, or with
/// <paramref name="Rank"/> the rank-r projector Q_r·Q_rᵀ onto its first r columns (a <c>projection … = householder</c>).
/// </summary>
public sealed record HouseholderProjection(int N, int Reflectors, int? Rank) : OperatorNode;

/// <summary>
/// A very sparse random projection R (<paramref name="Out"/> × <paramref name="In"/>, entries ±√(1/(p·out)) with
/// probability p/2 each), generated from <paramref name="Seed"/>; <paramref name="Density"/> null is `auto` (1/√in);
/// <paramref name="Hashed"/>: matrix-free (regenerated per use) rather than stored.
/// </summary>
public sealed record RandomProjection(int In, int Out, double? Density, ulong Seed, bool Hashed) : OperatorNode;

/// <summary>
/// W = B·A + S: a rank-<paramref name="Rank"/> product (B: <paramref name="Rows"/> × r, A: r × <paramref name="Columns"/>)
/// plus a sparse S on a random support of the given density fixed by <paramref name="Seed"/> (<c>lowrank(…) + sparse(…)</c>).
/// </summary>
public sealed record LowRankPlusSparseNode(int Rows, int Rank, int Columns, double Density, ulong Seed) : OperatorNode;

/// <summary>The kernel parameter <paramref name="ParameterName"/> of the operator declared as <paramref name="OperatorName"/> (a generated operator class).</summary>
public sealed record DeclaredOperator(string ParameterName, string OperatorName, ScalarType Element) : OperatorNode;

/// <summary>
/// An <c>operator</c> declaration: its name (the generated class), its element type, its definition and, when all
/// factor sizes are literal, its size. <see cref="SourceText"/> is the declaration on one line (for the generated comment).
/// </summary>
public sealed record OperatorDeclaration(string Name, ScalarType Element, OperatorNode Definition, MatrixShape? Shape, string SourceText);

/// <summary>
/// A <c>gradient Name of Target : wrt …;</c> declaration: the vector–Jacobian products of f = gᵀ·Target·x (for a
/// Householder chain f = ⟨G, Q·C⟩) with respect to the listed parameters, in the order written. The target is an
/// operator declaration (<see cref="Operator"/>) or a CSR format (<see cref="Format"/>; its parameters are
/// <c>values</c> and <c>input</c>). Parameter names: a Kronecker factor's name, <c>B</c>, <c>A</c>, <c>values</c>,
/// <c>reflectors</c>, and <c>input</c> (the input gradient, Targetᵀ·g) for every kind.
/// </summary>
public sealed record GradientIr(string Name, ScalarType Element, OperatorDeclaration? Operator, StorageFormat? Format,
    EquatableArray<string> Parameters, string SourceText)
{
    public string TargetName => Operator?.Name ?? Format!.Name;
}
