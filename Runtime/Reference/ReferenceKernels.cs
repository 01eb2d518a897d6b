using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// Scalar generic-math kernels for every storage format: the generator's fallback and the tests' reference.
/// Each visits the stored entries (stored zeros of padded formats, i.e. BSR, N:M, SELL, DIA, are skipped) and
/// accumulates y = alpha * op(A) * x + beta * y; beta == 0 overwrites y (NaN already in y never leaks).
/// X and Y of MatMat are row-major; Y = alpha * A * X + beta * Y.
/// </summary>
public static class ReferenceKernels
{
    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(DenseMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(DenseMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        Visit(a, ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(DenseMatrix<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(CsrMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(CsrMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        Visit(a, ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(CsrMatrix<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(CsrMatrix64<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(CsrMatrix64<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        Visit(a, ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(CsrMatrix64<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(CscMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(CscMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        Visit(a, ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(CscMatrix<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(CooMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(CooMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        Visit(a, ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(CooMatrix<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(BsrMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(BsrMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        Visit(a, ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(BsrMatrix<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(NmMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(NmMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        Visit(a, ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(NmMatrix<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(SellMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(SellMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        Visit(a, ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(SellMatrix<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A * x + beta * y.</summary>
    public static void MatVec<T>(DiaMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Columns, y.Length, a.Rows, transposed: false);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: false);
        Visit(a, ref sink);
    }

    /// <summary>y = alpha * A' * x + beta * y.</summary>
    public static void MatVecTransposed<T>(DiaMatrix<T> a, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckVectors(x.Length, a.Rows, y.Length, a.Columns, transposed: true);
        PrepareY(y, beta);
        var sink = new VectorSink<T>(x, y, alpha, transposed: true);
        Visit(a, ref sink);
    }

    /// <summary>Y = alpha * A * X + beta * Y (X, Y row-major).</summary>
    public static void MatMat<T>(DiaMatrix<T> a, DenseMatrix<T> x, DenseMatrix<T> y, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        CheckMatrices(x, y, a.Rows, a.Columns);
        Span<T> yv = y.Values.AsSpan(0, y.Rows * y.Columns);
        PrepareY(yv, beta);
        var sink = new MatrixSink<T>(x.Values.AsSpan(0, x.Rows * x.Columns), yv, x.Columns, alpha);
        Visit(a, ref sink);
    }

    private static void CheckVectors(int xLength, long xExpected, int yLength, long yExpected, bool transposed)
    {
        string cols = transposed ? "rows" : "columns", rows = transposed ? "columns" : "rows";
        if (xLength != xExpected)
            throw new ShapeMismatchException($"x has length {S(xLength)} but the matrix has {S(xExpected)} {cols}.", "x");
        if (yLength != yExpected)
            throw new ShapeMismatchException($"y has length {S(yLength)} but the matrix has {S(yExpected)} {rows}.", "y");
    }

    private static void CheckMatrices<T>(DenseMatrix<T> x, DenseMatrix<T> y, long rows, long columns) where T : unmanaged, INumber<T>
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

    private static void PrepareY<T>(Span<T> y, T beta) where T : unmanaged, INumber<T>
    {
        if (beta == T.Zero) { y.Clear(); return; }
        if (beta == T.One) return;
        for (int i = 0; i < y.Length; i++) y[i] *= beta;
    }

    private interface IEntrySink<T> where T : unmanaged, INumber<T>
    {
        void Add(int row, int column, T value);
    }

    private ref struct VectorSink<T> : IEntrySink<T> where T : unmanaged, INumber<T>
    {
        private readonly ReadOnlySpan<T> _x;
        private readonly Span<T> _y;
        private readonly T _alpha;
        private readonly bool _transposed;

        public VectorSink(ReadOnlySpan<T> x, Span<T> y, T alpha, bool transposed)
        { _x = x; _y = y; _alpha = alpha; _transposed = transposed; }

        public void Add(int row, int column, T value)
        {
            if (_transposed) _y[column] += _alpha * (value * _x[row]);
            else _y[row] += _alpha * (value * _x[column]);
        }
    }

    private ref struct MatrixSink<T> : IEntrySink<T> where T : unmanaged, INumber<T>
    {
        private readonly ReadOnlySpan<T> _x;
        private readonly Span<T> _y;
        private readonly int _k;
        private readonly T _alpha;

        public MatrixSink(ReadOnlySpan<T> x, Span<T> y, int k, T alpha) { _x = x; _y = y; _k = k; _alpha = alpha; }

        public void Add(int row, int column, T value)
        {
            T scaled = _alpha * value;
            for (int j = 0; j < _k; j++) _y[row * _k + j] += scaled * _x[column * _k + j];
        }
    }

    private static void Visit<T, TSink>(DenseMatrix<T> a, ref TSink sink) where T : unmanaged, INumber<T> where TSink : IEntrySink<T>, allows ref struct
    {
        for (int r = 0; r < a.Rows; r++)
            for (int c = 0; c < a.Columns; c++)
                sink.Add(r, c, a[r, c]);
    }

    private static void Visit<T, TSink>(CsrMatrix<T> a, ref TSink sink) where T : unmanaged, INumber<T> where TSink : IEntrySink<T>, allows ref struct
    {
        for (int r = 0; r < a.Rows; r++)
            for (int k = a.RowPointers[r]; k < a.RowPointers[r + 1]; k++)
                sink.Add(r, a.ColumnIndices[k], a.Values[k]);
    }

    // Shape checks ran first, so Rows and Columns fit in int here.
    private static void Visit<T, TSink>(CsrMatrix64<T> a, ref TSink sink) where T : unmanaged, INumber<T> where TSink : IEntrySink<T>, allows ref struct
    {
        ReadOnlySpan<long> pointers = a.RowPointers, columns = a.ColumnIndices;
        ReadOnlySpan<T> values = a.Values;
        for (int r = 0; r < (int)a.Rows; r++)
            for (int k = (int)pointers[r]; k < (int)pointers[r + 1]; k++)
                sink.Add(r, (int)columns[k], values[k]);
    }

    private static void Visit<T, TSink>(CscMatrix<T> a, ref TSink sink) where T : unmanaged, INumber<T> where TSink : IEntrySink<T>, allows ref struct
    {
        for (int c = 0; c < a.Columns; c++)
            for (int k = a.ColumnPointers[c]; k < a.ColumnPointers[c + 1]; k++)
                sink.Add(a.RowIndices[k], c, a.Values[k]);
    }

    private static void Visit<T, TSink>(CooMatrix<T> a, ref TSink sink) where T : unmanaged, INumber<T> where TSink : IEntrySink<T>, allows ref struct
    {
        for (int k = 0; k < a.NonZeroCount; k++)
            sink.Add(a.RowIndices[k], a.ColumnIndices[k], a.Values[k]);
    }

    private static void Visit<T, TSink>(BsrMatrix<T> a, ref TSink sink) where T : unmanaged, INumber<T> where TSink : IEntrySink<T>, allows ref struct
    {
        int bh = a.BlockHeight, bw = a.BlockWidth;
        for (int br = 0; br < a.BlockRowCount; br++)
            for (int k = a.BlockRowPointers[br]; k < a.BlockRowPointers[br + 1]; k++)
                for (int i = 0; i < bh; i++)
                    for (int j = 0; j < bw; j++)
                    {
                        T v = a.Values[(k * bh + i) * bw + j];
                        if (v != T.Zero) sink.Add(br * bh + i, a.BlockColumnIndices[k] * bw + j, v);
                    }
    }

    private static void Visit<T, TSink>(NmMatrix<T> a, ref TSink sink) where T : unmanaged, INumber<T> where TSink : IEntrySink<T>, allows ref struct
    {
        int groups = a.GroupsPerRow, n = a.N, m = a.M;
        for (int r = 0; r < a.Rows; r++)
            for (int g = 0; g < groups; g++)
                for (int s = 0; s < n; s++)
                {
                    int p = (r * groups + g) * n + s;
                    T v = a.Values[p];
                    if (v != T.Zero) sink.Add(r, g * m + a.Indices[p], v);
                }
    }

    private static void Visit<T, TSink>(SellMatrix<T> a, ref TSink sink) where T : unmanaged, INumber<T> where TSink : IEntrySink<T>, allows ref struct
    {
        int c = a.SliceHeight;
        for (int s = 0; s < a.SliceCount; s++)
            for (int lane = 0; lane < c; lane++)
            {
                int slot = s * c + lane;
                if (slot >= a.RowPermutation.Length) break;
                int r = a.RowPermutation[slot];
                if (r >= a.Rows) continue;
                for (int k = 0; k < a.RowLengths[slot]; k++) // entries past the row length are padding
                {
                    int p = a.SliceOffsets[s] + k * c + lane;
                    T v = a.Values[p];
                    if (v != T.Zero) sink.Add(r, a.ColumnIndices[p], v);
                }
            }
    }

    private static void Visit<T, TSink>(DiaMatrix<T> a, ref TSink sink) where T : unmanaged, INumber<T> where TSink : IEntrySink<T>, allows ref struct
    {
        for (int d = 0; d < a.Offsets.Length; d++)
            for (int r = 0; r < a.Rows; r++)
            {
                long c = (long)r + a.Offsets[d];
                T v = a.Values[d * a.Rows + r];
                if (c >= 0 && c < a.Columns && v != T.Zero) sink.Add(r, (int)c, v);
            }
    }
}
