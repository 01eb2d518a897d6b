using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// A dense matrix on the device: <see cref="Values"/> holds element (r, c) at <c>r * Stride + c</c> (row-major) or
/// <c>c * Stride + r</c> (column-major), as <see cref="DenseMatrix{T}"/> does. The X and Y operands of Y = A * X are row-major.
/// <see cref="DeviceVector{T}.AsMatrix"/> makes one as a row-major view of a vector's buffer.
/// </summary>
public sealed class DeviceDenseMatrix<T> : IDisposable where T : unmanaged, INumberBase<T>
{
    private DeviceDenseMatrix(GpuDevice device, int rows, int columns, DenseLayout layout, int stride, DeviceVector<T> values)
    {
        Device = device;
        Rows = rows;
        Columns = columns;
        Layout = layout;
        Stride = stride;
        Values = values;
    }

    internal static DeviceDenseMatrix<T> Allocate(GpuDevice device, int rows, int columns, DenseLayout layout)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        long length = (long)rows * columns;
        if (length > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} x {columns} elements do not fit one array");
        int stride = layout == DenseLayout.RowMajor ? columns : rows;
        return new DeviceDenseMatrix<T>(device, rows, columns, layout, stride, device.Allocate<T>((int)length));
    }

    /// <summary>A row-major view over <paramref name="values"/> (which it does not own).</summary>
    internal static DeviceDenseMatrix<T> View(DeviceVector<T> values, int rows, int columns)
        => new(values.Device, rows, columns, DenseLayout.RowMajor, columns, values.IsView ? values : values.Slice(0, values.Length));

    internal static DeviceDenseMatrix<T> Upload(GpuDevice device, DenseMatrix<T> matrix)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(matrix);
        return new DeviceDenseMatrix<T>(device, matrix.Rows, matrix.Columns, matrix.Layout, matrix.Stride, device.Upload(matrix.Values));
    }

    public GpuDevice Device { get; }
    public int Rows { get; }
    public int Columns { get; }
    public DenseLayout Layout { get; }
    public int Stride { get; }
    public DeviceVector<T> Values { get; }

    /// <summary>Waits for queued kernels, then copies the values into <paramref name="destination"/> (same shape, layout and stride).</summary>
    public void Download(DenseMatrix<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Rows != Rows || destination.Columns != Columns)
            throw new ShapeMismatchException($"Download: the destination is {destination.Rows}x{destination.Columns} but the device matrix is {Rows}x{Columns}", nameof(destination));
        if (destination.Layout != Layout || destination.Stride != Stride || destination.Values.Length != Values.Length)
            throw new ShapeMismatchException($"Download: the destination's layout ({destination.Layout}, stride {destination.Stride}, {destination.Values.Length} values) differs from the device matrix's ({Layout}, stride {Stride}, {Values.Length} values)", nameof(destination));
        Values.Download(destination.Values);
    }

    /// <summary>Waits for queued kernels and returns a host copy.</summary>
    public DenseMatrix<T> ToHost() => new(Rows, Columns, Values.ToArray(), Layout);

    /// <summary>Frees the values (a view made by <see cref="DeviceVector{T}.AsMatrix"/> frees nothing).</summary>
    public void Dispose() => Values.Dispose();
}
