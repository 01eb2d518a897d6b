using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// Compressed sparse row storage with 32-bit indices. Structure is validated once, at construction:
/// after that the generated kernels index it without bounds checks.
/// </summary>
public sealed class CsrMatrix<T> where T : unmanaged, INumber<T>
{
    /// <summary>Takes ownership of the three arrays after validating them (monotone row pointers,
    /// in-range, strictly increasing column indices per row, matching lengths).</summary>
    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, T[] values)
    {
        Rows = rows;
        Columns = columns;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
        // TODO(runtime): validation
    }

    public int Rows { get; }
    public int Columns { get; }
    public int NonZeroCount => RowPointers[Rows];
    public int[] RowPointers { get; }
    public int[] ColumnIndices { get; }
    public T[] Values { get; }

    private readonly PartitionCache _partitions = new();

    /// <summary>parts + 1 row boundaries that balance nonzeros across threads; cached, so repeated kernel calls do not allocate.</summary>
    public ReadOnlySpan<int> GetRowPartition(int parts) => _partitions.Get(RowPointers, parts);
}
