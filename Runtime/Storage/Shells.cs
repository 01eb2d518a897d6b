// CONTRACT SHELLS written by the lead so that emitters and runtime can be built in parallel.
// The runtime owner replaces this file with one file per format (validation, conversions, docs).
// Names and member signatures below are the contract the generated code relies on: keep them.
using System;
using System.Numerics;

namespace SparseDsl;

public enum DenseLayout { RowMajor, ColumnMajor }

/// <summary>Dense matrix; element (r, c) lives at Values[r * Stride + c] (row-major) or Values[c * Stride + r].</summary>
public sealed class DenseMatrix<T> where T : unmanaged, INumber<T>
{
    public DenseMatrix(int rows, int columns, DenseLayout layout = DenseLayout.RowMajor)
        : this(rows, columns, new T[checked(rows * columns)], layout) { }
    public DenseMatrix(int rows, int columns, T[] values, DenseLayout layout = DenseLayout.RowMajor)
    { Rows = rows; Columns = columns; Values = values; Layout = layout; Stride = layout == DenseLayout.RowMajor ? columns : rows; }
    public int Rows { get; }
    public int Columns { get; }
    public DenseLayout Layout { get; }
    public int Stride { get; }
    public T[] Values { get; }
    public T this[int row, int column]
    {
        get => Layout == DenseLayout.RowMajor ? Values[row * Stride + column] : Values[column * Stride + row];
        set { if (Layout == DenseLayout.RowMajor) Values[row * Stride + column] = value; else Values[column * Stride + row] = value; }
    }
}

/// <summary>CSR with 64-bit row pointers and column indices (the i64 index width).</summary>
public sealed class CsrMatrix64<T> where T : unmanaged, INumber<T>
{
    public CsrMatrix64(long rows, long columns, long[] rowPointers, long[] columnIndices, T[] values)
    { Rows = rows; Columns = columns; RowPointers = rowPointers; ColumnIndices = columnIndices; Values = values; }
    public long Rows { get; }
    public long Columns { get; }
    public long NonZeroCount => RowPointers[Rows];
    public long[] RowPointers { get; }
    public long[] ColumnIndices { get; }
    public T[] Values { get; }
}

/// <summary>Compressed sparse column storage with 32-bit indices.</summary>
public sealed class CscMatrix<T> where T : unmanaged, INumber<T>
{
    public CscMatrix(int rows, int columns, int[] columnPointers, int[] rowIndices, T[] values)
    { Rows = rows; Columns = columns; ColumnPointers = columnPointers; RowIndices = rowIndices; Values = values; }
    public int Rows { get; }
    public int Columns { get; }
    public int NonZeroCount => ColumnPointers[Columns];
    public int[] ColumnPointers { get; }
    public int[] RowIndices { get; }
    public T[] Values { get; }
}

/// <summary>Coordinate triplets (any order; duplicates add up).</summary>
public sealed class CooMatrix<T> where T : unmanaged, INumber<T>
{
    public CooMatrix(int rows, int columns, int[] rowIndices, int[] columnIndices, T[] values)
    { Rows = rows; Columns = columns; RowIndices = rowIndices; ColumnIndices = columnIndices; Values = values; }
    public int Rows { get; }
    public int Columns { get; }
    public int NonZeroCount => Values.Length;
    public int[] RowIndices { get; }
    public int[] ColumnIndices { get; }
    public T[] Values { get; }
}

/// <summary>
/// Block CSR: BlockRowPointers over block rows, BlockColumnIndices per stored block, and each block's
/// BlockHeight x BlockWidth values contiguous and row-major in Values (block b starts at b * BlockHeight * BlockWidth).
/// Rows = BlockRowCount * BlockHeight, Columns = BlockColumnCount * BlockWidth.
/// </summary>
public sealed class BsrMatrix<T> where T : unmanaged, INumber<T>
{
    public BsrMatrix(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth, int[] blockRowPointers, int[] blockColumnIndices, T[] values)
    {
        BlockRowCount = blockRowCount; BlockColumnCount = blockColumnCount; BlockHeight = blockHeight; BlockWidth = blockWidth;
        BlockRowPointers = blockRowPointers; BlockColumnIndices = blockColumnIndices; Values = values;
    }
    public int BlockRowCount { get; }
    public int BlockColumnCount { get; }
    public int BlockHeight { get; }
    public int BlockWidth { get; }
    public int Rows => BlockRowCount * BlockHeight;
    public int Columns => BlockColumnCount * BlockWidth;
    public int BlockCount => BlockRowPointers[BlockRowCount];
    public int[] BlockRowPointers { get; }
    public int[] BlockColumnIndices { get; }
    public T[] Values { get; }

    private readonly PartitionCache _partitions = new();

    /// <summary>parts + 1 block-row boundaries that balance stored blocks across threads (cached).</summary>
    public ReadOnlySpan<int> GetBlockRowPartition(int parts) => _partitions.Get(BlockRowPointers, parts);
}

/// <summary>
/// N:M semi-structured: each row is split into GroupsPerRow = ceil(Columns / M) groups of M consecutive
/// columns; each group stores exactly N slots (unused slots hold value 0). Slot s of group g of row r is at
/// p = (r * GroupsPerRow + g) * N + s; its column is g * M + Indices[p] (0 &lt;= Indices[p] &lt; M, strictly
/// increasing within a group's used slots).
/// </summary>
public sealed class NmMatrix<T> where T : unmanaged, INumber<T>
{
    public NmMatrix(int rows, int columns, int n, int m, T[] values, byte[] indices)
    { Rows = rows; Columns = columns; N = n; M = m; Values = values; Indices = indices; }
    public int Rows { get; }
    public int Columns { get; }
    public int N { get; }
    public int M { get; }
    public int GroupsPerRow => (Columns + M - 1) / M;
    public T[] Values { get; }
    public byte[] Indices { get; }
}

/// <summary>
/// SELL-C-σ: rows are sorted by length (descending) inside windows of σ rows, then cut into slices of C rows.
/// Slice s holds SliceWidths[s] columns of C entries each, stored column-major from SliceOffsets[s]:
/// entry (lane, k) is at SliceOffsets[s] + k * C + lane. Padding entries have value 0 and a valid column index.
/// Row lane of slice s is original row RowPermutation[s * C + lane] (or padding if that index >= Rows).
/// </summary>
public sealed class SellMatrix<T> where T : unmanaged, INumber<T>
{
    public SellMatrix(int rows, int columns, int sliceHeight, int sortWindow, int[] sliceOffsets, int[] sliceWidths, int[] rowPermutation, int[] columnIndices, T[] values)
    {
        Rows = rows; Columns = columns; SliceHeight = sliceHeight; SortWindow = sortWindow; SliceOffsets = sliceOffsets;
        SliceWidths = sliceWidths; RowPermutation = rowPermutation; ColumnIndices = columnIndices; Values = values;
    }
    public int Rows { get; }
    public int Columns { get; }
    public int SliceHeight { get; }
    public int SortWindow { get; }
    public int SliceCount => SliceWidths.Length;
    public int[] SliceOffsets { get; }
    public int[] SliceWidths { get; }
    public int[] RowPermutation { get; }
    public int[] ColumnIndices { get; }
    public T[] Values { get; }
}

/// <summary>
/// Diagonal storage: diagonal d has offset Offsets[d] (column = row + offset) and its value for row i is
/// Values[d * Rows + i] (entries whose column falls outside the matrix are ignored and hold 0).
/// </summary>
public sealed class DiaMatrix<T> where T : unmanaged, INumber<T>
{
    public DiaMatrix(int rows, int columns, int[] offsets, T[] values)
    { Rows = rows; Columns = columns; Offsets = offsets; Values = values; }
    public int Rows { get; }
    public int Columns { get; }
    public int[] Offsets { get; }
    public T[] Values { get; }
}

/// <summary>The extents of a stencil's grid (1-D: Ny = Nz = 1). Points are numbered x fastest: (x, y, z) -> x + Nx * (y + Ny * z).</summary>
public readonly record struct GridShape(int Nx, int Ny = 1, int Nz = 1)
{
    public int PointCount => checked(Nx * Ny * Nz);
}

/// <summary>A matrix's structure is invalid (unsorted or out-of-range indices, a broken N:M group, ...). The message names the problem.</summary>
public sealed class SparseFormatException : FormatException
{
    public SparseFormatException(string message) : base(message) { }
}

/// <summary>Operands of a kernel do not fit together (vector length, matrix shape). The message names the operand and both sizes.</summary>
public sealed class ShapeMismatchException : ArgumentException
{
    public ShapeMismatchException(string message, string? paramName = null) : base(message, paramName) { }
}
