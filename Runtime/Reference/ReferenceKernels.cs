using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// Scalar generic-math kernels for every storage format (anything that is an <see cref="IStoredMatrix{T}"/>): the
/// generator's fallback and the tests' reference. Each walks the stored entries once
/// (<see cref="IStoredMatrix{T}.ForEachStored"/>: stored zeros of the padded formats BSR, N:M, SELL, DIA are skipped)
/// and accumulates y = alpha * op(A) * x + beta * y; beta == 0 overwrites y (NaN already in y never leaks).
/// X and Y of MatMat are row-major; Y = alpha * A * X + beta * Y. No ordering is needed, so complex element types work.
/// </summary>
public static class ReferenceKernels
{
    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(IStoredMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        a.ForEachStored(ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(IStoredMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        a.ForEachStored(ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(IStoredMatrix<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        a.ForEachStored(ref sink);
    }

    private static void CheckVectors(int xLength, long xExpected, int yLength, long yExpected, bool transposed)
    {
        string cols = transposed ? "rows" : "columns", rows = transposed ? "columns" : "rows";
        if (xLength != xExpected)
            throw new ShapeMismatchException($"x has length {S(xLength)} but the matrix has {S(xExpected)} {cols}.", "x");
        if (yLength != yExpected)
            throw new ShapeMismatchException($"y has length {S(yLength)} but the matrix has {S(yExpected)} {rows}.", "y");
    }

    private static void CheckMatrices<T>(DenseMatrix<T> x, DenseMatrix<T> y, long rows, long columns) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Layout != DenseLayout.RowMajor)
            throw new ShapeMismatchException("X must be row-major but is column-major.", "x");
        if (y.Layout != DenseLayout.RowMajor)
            throw new ShapeMismatchException("Y must be row-major but is column-major.", "y");
        if (x.Rows != columns)
            throw new ShapeMismatchException($"X has {S(x.Rows)} rows but the matrix has {S(columns)} columns.", "x");
        if (y.Rows != rows)
            throw new ShapeMismatchException($"Y has {S(y.Rows)} rows but the matrix has {S(rows)} rows.", "y");
        if (y.Columns != x.Columns)
            throw new ShapeMismatchException($"Y has {S(y.Columns)} columns but X has {S(x.Columns)} columns.", "y");
    }

    private static void PrepareY<T>(Span<T> y, T beta) where T : unmanaged, INumberBase<T>
    {
        if (T.IsZero(beta)) { y.Clear(); return; }
        if (beta == T.One) return;
        for (int i = 0; i < y.Length; i++) y[i] *= beta;
    }

    private ref struct VectorSink<T> : IStoredEntryVisitor<T> where T : unmanaged, INumberBase<T>
    {
        private readonly ReadOnlySpan<T> _x;
        private readonly Span<T> _y;
        private readonly T _alpha;
        private readonly bool _transposed;

        public VectorSink(ReadOnlySpan<T> x, Span<T> y, T alpha, bool transposed)
        { _x = x; _y = y; _alpha = alpha; _transposed = transposed; }

        public readonly void Visit(int row, int column, T value)
        {
            if (_transposed) _y[column] += _alpha * (value * _x[row]);
            else _y[row] += _alpha * (value * _x[column]);
        }
    }

    private ref struct MatrixSink<T> : IStoredEntryVisitor<T> where T : unmanaged, INumberBase<T>
    {
        private readonly ReadOnlySpan<T> _x;
        private readonly Span<T> _y;
        private readonly int _k;
        private readonly T _alpha;

        public MatrixSink(ReadOnlySpan<T> x, Span<T> y, int k, T alpha) { _x = x; _y = y; _k = k; _alpha = alpha; }

        public readonly void Visit(int row, int column, T value)
        {
            T scaled = _alpha * value;
            for (int j = 0; j < _k; j++) _y[row * _k + j] += scaled * _x[column * _k + j];
        }
    }
}
