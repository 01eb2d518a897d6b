using System;
using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;

namespace SparseDsl;

/// <summary>
/// A matrix in device memory: the arrays of one storage format uploaded to a <see cref="GpuDevice"/>. The host matrix
/// was validated when it was built, so the device copy needs no checks; <see cref="Dispose"/> frees every array.
/// </summary>
public abstract class DeviceMatrix : IDisposable
{
    private readonly List<IDisposable> _buffers = new();
    private bool _disposed;

    private protected DeviceMatrix(GpuDevice device, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(device);
        Device = device;
        Rows = rows;
        Columns = columns;
    }

    public GpuDevice Device { get; }

    public int Rows { get; }

    public int Columns { get; }

    private protected MemoryBuffer1D<TElement, Stride1D.Dense> Upload<TElement>(ReadOnlySpan<TElement> values) where TElement : unmanaged
    {
        try
        {
            var buffer = Device.UploadBuffer(values);
            _buffers.Add(buffer);
            return buffer;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private protected ArrayView<TElement> ViewOf<TElement>(MemoryBuffer1D<TElement, Stride1D.Dense> buffer) where TElement : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return buffer.View;
    }

    private protected TElement[] Download<TElement>(MemoryBuffer1D<TElement, Stride1D.Dense> buffer) where TElement : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Device.DownloadBuffer(buffer);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var buffer in _buffers) buffer.Dispose();
        _buffers.Clear();
        GC.SuppressFinalize(this);
    }
}
