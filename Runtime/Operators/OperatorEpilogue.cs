using System;
using System.Buffers;
using System.Numerics;

namespace SparseDsl;

/// <summary>Which product of an operator a kernel forms: A·x, Aᵀ·x or Aᴴ·x.</summary>
public enum OperatorProduct
{
    /// <summary>y = A·x</summary>
    Apply,
    /// <summary>y = Aᵀ·x (no conjugation)</summary>
    Transposed,
    /// <summary>y = Aᴴ·x (the conjugate transpose; Aᵀ for real values)</summary>
    Adjoint,
}

/// <summary>
/// The epilogue of a kernel over a declared operator, out = α·op(A)·in + β·out: the product goes to a scratch
/// buffer rented from the shared pool (no allocation in the steady state) and is combined into the output. β = 0
/// overwrites the output without reading it, so NaN or Inf left in it does not leak into the result.
/// </summary>
public static class OperatorEpilogue
{
    /// <summary>y = α·op(A)·x + β·y.</summary>
    /// <exception cref="ShapeMismatchException">x or y does not have the operator's length for <paramref name="product"/>.</exception>
    public static void Apply<T>(ILinearOperator<T> op, OperatorProduct product, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(op);
        int outputLength = product == OperatorProduct.Apply ? op.Rows : op.Columns;
        if (y.Length != outputLength)
            throw new ShapeMismatchException($"y has length {y.Length} but {Describe(product)} has {outputLength} rows", nameof(y));
        T[] scratch = ArrayPool<T>.Shared.Rent(Math.Max(outputLength, 1));
        try
        {
            var result = scratch.AsSpan(0, outputLength);
            switch (product)
            {
                case OperatorProduct.Apply: op.Apply(x, result); break;
                case OperatorProduct.Transposed: op.ApplyTransposed(x, result); break;
                default: op.ApplyAdjoint(x, result); break;
            }
            Combine(result, y, alpha, beta);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>Y = α·A·X + β·Y for a block of vectors (Y in either layout; the product is formed in Y's layout).</summary>
    /// <exception cref="ShapeMismatchException">X or Y does not have the operator's shape.</exception>
    public static void ApplyToBlock<T>(ILinearOperator<T> op, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Rows != op.Rows || y.Columns != x.Columns)
            throw new ShapeMismatchException($"Y is {y.Rows} x {y.Columns} but A·X is {op.Rows} x {x.Columns}", nameof(y));
        int length = checked(y.Rows * y.Columns);
        T[] scratch = ArrayPool<T>.Shared.Rent(Math.Max(length, 1));
        try
        {
            // Only the wrapper is new: the values live in the pooled array.
            op.ApplyToBlock(x, new DenseMatrix<T>(y.Rows, y.Columns, scratch, y.Layout));
            Combine(scratch.AsSpan(0, length), y.Values.AsSpan(0, length), alpha, beta);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    private static void Combine<T>(ReadOnlySpan<T> product, Span<T> output, T alpha, T beta) where T : unmanaged, INumberBase<T>
    {
        if (T.IsZero(beta))
        {
            for (int i = 0; i < output.Length; i++) output[i] = alpha * product[i];
        }
        else
        {
            for (int i = 0; i < output.Length; i++) output[i] = alpha * product[i] + beta * output[i];
        }
    }

    private static string Describe(OperatorProduct product) => product switch
    {
        OperatorProduct.Apply => "A·x",
        OperatorProduct.Transposed => "Aᵀ·x",
        _ => "Aᴴ·x",
    };
}
