using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// A matrix-free linear operator A (<see cref="Rows"/> × <see cref="Columns"/>): what the structured operators
/// (Kronecker products, Householder chains, random projections, sparse + low-rank sums) and the generated operator
/// classes of <c>operator</c>/<c>projection</c> declarations have in common, and what solver pipelines iterate over.
/// Implementations check the operand lengths on every call (a <see cref="ShapeMismatchException"/> naming them), use
/// workspaces planned at construction, and allocate nothing per call.
/// </summary>
public interface ILinearOperator<T> where T : unmanaged, INumberBase<T>
{
    /// <summary>The number of rows of A (the length of y in y = A·x).</summary>
    int Rows { get; }

    /// <summary>The number of columns of A (the length of x in y = A·x).</summary>
    int Columns { get; }

    /// <summary>y = A·x (x of length <see cref="Columns"/>, y of length <see cref="Rows"/>; y is overwritten).</summary>
    void Apply(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>y = Aᵀ·x, the transpose without conjugation (x of length <see cref="Rows"/>).</summary>
    void ApplyTransposed(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>y = Aᴴ·x, the conjugate transpose (equal to <see cref="ApplyTransposed"/> for real T).</summary>
    void ApplyAdjoint(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>Y = A·X for a block of vectors: X is <see cref="Columns"/> × k and Y is <see cref="Rows"/> × k, either layout.</summary>
    void ApplyToBlock(DenseMatrix<T> x, DenseMatrix<T> y);
}
