using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// Block CSR: a <see cref="BsrPattern"/> (block shape, block size, BlockRowPointers over block rows, BlockColumnIndices
/// per stored block strictly increasing per block row; validated once and immutable, possibly shared) and this
/// matrix's values: each block's BlockHeight x BlockWidth values contiguous and row-major in Values (block b starts at
/// b * BlockHeight * BlockWidth). Rows = BlockRowCount * BlockHeight, Columns = BlockColumnCount * BlockWidth.
/// <see cref="Values"/> stays writable; <see cref="WithValues"/> and <see cref="WithPattern"/> make matrices that share
/// or replace the pattern.
/// </summary>
public sealed class BsrMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    private readonly BsrPattern _pattern;
    private readonly int[] _blockRowPointers, _blockColumnIndices;   // the pattern's arrays
    private readonly T[] _values;

    /// <summary>Copies the three arrays and validates the copies.</summary>
    public BsrMatrix(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth, int[] blockRowPointers, int[] blockColumnIndices, T[] values)
        : this(blockRowCount, blockColumnCount, blockHeight, blockWidth, Copy(blockRowPointers, nameof(blockRowPointers)), Copy(blockColumnIndices, nameof(blockColumnIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Values on a validated pattern: copies <paramref name="values"/> and checks only its length (one block
    /// of values per stored block); the pattern is shared, not copied.</summary>
    public BsrMatrix(BsrPattern pattern, T[] values) : this(pattern, Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal BsrMatrix(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth, int[] blockRowPointers, int[] blockColumnIndices, T[] values, bool owned)
        : this(NewPattern(blockRowCount, blockColumnCount, blockHeight, blockWidth, blockRowPointers, blockColumnIndices, values), values, owned)
    {
    }

    internal BsrMatrix(BsrPattern pattern, T[] values, bool owned)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        NotNull(values, nameof(values));
        Length("Values", values.Length, (long)pattern.BlockCount * pattern.BlockHeight * pattern.BlockWidth,
            $"{S(pattern.BlockCount)} blocks of {S(pattern.BlockHeight)}x{S(pattern.BlockWidth)}");
        _pattern = pattern;
        _blockRowPointers = pattern.Core.Pointers;
        _blockColumnIndices = pattern.Core.Indices;
        _values = values;
    }

    private static BsrPattern NewPattern(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth, int[] blockRowPointers, int[] blockColumnIndices, T[] values)
    {
        BsrPattern.CheckShape(blockRowCount, blockColumnCount, blockHeight, blockWidth);
        NotNull(blockRowPointers, nameof(blockRowPointers));
        NotNull(blockColumnIndices, nameof(blockColumnIndices));
        NotNull(values, nameof(values));
        return new BsrPattern(blockRowCount, blockColumnCount, blockHeight, blockWidth, blockRowPointers, blockColumnIndices, owned: true);
    }

    /// <summary>The validated, immutable block pattern (shared by every matrix made from it).</summary>
    public BsrPattern Pattern => _pattern;
    public int BlockRowCount => _pattern.BlockRowCount;
    public int BlockColumnCount => _pattern.BlockColumnCount;
    public int BlockHeight => _pattern.BlockHeight;
    public int BlockWidth => _pattern.BlockWidth;
    public int Rows => _pattern.Rows;
    public int Columns => _pattern.Columns;
    public int BlockCount => _blockRowPointers[BlockRowCount];
    public ReadOnlySpan<int> BlockRowPointers => _blockRowPointers;
    public ReadOnlySpan<int> BlockColumnIndices => _blockColumnIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    /// <summary>parts + 1 block-row boundaries balancing blocks plus one per block row, cached on the pattern (see
    /// <see cref="BsrPattern.GetBlockRowPartition"/>).</summary>
    public ReadOnlySpan<int> GetBlockRowPartition(int parts) => _pattern.GetBlockRowPartition(parts);

    /// <summary>A matrix on the same pattern (shared, not copied) with a copy of <paramref name="values"/>.</summary>
    public BsrMatrix<T> WithValues(T[] values) => new(_pattern, values);

    /// <summary>A matrix on <paramref name="pattern"/> (same block shape and block size): blocks both patterns hold
    /// keep their values, new blocks are zero, blocks the new pattern drops are gone.</summary>
    public BsrMatrix<T> WithPattern(BsrPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.BlockRowCount != BlockRowCount || pattern.BlockColumnCount != BlockColumnCount
            || pattern.BlockHeight != BlockHeight || pattern.BlockWidth != BlockWidth)
            throw new ShapeMismatchException($"the new pattern is {pattern.Describe()} but the matrix is {_pattern.Describe()}.", nameof(pattern));
        T[] values = ReferenceEquals(pattern, _pattern)
            ? (T[])_values.Clone()
            : _pattern.Core.MoveValues(_values, pattern.Core, BlockHeight * BlockWidth);
        return new BsrMatrix<T>(pattern, values, owned: true);
    }

    /// <summary>Blocks <paramref name="csr"/>; rows and columns are padded up to block multiples and only blocks
    /// holding a nonzero are stored. The entries are read through the walk (grouped by block row), so the block
    /// structure does not depend on the source's storage order.</summary>
    public static BsrMatrix<T> FromCsr(CsrMatrix<T> csr, int blockHeight, int blockWidth)
    {
        ArgumentNullException.ThrowIfNull(csr);
        Positive(blockHeight, nameof(blockHeight));
        Positive(blockWidth, nameof(blockWidth));
        int blockRows = (int)(((long)csr.Rows + blockHeight - 1) / blockHeight);
        int blockCols = (int)(((long)csr.Columns + blockWidth - 1) / blockWidth);
        int blockSize = IntProduct(blockHeight, blockWidth, nameof(blockHeight),
            size => $"a {S(blockHeight)} x {S(blockWidth)} block has {S(size)} entries; the limit is {IntLimit}.");
        var (entryPointers, entryRows, entryColumns, entryValues) = StoredEntries.NonzerosByBlockRow(csr, blockRows, blockHeight);
        // The distinct block columns of each block row, sorted.
        var seenIn = new int[blockCols];     // the last block row that holds block column bc
        Array.Fill(seenIn, -1);
        var pointers = new int[blockRows + 1];
        var columns = new System.Collections.Generic.List<int>();
        for (int br = 0; br < blockRows; br++)
        {
            int first = columns.Count;
            for (int e = entryPointers[br]; e < entryPointers[br + 1]; e++)
            {
                int bc = entryColumns[e] / blockWidth;
                if (seenIn[bc] != br) { seenIn[bc] = br; columns.Add(bc); }
            }
            columns.Sort(first, columns.Count - first, null);
            pointers[br + 1] = columns.Count;
        }
        var values = new T[ArrayLength((long)columns.Count * blockSize,
            $"{S(columns.Count)} blocks (over {S(blockRows)} block rows) of {S(blockHeight)} x {S(blockWidth)} values")];
        var slot = new int[blockCols];       // position of block column bc within the current block row
        for (int br = 0; br < blockRows; br++)
        {
            for (int b = pointers[br]; b < pointers[br + 1]; b++) slot[columns[b]] = b;
            for (int e = entryPointers[br]; e < entryPointers[br + 1]; e++)
            {
                int c = entryColumns[e];
                values[(long)slot[c / blockWidth] * blockSize + (entryRows[e] - br * blockHeight) * blockWidth + c % blockWidth] += entryValues[e];
            }
        }
        return new BsrMatrix<T>(blockRows, blockCols, blockHeight, blockWidth, pointers, columns.ToArray(), values, owned: true);
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
