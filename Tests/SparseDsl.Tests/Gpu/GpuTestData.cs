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

    public static void CheckMatVec<T>(GpuDevice device, TestMatrix a, string label, Action<DeviceVector<T>, DeviceVector<T>> launch, double alpha = 1, double? beta = null, bool transposed = false, int seed = 17)
        where T : unmanaged, INumber<T>
    {
        int inputLength = transposed ? a.Rows : a.Columns;
        int outputLength = transposed ? a.Columns : a.Rows;
        var x = Vector(inputLength, seed);
        bool overwrite = beta is null || beta == 0;
        var y0 = overwrite ? Enumerable.Repeat(double.NaN, outputLength).ToArray() : Vector(outputLength, seed + 1);
        using var dx = device.Upload(Cast<T>(x));
        using var dy = device.Upload(Cast<T>(y0));
        launch(dx, dy);
        var (expected, magnitude) = KernelTestData.MatVec(a, x, y0, alpha, beta, transposed);
        AssertClose<T>(expected, magnitude, dy.ToArray(), $"Gpu.{label} (alpha {alpha}, beta {beta?.ToString() ?? "none"}) on {a}");
    }

    public static void CheckMatMat<T>(GpuDevice device, TestMatrix a, string label, int k, Action<DeviceDenseMatrix<T>, DeviceDenseMatrix<T>> launch, double alpha = 1, double? beta = null, int seed = 23)
        where T : unmanaged, INumber<T>
    {
        var x = Vector(a.Columns * k, seed);
        bool overwrite = beta is null || beta == 0;
        var y0 = overwrite ? Enumerable.Repeat(double.NaN, a.Rows * k).ToArray() : Vector(a.Rows * k, seed + 1);
        using var dx = device.Upload(new DenseMatrix<T>(a.Columns, k, Cast<T>(x)));
        using var dy = device.Upload(new DenseMatrix<T>(a.Rows, k, Cast<T>(y0)));
        launch(dx, dy);
        var (expected, magnitude) = KernelTestData.MatMat(a, x, k, y0, alpha, beta);
        AssertClose<T>(expected, magnitude, dy.ToHost().Values, $"Gpu.{label} k={k} (alpha {alpha}, beta {beta?.ToString() ?? "none"}) on {a}");
    }
}
