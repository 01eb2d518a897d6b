using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// P = Q_r·Q_rᵀ, the orthogonal projector onto the span of the first r columns of a Householder chain Q (the
/// rank-r projector of the Householder-projector paper): symmetric, so its transpose and adjoint are itself. Vectors
/// go through <see cref="HouseholderChain{T}.Project"/>; blocks through the chain's compact WY form (Qᵀ·X, the
/// trailing n − r rows zeroed, then Q), in Y. One call at a time per instance (the chain's workspaces).
/// </summary>
public sealed class HouseholderProjector<T> : ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The projector of rank <paramref name="rank"/> (1 ≤ rank ≤ n) of <paramref name="chain"/>.</summary>
    public HouseholderProjector(HouseholderChain<T> chain, int rank)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (rank < 1 || rank > chain.Rows)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"the projector's rank must be in [1, {chain.Rows}] (Q is {chain.Rows} x {chain.Rows}).");
        Chain = chain;
        Rank = rank;
    }

    /// <summary>The chain Q whose leading columns span the range.</summary>
    public HouseholderChain<T> Chain { get; }

    /// <summary>r, the dimension of the range.</summary>
    public int Rank { get; }

    public int Rows => Chain.Rows;

    public int Columns => Chain.Rows;

    public void Apply(ReadOnlySpan<T> x, Span<T> y)
    {
        if (x.Length != Rows) throw new ShapeMismatchException($"x has length {x.Length} but the projector is {Rows} x {Rows}.", nameof(x));
        if (y.Length != Rows) throw new ShapeMismatchException($"y has length {y.Length} but the projector is {Rows} x {Rows}.", nameof(y));
        Chain.Project(Rank, x, y);
    }

    public void ApplyTransposed(ReadOnlySpan<T> x, Span<T> y) => Apply(x, y);

    public void ApplyAdjoint(ReadOnlySpan<T> x, Span<T> y) => Apply(x, y);

    public void ApplyToBlock(DenseMatrix<T> x, DenseMatrix<T> y)
    {
        Chain.ApplyTransposedToBlock(x, y);
        for (int row = Rank; row < y.Rows; row++)
            for (int column = 0; column < y.Columns; column++) y[row, column] = T.Zero;
        Chain.ApplyToBlock(y, y);
    }
}
