using System;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace SparseDsl;

/// <summary>
/// A dense vector in device memory (an ILGPU buffer) on one <see cref="GpuDevice"/>, or a view of part of another
/// vector's buffer (<see cref="Slice"/>, and <see cref="AsMatrix"/> for a row-major matrix over it: the vec trick of
/// Kronecker products reshapes one buffer). A view shares the buffer: writes through it are writes to the parent,
/// disposing it frees nothing, and it becomes unusable when the vector that owns the buffer is disposed.
/// </summary>
public sealed class DeviceVector<T> : IDisposable where T : unmanaged, INumberBase<T>
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _buffer;
    private readonly DeviceVector<T>? _owner;   // null: this vector owns the buffer
    private readonly long _offset;
    private bool _disposed;

    internal DeviceVector(GpuDevice device, int length)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Device = device;
        Length = length;
        _buffer = device.AllocateBuffer<T>(length);
    }

    private DeviceVector(DeviceVector<T> owner, long offset, int length)
    {
        Device = owner.Device;
        Length = length;
        _buffer = owner._buffer;
        _owner = owner;
        _offset = offset;
    }

    public GpuDevice Device { get; }

    public int Length { get; }

    /// <summary>True for a view made by <see cref="Slice"/> or <see cref="AsMatrix"/> (it does not own its buffer).</summary>
    public bool IsView => _owner is not null;

    /// <summary>The device memory, for kernels (a view's part of the buffer).</summary>
    public ArrayView<T> View => Dense;

    private ArrayView1D<T, Stride1D.Dense> Dense
    {
        get
        {
            ThrowIfDisposed();
            return IsView ? _buffer.View.SubView(_offset, Length) : _buffer.View;
        }
    }

    /// <summary>Elements [offset, offset + length) of this vector as a vector that shares its buffer.</summary>
    public DeviceVector<T> Slice(int offset, int length)
    {
        ThrowIfDisposed();
        if (offset < 0 || length < 0 || (long)offset + length > Length)
            throw new ArgumentOutOfRangeException(offset < 0 || offset > Length ? nameof(offset) : nameof(length),
                $"Slice({offset}, {length}) is outside the device vector of length {Length}: it needs 0 <= offset, 0 <= length and offset + length <= {Length}.");
        return new DeviceVector<T>(_owner ?? this, _offset + offset, length);
    }

    /// <summary>
    /// This vector's elements as a row-major <paramref name="rows"/> x <paramref name="columns"/> matrix sharing the
    /// buffer (element (r, c) is element r * columns + c of the vector); rows * columns must equal <see cref="Length"/>.
    /// </summary>
    public DeviceDenseMatrix<T> AsMatrix(int rows, int columns)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != Length)
            throw new ShapeMismatchException($"AsMatrix({rows}, {columns}): a {rows}x{columns} matrix has {(long)rows * columns} elements but the device vector has {Length}.", nameof(rows));
        return DeviceDenseMatrix<T>.View(this, rows, columns);
    }

    /// <summary>Copies <paramref name="values"/> (exactly <see cref="Length"/> elements) to the device.</summary>
    public void Upload(ReadOnlySpan<T> values)
    {
        ThrowIfDisposed();
        if (values.Length != Length) throw new ShapeMismatchException($"Upload: the source has {values.Length} elements but the device vector has {Length}", nameof(values));
        if (Length == 0) return;
        Dense.CopyFromCPU(Device.Accelerator.DefaultStream, values);
    }

    /// <summary>Waits for queued kernels, then copies the vector into <paramref name="destination"/> (exactly <see cref="Length"/> elements).</summary>
    public void Download(Span<T> destination)
    {
        ThrowIfDisposed();
        if (destination.Length != Length) throw new ShapeMismatchException($"Download: the destination has {destination.Length} elements but the device vector has {Length}", nameof(destination));
        Device.ThrowIfDisposed();
        if (Length > 0) Dense.CopyToCPU(Device.Accelerator.DefaultStream, destination);
        Device.Accelerator.Synchronize();
    }

    /// <summary>Waits for queued kernels and returns a host copy.</summary>
    public T[] ToArray()
    {
        var values = new T[Length];
        Download(values);
        return values;
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_owner is not null && _owner._disposed)
            throw new ObjectDisposedException(nameof(DeviceVector<T>), "the device vector this view belongs to has been disposed.");
    }

    /// <summary>Frees the buffer; for a view, only makes the view unusable (the owner's buffer stays).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_owner is null) _buffer.Dispose();
    }
}
