using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SparseDsl.Tests.Kernels;
using Xunit;
using static SparseDsl.Tests.Kernels.KernelTestData;

namespace SparseDsl.Tests.Gpu;

/// <summary>One ILGPU CPU accelerator for every GPU test: kernels compile once per device, and the tests share its cache.</summary>
public sealed class GpuFixture : IDisposable
{
    public GpuDevice Device { get; } = new(GpuKind.Cpu);

    public void Dispose() => Device.Dispose();
}

/// <summary>The GPU test classes run one after another on the shared accelerator (launches are not meant to interleave).</summary>
[CollectionDefinition(Name)]
public sealed class GpuCollection : ICollectionFixture<GpuFixture>
{
    public const string Name = "Gpu";
}

/// <summary>Upload, launch, download and compare against the naive dense reference of <see cref="KernelTestData"/>.</summary>
public static class GpuTestData
{
    /// <summary>Small random and adversarial structures (empty rows, a dense row, 1x1, no nonzeros, empty shapes, non-square).</summary>
    public static IReadOnlyList<TestMatrix> Matrices { get; } = BuildMatrices().ToArray();

    private static IEnumerable<TestMatrix> BuildMatrices()
    {
        string[] adversarial = ["no nonzeros 5x7", "no nonzeros 0x0", "no rows 0x3", "no columns 3x0", "1x1", "1x1 explicit zero", "non-square 23x61", "non-square 61x23", "square 17"];
        foreach (var name in adversarial) yield return KernelTestData.Adversarial().Single(m => m.Name == name);
        yield return EmptyRows(40, 33, seed: 3);
        yield return SingleDenseRow(37, 70, denseRow: 17, seed: 4);
        yield return Random(45, 38, 0.15, seed: 5);
    }

    public static IEnumerable<TheoryDataRow<int>> MatrixIndexes() => Enumerable.Range(0, Matrices.Count).Select(i => new TheoryDataRow<int>(i) { TestDisplayName = Matrices[i].ToString() });

    /// <summary><see cref="KernelTestData.CheckMatVec"/> with the kernel run on the device: upload x and y, launch, download y.</summary>
    public static void CheckMatVec<T>(GpuDevice device, TestMatrix a, string label, Action<DeviceVector<T>, DeviceVector<T>> launch, double alpha = 1, double? beta = null, bool transposed = false, int seed = 17)
        where T : unmanaged, INumber<T>
        => KernelTestData.CheckMatVec<T>(a, "Gpu." + label, (x, y) =>
        {
            using var dx = device.Upload(x);
            using var dy = device.Upload((ReadOnlySpan<T>)y);
            launch(dx, dy);
            dy.Download(y);
        }, alpha, beta, transposed, seed);

    /// <summary><see cref="KernelTestData.CheckMatMat"/> with the kernel run on the device.</summary>
    public static void CheckMatMat<T>(GpuDevice device, TestMatrix a, string label, int k, Action<DeviceDenseMatrix<T>, DeviceDenseMatrix<T>> launch, double alpha = 1, double? beta = null, int seed = 23)
        where T : unmanaged, INumber<T>
        => KernelTestData.CheckMatMat<T>(a, "Gpu." + label, k, (x, y) =>
        {
            using var dx = device.Upload(x);
            using var dy = device.Upload(y);
            launch(dx, dy);
            dy.Download(y);
        }, alpha, beta, seed);
}
