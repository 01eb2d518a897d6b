using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace SparseDsl;

/// <summary>
/// One ILGPU context and accelerator: where device operands live and the generated <c>Gpu</c> kernels run.
/// Selection: <see cref="GpuKind.Auto"/> takes CUDA when an NVIDIA GPU is present, else ILGPU's CPU accelerator
/// (the environment variable <c>SPARSEDSL_GPU</c> = <c>cpu</c> | <c>cuda</c> | <c>auto</c> overrides Auto);
/// <see cref="GpuKind.Cuda"/> without a GPU throws <see cref="GpuUnavailableException"/>.
/// Kernels are compiled once per device (<see cref="Kernel{TKernel}"/>); launches are queued on the accelerator's
/// default stream and downloads wait for them. Launch from one thread at a time.
/// </summary>
public sealed class GpuDevice : IDisposable
{
    /// <summary>The environment variable that overrides <see cref="GpuKind.Auto"/>.</summary>
    public const string EnvironmentVariable = "SPARSEDSL_GPU";

    private readonly ConcurrentDictionary<object, Delegate> _kernels = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    public GpuDevice(GpuKind kind = GpuKind.Auto)
    {
        GpuKind requested = kind == GpuKind.Auto ? FromEnvironment(Environment.GetEnvironmentVariable(EnvironmentVariable)) : kind;
        if (requested is not (GpuKind.Auto or GpuKind.Cpu or GpuKind.Cuda))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "expected Auto, Cpu or Cuda");
        Context = requested == GpuKind.Cpu
            ? Context.Create(builder => builder.CPU(CPUDeviceKind.Default))
            : Context.Create(builder => builder.Cuda().CPU(CPUDeviceKind.Default));
        try
        {
            Device device;
            if (requested == GpuKind.Cuda)
            {
                device = Context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda)
                    ?? throw new GpuUnavailableException($"CUDA was requested ({(kind == GpuKind.Auto ? $"{EnvironmentVariable}=cuda" : "GpuKind.Cuda")}) but ILGPU finds no CUDA device: this machine has no NVIDIA GPU or no CUDA driver. Use GpuKind.Cpu (or {EnvironmentVariable}=cpu) to run the kernels on ILGPU's CPU accelerator.");
            }
            else
            {
                device = Context.GetPreferredDevice(preferCPU: requested == GpuKind.Cpu);
            }
            Accelerator = device.CreateAccelerator(Context);
            Kind = Accelerator.AcceleratorType == AcceleratorType.Cuda ? GpuKind.Cuda : GpuKind.Cpu;
        }
        catch
        {
            Context.Dispose();
            throw;
        }
    }

    /// <summary>The accelerator actually used: <see cref="GpuKind.Cuda"/> or <see cref="GpuKind.Cpu"/>.</summary>
    public GpuKind Kind { get; }

    /// <summary>The accelerator's name as ILGPU reports it.</summary>
    public string Name => Accelerator.Name;

    public Context Context { get; }

    public Accelerator Accelerator { get; }

    /// <summary>How many distinct kernels this device has compiled (each kernel is compiled on first use, then cached).</summary>
    public int LoadedKernelCount => _kernels.Count;

    /// <summary>Parses a value of <c>SPARSEDSL_GPU</c>: unset, empty or <c>auto</c> → Auto; <c>cpu</c>; <c>cuda</c> (any case).</summary>
    public static GpuKind FromEnvironment(string? value)
    {
        string text = (value ?? "").Trim();
        if (text.Length == 0 || text.Equals("auto", StringComparison.OrdinalIgnoreCase)) return GpuKind.Auto;
        if (text.Equals("cpu", StringComparison.OrdinalIgnoreCase)) return GpuKind.Cpu;
        if (text.Equals("cuda", StringComparison.OrdinalIgnoreCase)) return GpuKind.Cuda;
        throw new ArgumentException($"{EnvironmentVariable}={value} is not understood: expected cpu, cuda or auto.", nameof(value));
    }

    /// <summary>
    /// The launcher of a kernel on this device, compiled by <paramref name="loader"/> on first use and cached under the
    /// loader's identity (pass a static readonly delegate: later calls are one dictionary lookup, no compile, no allocation).
    /// </summary>
    public TKernel Kernel<TKernel>(Func<Accelerator, TKernel> loader) where TKernel : Delegate
    {
        ArgumentNullException.ThrowIfNull(loader);
        ThrowIfDisposed();
        if (_kernels.TryGetValue(loader, out var cached)) return (TKernel)cached;
        return (TKernel)_kernels.GetOrAdd(loader, static (key, accelerator) => ((Func<Accelerator, TKernel>)key)(accelerator), Accelerator);
    }

    /// <summary>Waits until every queued kernel and copy has finished.</summary>
    public void Synchronize()
    {
        ThrowIfDisposed();
        Accelerator.Synchronize();
    }

    // ---- allocation and upload ----------------------------------------------------------------------

    /// <summary>A device vector of <paramref name="length"/> zeros.</summary>
    public DeviceVector<T> Allocate<T>(int length) where T : unmanaged, INumberBase<T> => new(this, length);

    /// <summary>A device vector holding a copy of <paramref name="values"/>.</summary>
    public DeviceVector<T> Upload<T>(ReadOnlySpan<T> values) where T : unmanaged, INumberBase<T>
    {
        var vector = new DeviceVector<T>(this, values.Length);
        vector.Upload(values);
        return vector;
    }

    /// <summary>A device vector holding a copy of <paramref name="values"/>.</summary>
    public DeviceVector<T> Upload<T>(T[] values) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        return Upload((ReadOnlySpan<T>)values);
    }

    /// <summary>A zero-filled dense matrix on the device (row-major unless <paramref name="layout"/> says otherwise).</summary>
    public DeviceDenseMatrix<T> AllocateDense<T>(int rows, int columns, DenseLayout layout = DenseLayout.RowMajor) where T : unmanaged, INumberBase<T>
        => DeviceDenseMatrix<T>.Allocate(this, rows, columns, layout);

    public DeviceDenseMatrix<T> Upload<T>(DenseMatrix<T> matrix) where T : unmanaged, INumberBase<T> => DeviceDenseMatrix<T>.Upload(this, matrix);

    public DeviceCsrMatrix<T> Upload<T>(CsrMatrix<T> matrix) where T : unmanaged, INumberBase<T> => new(this, matrix);

    public DeviceCscMatrix<T> Upload<T>(CscMatrix<T> matrix) where T : unmanaged, INumberBase<T> => new(this, matrix);

    public DeviceCooMatrix<T> Upload<T>(CooMatrix<T> matrix) where T : unmanaged, INumberBase<T> => new(this, matrix);

    public DeviceBsrMatrix<T> Upload<T>(BsrMatrix<T> matrix) where T : unmanaged, INumberBase<T> => new(this, matrix);

    public DeviceNmMatrix<T> Upload<T>(NmMatrix<T> matrix) where T : unmanaged, INumberBase<T> => new(this, matrix);

    public DeviceSellMatrix<T> Upload<T>(SellMatrix<T> matrix) where T : unmanaged, INumberBase<T> => new(this, matrix);

    public DeviceDiaMatrix<T> Upload<T>(DiaMatrix<T> matrix) where T : unmanaged, INumberBase<T> => new(this, matrix);

    // ---- used by the generated launchers and the device storage -------------------------------------

    /// <summary>Throws when an operand of <paramref name="kernel"/> lives on another device (or its device is disposed).</summary>
    public void CheckOperand(GpuDevice operandDevice, string kernel, string parameter)
    {
        ThrowIfDisposed();
        if (!ReferenceEquals(operandDevice, this))
            throw new ArgumentException($"{kernel}: {parameter} lives on another GpuDevice than the matrix; every operand must be on the same device", parameter);
    }

    internal MemoryBuffer1D<T, Stride1D.Dense> AllocateBuffer<T>(long length) where T : unmanaged
    {
        ThrowIfDisposed();
        var buffer = Accelerator.Allocate1D<T>(length);
        if (length > 0) buffer.MemSetToZero(Accelerator.DefaultStream);
        return buffer;
    }

    internal MemoryBuffer1D<T, Stride1D.Dense> UploadBuffer<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        ThrowIfDisposed();
        var buffer = Accelerator.Allocate1D<T>(values.Length);
        if (values.Length > 0) buffer.View.CopyFromCPU(Accelerator.DefaultStream, values);
        return buffer;
    }

    internal T[] DownloadBuffer<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer) where T : unmanaged
    {
        ThrowIfDisposed();
        var values = new T[buffer.Length];
        if (values.Length > 0) buffer.View.CopyToCPU(Accelerator.DefaultStream, values.AsSpan());
        Accelerator.Synchronize();
        return values;
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public override string ToString() => $"GpuDevice({Kind}: {Name})";

    /// <summary>Disposes the accelerator and the context; device operands allocated here become unusable.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _kernels.Clear();
        Accelerator.Dispose();
        Context.Dispose();
    }
}
