using System;
using System.Numerics;
using System.Threading;

namespace SparseDsl;

/// <summary>A CSR product kernel, e.g. a generated <c>kernel Spmv(A: csr&lt;f64&gt;) : y = A * x;</c>, whose
/// method group converts to this delegate.</summary>
public delegate void CsrProduct<T>(CsrMatrix<T> a, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumberBase<T>;

/// <summary>
/// A square matrix A held reordered, B = P A Pᵀ (<see cref="Reordering.PermuteSymmetric{T}"/>), with the vectors
/// permuted consistently: <see cref="Multiply"/> computes y = A x as P x → B (P x) = P y → y. The kernel is the
/// caller's (any generated CSR kernel of the form <c>y = A * x</c>), so every backend and variant keeps working on B.
/// </summary>
/// <remarks>
/// <para>When the vectors of an iteration (a Krylov solver, a power method) can stay in the new order, permute once
/// at the start and once at the end and call the kernel on <see cref="Matrix"/> directly: the two O(n) permutations
/// per product then disappear. For y = α A x + β y permute y in as well: P y_new = α B (P x) + β (P y).</para>
/// <para><see cref="Multiply"/> uses two work vectors of the operator: one call at a time per instance (a concurrent
/// call throws <see cref="InvalidOperationException"/>).</para>
/// </remarks>
public sealed class ReorderedOperator<T> where T : unmanaged, INumberBase<T>
{
    private readonly T[] _px, _py;
    private int _busy;

    /// <summary>B = P A Pᵀ for the given permutation.</summary>
    public ReorderedOperator(CsrMatrix<T> a, Permutation p)
    {
        Matrix = Reordering.PermuteSymmetric(a, p);
        Permutation = p;
        _px = new T[p.Length];
        _py = new T[p.Length];
    }

    /// <summary>The reverse Cuthill–McKee reordering of <paramref name="a"/>.</summary>
    public static ReorderedOperator<T> ReverseCuthillMcKee(CsrMatrix<T> a)
        => new(a, SparseDsl.ReverseCuthillMcKee.Order(a));

    /// <summary>B = P A Pᵀ.</summary>
    public CsrMatrix<T> Matrix { get; }

    /// <summary>P: position i of the new order holds old index P[i].</summary>
    public Permutation Permutation { get; }

    /// <summary>n (rows and columns of A and B).</summary>
    public int Size => Permutation.Length;

    /// <summary>into = P x (a vector in A's order to B's order).</summary>
    public void ToReordered(ReadOnlySpan<T> x, Span<T> into) => Permutation.Apply(x, into);

    /// <summary>into = Pᵀ x (a vector in B's order back to A's order).</summary>
    public void FromReordered(ReadOnlySpan<T> x, Span<T> into) => Permutation.ApplyInverse(x, into);

    /// <summary>y = A x through B: permute x, <paramref name="kernel"/>(B, P x, P y), un-permute y.</summary>
    public void Multiply(CsrProduct<T> kernel, ReadOnlySpan<T> x, Span<T> y)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        int n = Size;
        if (x.Length != n)
            throw new ShapeMismatchException($"ReorderedOperator.Multiply: x has length {x.Length} but the matrix has {n} columns", "x");
        if (y.Length != n)
            throw new ShapeMismatchException($"ReorderedOperator.Multiply: y has length {y.Length} but the matrix has {n} rows", "y");
        if (Interlocked.Exchange(ref _busy, 1) != 0)
            throw new InvalidOperationException("ReorderedOperator.Multiply: another call is using this operator's work vectors; use one operator per thread");
        try
        {
            Permutation.Apply(x, _px);
            kernel(Matrix, _px, _py);
            Permutation.ApplyInverse<T>(_py, y);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }
}
