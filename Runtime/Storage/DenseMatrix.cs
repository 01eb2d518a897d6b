using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>Dense matrix; element (r, c) lives at Values[r * Stride + c] (row-major) or Values[c * Stride + r].</summary>
public sealed class DenseMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    /// <summary>A zero matrix of the given shape.</summary>
    public DenseMatrix(int rows, int columns, DenseLayout layout = DenseLayout.RowMajor)
        : this(rows, columns, new T[Size(rows, columns)], layout) { }

    /// <summary>Wraps <paramref name="values"/> (at least rows * columns long; extra entries are ignored).</summary>
    public DenseMatrix(int rows, int columns, T[] values, DenseLayout layout = DenseLayout.RowMajor)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(values, nameof(values));
        if (layout != DenseLayout.RowMajor && layout != DenseLayout.ColumnMajor)
            throw new ArgumentOutOfRangeException(nameof(layout));
        long required = (long)rows * columns;
        if (values.Length < required)
            throw new SparseFormatException($"Values has length {S(values.Length)} but a {S(rows)}x{S(columns)} dense matrix needs at least {S(required)} entries.");
        Rows = rows; Columns = columns; Values = values; Layout = layout;
        Stride = layout == DenseLayout.RowMajor ? columns : rows;
    }

    private static int Size(int rows, int columns)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        long size = (long)rows * columns;
        if (size > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(rows), $"a {S(rows)} x {S(columns)} dense matrix has {S(size)} entries; the limit is {ArrayLimit}.");
        return (int)size;
    }

    public int Rows { get; }
    public int Columns { get; }
    public DenseLayout Layout { get; }
    public int Stride { get; }
    public T[] Values { get; }

    public T this[int row, int column]
    {
        get
        {
            CheckIndex(row, column);
            return Layout == DenseLayout.RowMajor ? Values[row * Stride + column] : Values[column * Stride + row];
        }
        set
        {
            CheckIndex(row, column);
            if (Layout == DenseLayout.RowMajor) Values[row * Stride + column] = value; else Values[column * Stride + row] = value;
        }
    }

    private void CheckIndex(int row, int column)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {S(Rows)}).");
        if ((uint)column >= (uint)Columns) throw new ArgumentOutOfRangeException(nameof(column), column, $"column must be in [0, {S(Columns)}).");
    }

    long IStoredMatrix<T>.Rows => Rows;
    long IStoredMatrix<T>.Columns => Columns;

    /// <summary>Every element, row by row (zeros included), whatever the layout.</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        T[] values = Values;
        bool rowMajor = Layout == DenseLayout.RowMajor;
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                visitor.Visit(r, c, values[rowMajor ? r * Stride + c : c * Stride + r]);
    }

    /// <summary>A row-major copy.</summary>
    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);

    /// <summary>CSR holding the nonzero entries.</summary>
    public CsrMatrix<T> ToCsr() => CsrMatrix<T>.FromDense(this);
}
