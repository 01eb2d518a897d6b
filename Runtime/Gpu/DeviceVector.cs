using System;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace SparseDsl;

/// <summary>A dense vector in device memory (an ILGPU buffer) on one <see cref="GpuDevice"/>.</summary>
public sealed class DeviceVector<T> : IDisposable where T : unmanaged, INumber<T>
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _buffer;
    private bool _disposed;

    internal DeviceVector(GpuDevice device, int length)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Device = device;
        Length = length;
        _buffer = device.AllocateBuffer<T>(length);
    }

    public GpuDevice Device { get; }

    public int Length { get; }

    /// <summary>The device memory, for kernels.</summary>
    public ArrayView<T> View
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _buffer.View;
        }
    }

    /// <summary>Copies <paramref name="values"/> (exactly <see cref="Length"/> elements) to the device.</summary>
    public void Upload(ReadOnlySpan<T> values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (values.Length != Length) throw new ShapeMismatchException($"Upload: the source has {values.Length} elements but the device vector has {Length}", nameof(values));
        if (Length == 0) return;
        _buffer.View.CopyFromCPU(Device.Accelerator.DefaultStream, values);
    }

    /// <summary>Waits for queued kernels, then copies the vector into <paramref name="destination"/> (exactly <see cref="Length"/> elements).</summary>
    public void Download(Span<T> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length != Length) throw new ShapeMismatchException($"Download: the destination has {destination.Length} elements but the device vector has {Length}", nameof(destination));
        Device.ThrowIfDisposed();
        if (Length > 0) _buffer.View.CopyToCPU(Device.Accelerator.DefaultStream, destination);
        Device.Accelerator.Synchronize();
    }

    /// <summary>Waits for queued kernels and returns a host copy.</summary>
    public T[] ToArray()
    {
        var values = new T[Length];
        Download(values);
        return values;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _buffer.Dispose();
    }
}
