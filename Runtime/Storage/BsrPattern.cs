using System;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// The sparsity pattern of a BSR matrix: block shape (block rows x block columns), block size (height x width) and
/// the compressed block structure (block row pointers, strictly increasing block column indices per block row),
/// validated once and immutable, shared by any number of <see cref="BsrMatrix{T}"/>. The block size is part of the
/// pattern: two matrices on one pattern block alike. The compressed core and its cached work partition are the ones
/// of <see cref="CsrPattern"/>. Build one from arrays (copied and validated) or block by block with
/// <see cref="BsrPatternBuilder"/>.
/// </summary>
public sealed class BsrPattern
{
    internal readonly CompressedPattern Core;

    /// <summary>Copies the arrays and validates the copies.</summary>
    public BsrPattern(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth, int[] blockRowPointers, int[] blockColumnIndices)
        : this(blockRowCount, blockColumnCount, blockHeight, blockWidth, Copy(blockRowPointers, nameof(blockRowPointers)), Copy(blockColumnIndices, nameof(blockColumnIndices)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal BsrPattern(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth, int[] blockRowPointers, int[] blockColumnIndices, bool owned)
    {
        CheckShape(blockRowCount, blockColumnCount, blockHeight, blockWidth);
        NotNull(blockRowPointers, nameof(blockRowPointers));
        NotNull(blockColumnIndices, nameof(blockColumnIndices));
        Core = new CompressedPattern(CompressedLayout.Bsr, blockRowCount, blockColumnCount, blockRowPointers, blockColumnIndices);
        BlockHeight = blockHeight;
        BlockWidth = blockWidth;
    }

    internal BsrPattern(CompressedPattern core, int blockHeight, int blockWidth)
    {
        Core = core;
        BlockHeight = blockHeight;
        BlockWidth = blockWidth;
    }

    /// <summary>Counts and sizes: block counts not negative, block sizes at least 1, padded rows and columns within int.</summary>
    internal static void CheckShape(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth)
    {
        NonNegative(blockRowCount, nameof(blockRowCount));
        NonNegative(blockColumnCount, nameof(blockColumnCount));
        Positive(blockHeight, nameof(blockHeight));
        Positive(blockWidth, nameof(blockWidth));
        IntProduct(blockRowCount, blockHeight, nameof(blockRowCount),
            rows => $"{S(blockRowCount)} block rows of height {S(blockHeight)} make {S(rows)} rows; the limit is {IntLimit}.");
        IntProduct(blockColumnCount, blockWidth, nameof(blockColumnCount),
            columns => $"{S(blockColumnCount)} block columns of width {S(blockWidth)} make {S(columns)} columns; the limit is {IntLimit}.");
    }

    public int BlockRowCount => Core.OuterCount;
    public int BlockColumnCount => Core.InnerCount;
    public int BlockHeight { get; }
    public int BlockWidth { get; }
    public int Rows => BlockRowCount * BlockHeight;
    public int Columns => BlockColumnCount * BlockWidth;
    public int BlockCount => Core.Count;
    public ReadOnlySpan<int> BlockRowPointers => Core.Pointers;
    public ReadOnlySpan<int> BlockColumnIndices => Core.Indices;

    /// <summary>parts + 1 block-row boundaries balancing blocks plus one per block row; the last answer is cached.</summary>
    public ReadOnlySpan<int> GetBlockRowPartition(int parts) => Core.GetPartition(parts);

    /// <summary>The position of block (blockRow, blockColumn) among the stored blocks, or -1 when the pattern does not hold it.</summary>
    public int IndexOf(int blockRow, int blockColumn) => Core.IndexOf(blockRow, blockColumn, nameof(blockRow));

    /// <summary>"3x4 blocks of 2x2" (the pattern's shape in messages).</summary>
    internal string Describe() => $"{S(BlockRowCount)}x{S(BlockColumnCount)} blocks of {S(BlockHeight)}x{S(BlockWidth)}";
}

/// <summary>
/// Collects the stored blocks of a <see cref="BsrPattern"/> in any order and validates them like
/// <see cref="CsrPatternBuilder"/>: a block outside the block shape when it is added, a repeated block when the
/// pattern is built; each message names the block (block row, block column).
/// </summary>
public sealed class BsrPatternBuilder
{
    private readonly CompressedPatternBuilder _blocks;

    public BsrPatternBuilder(int blockRowCount, int blockColumnCount, int blockHeight, int blockWidth)
    {
        BsrPattern.CheckShape(blockRowCount, blockColumnCount, blockHeight, blockWidth);
        _blocks = new CompressedPatternBuilder(CompressedLayout.Bsr, blockRowCount, blockColumnCount);
        BlockHeight = blockHeight;
        BlockWidth = blockWidth;
    }

    public int BlockRowCount => _blocks.Rows;
    public int BlockColumnCount => _blocks.Columns;
    public int BlockHeight { get; }
    public int BlockWidth { get; }

    /// <summary>Blocks added so far.</summary>
    public int Count => _blocks.Count;

    /// <summary>Adds block (blockRow, blockColumn); <see cref="SparseFormatException"/> when it lies outside the block shape.</summary>
    public BsrPatternBuilder Add(int blockRow, int blockColumn)
    {
        _blocks.Add(blockRow, blockColumn);
        return this;
    }

    /// <summary>Adds the blocks of one block row (any order).</summary>
    public BsrPatternBuilder AddBlockRow(int blockRow, ReadOnlySpan<int> blockColumns)
    {
        foreach (int c in blockColumns) _blocks.Add(blockRow, c);
        return this;
    }

    /// <summary>The pattern of the blocks added so far (block rows sorted by block column);
    /// <see cref="SparseFormatException"/> naming the first block that was added twice.</summary>
    public BsrPattern Build() => new(_blocks.Build(), BlockHeight, BlockWidth);
}
