using System;
using System.Numerics;
using System.Threading;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// Block CSR: BlockRowPointers over block rows, BlockColumnIndices per stored block (strictly increasing per block row),
/// and each block's BlockHeight x BlockWidth values contiguous and row-major in Values (block b starts at b * BlockHeight * BlockWidth).
/// Rows = BlockRowCount * BlockHeight, Columns = BlockColumnCount * BlockWidth.
/// The constructor copies the arrays; the structure is read-only after validation, <see cref="Values"/> stays writable.
/// </summary>
public sealed class BsrMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    private readonly int[] _blockRowPointers, _blockColumnIndices;
    private readonly T[] _values;
    private int[]? _partition;

    public BsrMatrix(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth, int[] blockRowPointers, int[] blockColumnIndices, T[] values)
        : this(blockRowCount, blockColumnCount, blockHeight, blockWidth, Copy(blockRowPointers, nameof(blockRowPointers)), Copy(blockColumnIndices, nameof(blockColumnIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal BsrMatrix(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth, int[] blockRowPointers, int[] blockColumnIndices, T[] values, bool owned)
    {
        NonNegative(blockRowCount, nameof(blockRowCount));
        NonNegative(blockColumnCount, nameof(blockColumnCount));
        Positive(blockHeight, nameof(blockHeight));
        Positive(blockWidth, nameof(blockWidth));
        IntProduct(blockRowCount, blockHeight, nameof(blockRowCount),
            rows => $"{S(blockRowCount)} block rows of height {S(blockHeight)} make {S(rows)} rows; the limit is {IntLimit}.");
        IntProduct(blockColumnCount, blockWidth, nameof(blockColumnCount),
            columns => $"{S(blockColumnCount)} block columns of width {S(blockWidth)} make {S(columns)} columns; the limit is {IntLimit}.");
        NotNull(blockRowPointers, nameof(blockRowPointers));
        NotNull(blockColumnIndices, nameof(blockColumnIndices));
        NotNull(values, nameof(values));
        Compressed(blockRowPointers, "BlockRowPointers", blockRowCount, "block row", blockColumnIndices, "BlockColumnIndices", "block column indices", blockColumnCount, "block columns");
        Length("Values", values.Length, (long)blockColumnIndices.Length * blockHeight * blockWidth,
            $"{S(blockColumnIndices.Length)} blocks of {S(blockHeight)}x{S(blockWidth)}");
        BlockRowCount = blockRowCount; BlockColumnCount = blockColumnCount; BlockHeight = blockHeight; BlockWidth = blockWidth;
        _blockRowPointers = blockRowPointers; _blockColumnIndices = blockColumnIndices; _values = values;
    }

    public int BlockRowCount { get; }
    public int BlockColumnCount { get; }
    public int BlockHeight { get; }
    public int BlockWidth { get; }
    public int Rows => BlockRowCount * BlockHeight;
    public int Columns => BlockColumnCount * BlockWidth;
    public int BlockCount => _blockRowPointers[BlockRowCount];
    public ReadOnlySpan<int> BlockRowPointers => _blockRowPointers;
    public ReadOnlySpan<int> BlockColumnIndices => _blockColumnIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    /// <summary>parts + 1 block-row boundaries balancing blocks plus one per block row (cached like <see cref="CsrMatrix{T}.GetRowPartition"/>).</summary>
    public ReadOnlySpan<int> GetBlockRowPartition(int parts)
    {
        int[]? cached = Volatile.Read(ref _partition);
        if (cached is not null && cached.Length == parts + 1)
            return cached;
        int[] fresh = WorkPartition.ByPrefix(_blockRowPointers, parts);
        Volatile.Write(ref _partition, fresh);
        return fresh;
    }

    /// <summary>Blocks <paramref name="csr"/>; rows and columns are padded up to block multiples and only blocks
    /// holding a nonzero are stored.</summary>
    public static BsrMatrix<T> FromCsr(CsrMatrix<T> csr, int blockHeight, int blockWidth)
    {
        ArgumentNullException.ThrowIfNull(csr);
        Positive(blockHeight, nameof(blockHeight));
        Positive(blockWidth, nameof(blockWidth));
        int blockRows = (int)(((long)csr.Rows + blockHeight - 1) / blockHeight);
        int blockCols = (int)(((long)csr.Columns + blockWidth - 1) / blockWidth);
        int blockSize = IntProduct(blockHeight, blockWidth, nameof(blockHeight),
            size => $"a {S(blockHeight)} x {S(blockWidth)} block has {S(size)} entries; the limit is {IntLimit}.");
        var slot = new int[blockCols];       // position of block column within the current block row, or -1
        Array.Fill(slot, -1);
        var pointers = new int[blockRows + 1];
        var colList = new System.Collections.Generic.List<int>();
        var valList = new System.Collections.Generic.List<T>();
        var rowBlocks = new System.Collections.Generic.List<int>();
        for (int br = 0; br < blockRows; br++)
        {
            int rowStart = br * blockHeight, rowEnd = Math.Min(rowStart + blockHeight, csr.Rows);
            rowBlocks.Clear();
            for (int r = rowStart; r < rowEnd; r++)
                for (int k = csr.RowPointers[r]; k < csr.RowPointers[r + 1]; k++)
                {
                    if (T.IsZero(csr.Values[k])) continue;
                    int bc = csr.ColumnIndices[k] / blockWidth;
                    if (slot[bc] < 0) { slot[bc] = 0; rowBlocks.Add(bc); }
                }
            rowBlocks.Sort();
            int first = colList.Count;
            ArrayLength((long)(first + rowBlocks.Count) * blockSize,
                $"{S(first + rowBlocks.Count)} blocks (by block row {S(br)} of {S(blockRows)}) of {S(blockHeight)} x {S(blockWidth)} values");
            for (int i = 0; i < rowBlocks.Count; i++)
            {
                slot[rowBlocks[i]] = first + i;
                colList.Add(rowBlocks[i]);
                for (int j = 0; j < blockSize; j++) valList.Add(T.Zero);
            }
            for (int r = rowStart; r < rowEnd; r++)
                for (int k = csr.RowPointers[r]; k < csr.RowPointers[r + 1]; k++)
                {
                    if (T.IsZero(csr.Values[k])) continue;
                    int c = csr.ColumnIndices[k];
                    int b = slot[c / blockWidth];
                    valList[b * blockSize + (r - rowStart) * blockWidth + c % blockWidth] = csr.Values[k];
                }
            foreach (int bc in rowBlocks) slot[bc] = -1;
            pointers[br + 1] = colList.Count;
        }
        return new BsrMatrix<T>(blockRows, blockCols, blockHeight, blockWidth, pointers, colList.ToArray(), valList.ToArray(), owned: true);
    }

    long IStoredMatrix<T>.Rows => Rows;
    long IStoredMatrix<T>.Columns => Columns;

    /// <summary>The nonzero entries of the blocks, block by block, each row-major (zeros inside blocks are skipped).</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        int bh = BlockHeight, bw = BlockWidth;
        int[] pointers = _blockRowPointers, columns = _blockColumnIndices;
        T[] values = _values;
        for (int br = 0; br < BlockRowCount; br++)
            for (int k = pointers[br]; k < pointers[br + 1]; k++)
                for (int i = 0; i < bh; i++)
                    for (int j = 0; j < bw; j++)
                    {
                        T v = values[((long)k * bh + i) * bw + j];
                        if (!T.IsZero(v)) visitor.Visit(br * bh + i, columns[k] * bw + j, v);
                    }
    }

    /// <summary>CSR of the padded shape (Rows x Columns) holding the nonzero entries of the blocks.</summary>
    public CsrMatrix<T> ToCsr() => StoredEntries.ToCsr(this);

    /// <summary>Dense copy of the padded shape.</summary>
    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);
}
