using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// W = B·A + S (SLTrain-style): a rank-r product (B: m × r, A: r × n, dense row-major) plus a sparse S (m × n, CSC,
/// the support fixed by its pattern). y = W·x is fused into one pass over x: column j adds x_j·A[:, j] into the
/// r-vector t and x_j·S[:, j] into y, then y += B·t — W is never formed. The vector–Jacobian products training needs
/// are here too: for f = ⟨g, W·x⟩, ∂f/∂B = g·(A·x)ᵀ, ∂f/∂A = (Bᵀ·g)·xᵀ and ∂f/∂S.values = g_i·x_j on the support
/// (a sampled outer product). Real types; one call at a time per instance (its r-vector workspace).
/// </summary>
public sealed class LowRankPlusSparse<T> : ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _t;
    private readonly T[] _transposedT;
    private readonly T[] _blockColumn, _blockResult;

    /// <summary>W = B·A + S; B is m × r, A is r × n, S is m × n (any of its entries may be explicit zeros).</summary>
    /// <exception cref="ShapeMismatchException">The shapes do not chain.</exception>
    public LowRankPlusSparse(DenseMatrix<T> b, DenseMatrix<T> a, CscMatrix<T> s)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(s);
        if (b.Columns != a.Rows)
            throw new ShapeMismatchException($"B is {b.Rows} x {b.Columns} and A is {a.Rows} x {a.Columns}: B's columns must equal A's rows (the rank)", nameof(a));
        if (s.Rows != b.Rows || s.Columns != a.Columns)
            throw new ShapeMismatchException($"S is {s.Rows} x {s.Columns} but B·A is {b.Rows} x {a.Columns}", nameof(s));
        if (b.Layout != DenseLayout.RowMajor || a.Layout != DenseLayout.RowMajor)
            throw new ShapeMismatchException("B and A are row-major", b.Layout != DenseLayout.RowMajor ? nameof(b) : nameof(a));
        B = b;
        A = a;
        S = s;
        _t = new T[a.Rows];
        _transposedT = new T[a.Rows];
        _blockColumn = new T[a.Columns];
        _blockResult = new T[b.Rows];
    }

    public DenseMatrix<T> B { get; }
    public DenseMatrix<T> A { get; }
    public CscMatrix<T> S { get; }

    /// <summary>r, the rank of B·A.</summary>
    public int Rank => A.Rows;

    public int Rows => B.Rows;
    public int Columns => A.Columns;

    /// <summary>y = (B·A + S)·x in one pass over x.</summary>
    public void Apply(ReadOnlySpan<T> x, Span<T> y)
    {
        Check(x.Length, Columns, nameof(x));
        Check(y.Length, Rows, nameof(y));
        int r = Rank, n = Columns;
        var t = _t.AsSpan();
        t.Clear();
        y.Clear();
        var a = A.Values;
        var pointers = S.ColumnPointers;
        var rows = S.RowIndices;
        ReadOnlySpan<T> values = S.Values;
        for (int j = 0; j < n; j++)
        {
            T xj = x[j];
            if (T.IsZero(xj)) continue;
            for (int k = 0; k < r; k++) t[k] += a[k * n + j] * xj;
            for (int p = pointers[j]; p < pointers[j + 1]; p++) y[rows[p]] += values[p] * xj;
        }
        var b = B.Values;
        for (int i = 0; i < y.Length; i++)
        {
            T sum = y[i];
            var row = b.AsSpan(i * r, r);
            for (int k = 0; k < r; k++) sum += row[k] * t[k];
            y[i] = sum;
        }
    }

    /// <summary>y = (B·A + S)ᵀ·x = Aᵀ·(Bᵀ·x) + Sᵀ·x.</summary>
    public void ApplyTransposed(ReadOnlySpan<T> x, Span<T> y)
    {
        Check(x.Length, Rows, nameof(x));
        Check(y.Length, Columns, nameof(y));
        int r = Rank, n = Columns;
        var u = _transposedT.AsSpan();
        u.Clear();
        var b = B.Values;
        for (int i = 0; i < x.Length; i++)
        {
            T xi = x[i];
            var row = b.AsSpan(i * r, r);
            for (int k = 0; k < r; k++) u[k] += row[k] * xi;
        }
        var a = A.Values;
        var pointers = S.ColumnPointers;
        var rows = S.RowIndices;
        ReadOnlySpan<T> values = S.Values;
        for (int j = 0; j < n; j++)
        {
            T sum = T.Zero;
            for (int k = 0; k < r; k++) sum += a[k * n + j] * u[k];
            for (int p = pointers[j]; p < pointers[j + 1]; p++) sum += values[p] * x[rows[p]];
            y[j] = sum;
        }
    }

    public void ApplyAdjoint(ReadOnlySpan<T> x, Span<T> y) => ApplyTransposed(x, y);

    /// <summary>Y = W·X column by column (X n × k, Y m × k, either layout).</summary>
    public void ApplyToBlock(DenseMatrix<T> x, DenseMatrix<T> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != Columns || y.Rows != Rows || x.Columns != y.Columns)
            throw new ShapeMismatchException($"W is {Rows} x {Columns}, X is {x.Rows} x {x.Columns}, Y is {y.Rows} x {y.Columns}", nameof(x));
        var column = _blockColumn;
        var result = _blockResult;
        for (int c = 0; c < x.Columns; c++)
        {
            for (int i = 0; i < Columns; i++) column[i] = x[i, c];
            Apply(column, result);
            for (int i = 0; i < Rows; i++) y[i, c] = result[i];
        }
    }

    /// <summary>
    /// The vector–Jacobian products of f = ⟨g, W·x⟩ = gᵀ·(B·A + S)·x: ∂f/∂B = g·(A·x)ᵀ (m × r), ∂f/∂A = (Bᵀ·g)·xᵀ
    /// (r × n), ∂f/∂S.values[p] = g[row p]·x[column p] on S's support (SDDMM of the rank-one g·xᵀ). Returns f.
    /// A gradient not wanted is passed as null (B, A) or an empty span (the values): it is not computed.
    /// </summary>
    public T Gradient(ReadOnlySpan<T> x, ReadOnlySpan<T> g, DenseMatrix<T>? gradientB, DenseMatrix<T>? gradientA, Span<T> gradientValues)
    {
        Check(x.Length, Columns, nameof(x));
        Check(g.Length, Rows, nameof(g));
        if (gradientB is not null && (gradientB.Rows != Rows || gradientB.Columns != Rank)) throw new ShapeMismatchException($"the gradient of B is {gradientB.Rows} x {gradientB.Columns} but B is {Rows} x {Rank}", nameof(gradientB));
        if (gradientA is not null && (gradientA.Rows != Rank || gradientA.Columns != Columns)) throw new ShapeMismatchException($"the gradient of A is {gradientA.Rows} x {gradientA.Columns} but A is {Rank} x {Columns}", nameof(gradientA));
        bool values = !gradientValues.IsEmpty;
        if (values) Check(gradientValues.Length, S.NonZeroCount, nameof(gradientValues));
        int r = Rank, n = Columns;
        var ax = _t.AsSpan();      // A·x
        var btg = _transposedT.AsSpan(); // Bᵀ·g
        ax.Clear();
        btg.Clear();
        var a = A.Values;
        for (int k = 0; k < r; k++)
        {
            T sum = T.Zero;
            for (int j = 0; j < n; j++) sum += a[k * n + j] * x[j];
            ax[k] = sum;
        }
        var b = B.Values;
        T f = T.Zero;
        for (int i = 0; i < Rows; i++)
        {
            T low = T.Zero;
            for (int k = 0; k < r; k++)
            {
                btg[k] += b[i * r + k] * g[i];
                low += b[i * r + k] * ax[k];
                if (gradientB is not null) gradientB[i, k] = g[i] * ax[k];
            }
            f += g[i] * low;
        }
        if (gradientA is not null)
        {
            for (int k = 0; k < r; k++)
                for (int j = 0; j < n; j++) gradientA[k, j] = btg[k] * x[j];
        }
        var pointers = S.ColumnPointers;
        var rows = S.RowIndices;
        ReadOnlySpan<T> sValues = S.Values;
        for (int j = 0; j < n; j++)
            for (int p = pointers[j]; p < pointers[j + 1]; p++)
            {
                if (values) gradientValues[p] = g[rows[p]] * x[j];
                f += g[rows[p]] * sValues[p] * x[j];
            }
        return f;
    }

    private void Check(int length, int expected, string name)
    {
        if (length != expected) throw new ShapeMismatchException($"{name} has length {length} but W = B·A + S is {Rows} x {Columns} (it needs {expected})", name);
    }
}
