using System;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace SparseDsl;

/// <summary>A <see cref="CsrMatrix{T}"/> on the device (32-bit indices).</summary>
public sealed class DeviceCsrMatrix<T> : DeviceMatrix where T : unmanaged, INumberBase<T>
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _rowPointers, _columnIndices;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _values;

    internal DeviceCsrMatrix(GpuDevice device, CsrMatrix<T> matrix) : base(device, NotNull(matrix).Rows, matrix.Columns)
    {
        NonZeroCount = matrix.NonZeroCount;
        _rowPointers = Upload(matrix.RowPointers);
        _columnIndices = Upload(matrix.ColumnIndices);
        _values = Upload(matrix.Values);
    }

    public int NonZeroCount { get; }
    public ArrayView<int> RowPointers => ViewOf(_rowPointers);
    public ArrayView<int> ColumnIndices => ViewOf(_columnIndices);
    public ArrayView<T> Values => ViewOf(_values);

    /// <summary>Downloads the arrays into a new host matrix (validated again).</summary>
    public CsrMatrix<T> ToHost() => new(Rows, Columns, Download(_rowPointers), Download(_columnIndices), Download(_values));

    private static CsrMatrix<T> NotNull(CsrMatrix<T> matrix) { ArgumentNullException.ThrowIfNull(matrix); return matrix; }
}

/// <summary>A <see cref="CscMatrix{T}"/> on the device.</summary>
public sealed class DeviceCscMatrix<T> : DeviceMatrix where T : unmanaged, INumberBase<T>
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _columnPointers, _rowIndices;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _values;

    internal DeviceCscMatrix(GpuDevice device, CscMatrix<T> matrix) : base(device, NotNull(matrix).Rows, matrix.Columns)
    {
        NonZeroCount = matrix.NonZeroCount;
        _columnPointers = Upload(matrix.ColumnPointers);
        _rowIndices = Upload(matrix.RowIndices);
        _values = Upload(matrix.Values);
    }

    public int NonZeroCount { get; }
    public ArrayView<int> ColumnPointers => ViewOf(_columnPointers);
    public ArrayView<int> RowIndices => ViewOf(_rowIndices);
    public ArrayView<T> Values => ViewOf(_values);

    public CscMatrix<T> ToHost() => new(Rows, Columns, Download(_columnPointers), Download(_rowIndices), Download(_values));

    private static CscMatrix<T> NotNull(CscMatrix<T> matrix) { ArgumentNullException.ThrowIfNull(matrix); return matrix; }
}

/// <summary>A <see cref="CooMatrix{T}"/> on the device (triplets in the host's order; duplicates add up).</summary>
public sealed class DeviceCooMatrix<T> : DeviceMatrix where T : unmanaged, INumberBase<T>
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _rowIndices, _columnIndices;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _values;

    internal DeviceCooMatrix(GpuDevice device, CooMatrix<T> matrix) : base(device, NotNull(matrix).Rows, matrix.Columns)
    {
        NonZeroCount = matrix.NonZeroCount;
        _rowIndices = Upload(matrix.RowIndices);
        _columnIndices = Upload(matrix.ColumnIndices);
        _values = Upload(matrix.Values);
    }

    public int NonZeroCount { get; }
    public ArrayView<int> RowIndices => ViewOf(_rowIndices);
    public ArrayView<int> ColumnIndices => ViewOf(_columnIndices);
    public ArrayView<T> Values => ViewOf(_values);

    public CooMatrix<T> ToHost() => new(Rows, Columns, Download(_rowIndices), Download(_columnIndices), Download(_values));

    private static CooMatrix<T> NotNull(CooMatrix<T> matrix) { ArgumentNullException.ThrowIfNull(matrix); return matrix; }
}

/// <summary>A <see cref="BsrMatrix{T}"/> on the device.</summary>
public sealed class DeviceBsrMatrix<T> : DeviceMatrix where T : unmanaged, INumberBase<T>
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _blockRowPointers, _blockColumnIndices;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _values;

    internal DeviceBsrMatrix(GpuDevice device, BsrMatrix<T> matrix) : base(device, NotNull(matrix).Rows, matrix.Columns)
    {
        BlockRowCount = matrix.BlockRowCount;
        BlockColumnCount = matrix.BlockColumnCount;
        BlockHeight = matrix.BlockHeight;
        BlockWidth = matrix.BlockWidth;
        BlockCount = matrix.BlockCount;
        _blockRowPointers = Upload(matrix.BlockRowPointers);
        _blockColumnIndices = Upload(matrix.BlockColumnIndices);
        _values = Upload(matrix.Values);
    }

    public int BlockRowCount { get; }
    public int BlockColumnCount { get; }
    public int BlockHeight { get; }
    public int BlockWidth { get; }
    public int BlockCount { get; }
    public ArrayView<int> BlockRowPointers => ViewOf(_blockRowPointers);
    public ArrayView<int> BlockColumnIndices => ViewOf(_blockColumnIndices);
    public ArrayView<T> Values => ViewOf(_values);

    public BsrMatrix<T> ToHost() => new(BlockRowCount, BlockColumnCount, BlockHeight, BlockWidth, Download(_blockRowPointers), Download(_blockColumnIndices), Download(_values));

    private static BsrMatrix<T> NotNull(BsrMatrix<T> matrix) { ArgumentNullException.ThrowIfNull(matrix); return matrix; }
}

/// <summary>An <see cref="NmMatrix{T}"/> on the device.</summary>
public sealed class DeviceNmMatrix<T> : DeviceMatrix where T : unmanaged, INumberBase<T>
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _values;
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> _indices;

    internal DeviceNmMatrix(GpuDevice device, NmMatrix<T> matrix) : base(device, NotNull(matrix).Rows, matrix.Columns)
    {
        N = matrix.N;
        M = matrix.M;
        _values = Upload(matrix.Values);
        _indices = Upload(matrix.Indices);
    }

    public int N { get; }
    public int M { get; }
    public int GroupsPerRow => (Columns + M - 1) / M;
    public ArrayView<T> Values => ViewOf(_values);
    public ArrayView<byte> Indices => ViewOf(_indices);

    public NmMatrix<T> ToHost() => new(Rows, Columns, N, M, Download(_values), Download(_indices));

    private static NmMatrix<T> NotNull(NmMatrix<T> matrix) { ArgumentNullException.ThrowIfNull(matrix); return matrix; }
}

/// <summary>A <see cref="SellMatrix{T}"/> on the device.</summary>
public sealed class DeviceSellMatrix<T> : DeviceMatrix where T : unmanaged, INumberBase<T>
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _sliceOffsets, _sliceWidths, _rowPermutation, _rowLengths, _columnIndices;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _values;

    internal DeviceSellMatrix(GpuDevice device, SellMatrix<T> matrix) : base(device, NotNull(matrix).Rows, matrix.Columns)
    {
        SliceHeight = matrix.SliceHeight;
        SortWindow = matrix.SortWindow;
        SliceCount = matrix.SliceCount;
        PermutationLength = matrix.RowPermutation.Length;
        _sliceOffsets = Upload(matrix.SliceOffsets);
        _sliceWidths = Upload(matrix.SliceWidths);
        _rowPermutation = Upload(matrix.RowPermutation);
        _rowLengths = Upload(matrix.RowLengths);
        _columnIndices = Upload(matrix.ColumnIndices);
        _values = Upload(matrix.Values);
    }

    public int SliceHeight { get; }
    public int SortWindow { get; }
    public int SliceCount { get; }
    /// <summary>Entries of <see cref="RowPermutation"/>: Rows, or SliceCount * SliceHeight when padding lanes are listed.</summary>
    public int PermutationLength { get; }
    public ArrayView<int> SliceOffsets => ViewOf(_sliceOffsets);
    public ArrayView<int> SliceWidths => ViewOf(_sliceWidths);
    public ArrayView<int> RowPermutation => ViewOf(_rowPermutation);
    /// <summary>Stored entries per lane (see <see cref="SellMatrix{T}.RowLengths"/>): padding past them is never read.</summary>
    public ArrayView<int> RowLengths => ViewOf(_rowLengths);
    public ArrayView<int> ColumnIndices => ViewOf(_columnIndices);
    public ArrayView<T> Values => ViewOf(_values);

    public SellMatrix<T> ToHost() => new(Rows, Columns, SliceHeight, SortWindow, Download(_sliceOffsets), Download(_sliceWidths), Download(_rowPermutation), Download(_rowLengths), Download(_columnIndices), Download(_values));

    private static SellMatrix<T> NotNull(SellMatrix<T> matrix) { ArgumentNullException.ThrowIfNull(matrix); return matrix; }
}

/// <summary>A <see cref="DiaMatrix{T}"/> on the device.</summary>
public sealed class DeviceDiaMatrix<T> : DeviceMatrix where T : unmanaged, INumberBase<T>
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _offsets;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _values;

    internal DeviceDiaMatrix(GpuDevice device, DiaMatrix<T> matrix) : base(device, NotNull(matrix).Rows, matrix.Columns)
    {
        DiagonalCount = matrix.Offsets.Length;
        _offsets = Upload(matrix.Offsets);
        _values = Upload(matrix.Values);
    }

    public int DiagonalCount { get; }
    public ArrayView<int> Offsets => ViewOf(_offsets);
    public ArrayView<T> Values => ViewOf(_values);

    public DiaMatrix<T> ToHost() => new(Rows, Columns, Download(_offsets), Download(_values));

    private static DiaMatrix<T> NotNull(DiaMatrix<T> matrix) { ArgumentNullException.ThrowIfNull(matrix); return matrix; }
}
