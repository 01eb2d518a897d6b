using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// Compressed sparse row storage with 32-bit indices. Structure is validated once, at construction:
/// after that the generated kernels index it without bounds checks. The structure (row pointers, column indices)
/// is a private copy exposed read-only, so it cannot change behind the validation; <see cref="Values"/> stays
/// writable: the checked way to update values on a fixed pattern.
/// </summary>
public sealed class CsrMatrix<T> where T : unmanaged, INumber<T>
{
    private readonly int[] _rowPointers, _columnIndices;
    private readonly T[] _values;
    private int[]? _rowPartition;

    /// <summary>Copies the three arrays and validates the copies (monotone row pointers starting at 0 and ending at
    /// nnz, in-range, strictly increasing column indices per row, matching lengths).</summary>
    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, T[] values)
        : this(rows, columns, Copy(rowPointers, nameof(rowPointers)), Copy(columnIndices, nameof(columnIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, T[] values, bool owned)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(rowPointers, nameof(rowPointers));
        NotNull(columnIndices, nameof(columnIndices));
        NotNull(values, nameof(values));
        Length("Values", values.Length, columnIndices.Length, "one value per column index");
        Compressed(rowPointers, "RowPointers", rows, "row", columnIndices, "ColumnIndices", "column indices", columns, "columns");
        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers;
        _columnIndices = columnIndices;
        _values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int NonZeroCount => _rowPointers[Rows];
    public ReadOnlySpan<int> RowPointers => _rowPointers;
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    /// <summary>parts + 1 row boundaries balancing nonzeros plus one per row. The last answer is cached, so asking
    /// again with the same <paramref name="parts"/> allocates nothing.</summary>
    public ReadOnlySpan<int> GetRowPartition(int parts)
    {
        int[]? cached = Volatile.Read(ref _rowPartition);
        if (cached is not null && cached.Length == parts + 1)
            return cached;
        int[] fresh = WorkPartition.ByPrefix(_rowPointers, parts);
        Volatile.Write(ref _rowPartition, fresh);
        return fresh;
    }

    /// <summary>Sorts the triplets by (row, column) and sums duplicates (explicit zeros are kept).</summary>
    public static CsrMatrix<T> FromCoo(CooMatrix<T> coo)
    {
        ArgumentNullException.ThrowIfNull(coo);
        int rows = coo.Rows, nnz = coo.NonZeroCount;
        var pointers = new int[rows + 1];
        foreach (int r in coo.RowIndices) pointers[r + 1]++;
        for (int r = 0; r < rows; r++) pointers[r + 1] += pointers[r];
        var next = (int[])pointers.Clone();
        var cols = new int[nnz];
        var vals = new T[nnz];
        for (int k = 0; k < nnz; k++)
        {
            int p = next[coo.RowIndices[k]]++;
            cols[p] = coo.ColumnIndices[k];
            vals[p] = coo.Values[k];
        }
        // Sort each row by column, then fold duplicates in place.
        int write = 0;
        var outPointers = new int[rows + 1];
        for (int r = 0; r < rows; r++)
        {
            int start = pointers[r], end = pointers[r + 1];
            Array.Sort(cols, vals, start, end - start);
            for (int k = start; k < end; k++)
            {
                if (write > outPointers[r] && cols[write - 1] == cols[k])
                    vals[write - 1] += vals[k];
                else
                {
                    cols[write] = cols[k];
                    vals[write] = vals[k];
                    write++;
                }
            }
            outPointers[r + 1] = write;
        }
        if (write != nnz)
        {
            Array.Resize(ref cols, write);
            Array.Resize(ref vals, write);
        }
        return new CsrMatrix<T>(rows, coo.Columns, outPointers, cols, vals, owned: true);
    }

    /// <summary>CSR holding the nonzero entries of <paramref name="dense"/> (zeros are dropped).</summary>
    public static CsrMatrix<T> FromDense(DenseMatrix<T> dense)
    {
        ArgumentNullException.ThrowIfNull(dense);
        int rows = dense.Rows, columns = dense.Columns;
        var pointers = new int[rows + 1];
        var cols = new List<int>();
        var vals = new List<T>();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                T v = dense[r, c];
                if (v != T.Zero) { cols.Add(c); vals.Add(v); }
            }
            pointers[r + 1] = cols.Count;
        }
        return new CsrMatrix<T>(rows, columns, pointers, cols.ToArray(), vals.ToArray(), owned: true);
    }

    /// <summary>Row-major dense copy.</summary>
    public DenseMatrix<T> ToDense()
    {
        var d = new DenseMatrix<T>(Rows, Columns);
        for (int r = 0; r < Rows; r++)
            for (int k = RowPointers[r]; k < RowPointers[r + 1]; k++)
                d.Values[r * Columns + ColumnIndices[k]] = Values[k];
        return d;
    }

    /// <summary>Itself (every format has ToCsr).</summary>
    public CsrMatrix<T> ToCsr() => this;

    /// <summary>The same entries in compressed sparse column form (row indices sorted within each column).</summary>
    public CscMatrix<T> ToCsc()
    {
        var t = TransposeArrays();
        return new CscMatrix<T>(Rows, Columns, t.Pointers, t.Indices, t.Values, owned: true);
    }

    /// <summary>The transpose as a new CSR matrix.</summary>
    public CsrMatrix<T> Transpose()
    {
        var t = TransposeArrays();
        return new CsrMatrix<T>(Columns, Rows, t.Pointers, t.Indices, t.Values, owned: true);
    }

    private (int[] Pointers, int[] Indices, T[] Values) TransposeArrays()
    {
        int nnz = NonZeroCount;
        var pointers = new int[Columns + 1];
        for (int k = 0; k < nnz; k++) pointers[ColumnIndices[k] + 1]++;
        for (int c = 0; c < Columns; c++) pointers[c + 1] += pointers[c];
        var next = (int[])pointers.Clone();
        var indices = new int[nnz];
        var values = new T[nnz];
        for (int r = 0; r < Rows; r++)
            for (int k = RowPointers[r]; k < RowPointers[r + 1]; k++)
            {
                int p = next[ColumnIndices[k]]++;
                indices[p] = r;
                values[p] = Values[k];
            }
        return (pointers, indices, values);
    }

    /// <summary>Coordinate triplets in row-major order.</summary>
    public CooMatrix<T> ToCoo()
    {
        int nnz = NonZeroCount;
        var rows = new int[nnz];
        for (int r = 0; r < Rows; r++)
            for (int k = RowPointers[r]; k < RowPointers[r + 1]; k++) rows[k] = r;
        return new CooMatrix<T>(Rows, Columns, rows, (int[])_columnIndices.Clone(), (T[])_values.Clone(), owned: true);
    }
}
