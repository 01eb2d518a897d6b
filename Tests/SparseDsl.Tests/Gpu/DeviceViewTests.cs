using System;
using SparseDsl.Specs;
using Xunit;

namespace SparseDsl.Tests.Gpu;

/// <summary>Views of one device buffer (<see cref="DeviceVector{T}.Slice"/>, <see cref="DeviceVector{T}.AsMatrix"/>):
/// kernels write through them into the parent, and they never free the parent's buffer.</summary>
[Collection(GpuCollection.Name)]
public class DeviceViewTests(GpuFixture fixture)
{
    private readonly GpuDevice _device = fixture.Device;

    // A = [[1, 2, 0], [0, 3, 0], [4, 0, 5]]
    private static CsrMatrix<double> A() => new(3, 3, [0, 2, 3, 5], [0, 1, 1, 0, 2], [1.0, 2, 3, 4, 5]);

    [Fact]
    public void AKernelWritesThroughASliceIntoItsParent()
    {
        using var a = _device.Upload(A());
        using var parent = _device.Upload([-1.0, -1, -1, -1, 1, 1, 1, -1, -1, -1]);
        using var x = parent.Slice(4, 3);              // [1, 1, 1]
        using var y = parent.Slice(7, 3);              // overwritten with A * x
        Assert.True(x.IsView && !parent.IsView);
        CsrKernels.Gpu.SpmvF64(a, x, y);
        Assert.Equal([-1.0, -1, -1, -1, 1, 1, 1, 3, 3, 9], parent.ToArray());
        Assert.Equal([3.0, 3, 9], y.ToArray());
        y.Upload([7.0, 8, 9]);
        Assert.Equal([7.0, 8, 9], parent.Slice(5, 5).Slice(2, 3).ToArray());   // a slice of a slice
    }

    [Fact]
    public void AKernelWritesThroughAReshapedMatrixIntoItsParent()
    {
        using var a = _device.Upload(A());
        // One buffer holds X (3 x 2, row-major) then Y (3 x 2): the vec trick's reshape of one vector.
        using var buffer = _device.Upload([1.0, 10, 1, 10, 1, 10, 0, 0, 0, 0, 0, 0]);
        using var x = buffer.Slice(0, 6).AsMatrix(3, 2);
        using var y = buffer.Slice(6, 6).AsMatrix(3, 2);
        Assert.Equal((3, 2, DenseLayout.RowMajor, 2), (y.Rows, y.Columns, y.Layout, y.Stride));
        CsrKernels.Gpu.SpmmF64(a, x, y);
        Assert.Equal([1.0, 10, 1, 10, 1, 10, 3, 30, 3, 30, 9, 90], buffer.ToArray());
        Assert.Equal([3.0, 30, 3, 30, 9, 90], y.ToHost().Values);
    }

    [Fact]
    public void DisposingAViewLeavesTheParentsBufferAndDisposingTheParentEndsTheViews()
    {
        var parent = _device.Upload([1.0, 2, 3, 4]);
        var slice = parent.Slice(1, 2);
        var matrix = parent.AsMatrix(2, 2);
        slice.Dispose();
        matrix.Dispose();
        Assert.Equal([1.0, 2, 3, 4], parent.ToArray());
        var other = parent.Slice(0, 4);
        parent.Dispose();
        Assert.Throws<ObjectDisposedException>(() => other.ToArray());
        Assert.Throws<ObjectDisposedException>(() => other.View);
    }

    [Fact]
    public void BoundsAreValidatedWithMessages()
    {
        using var v = _device.Allocate<float>(6);
        Assert.Contains("Slice(4, 3) is outside the device vector of length 6", Assert.Throws<ArgumentOutOfRangeException>(() => v.Slice(4, 3)).Message);
        Assert.Contains("Slice(-1, 2)", Assert.Throws<ArgumentOutOfRangeException>(() => v.Slice(-1, 2)).Message);
        Assert.Contains("Slice(0, -1)", Assert.Throws<ArgumentOutOfRangeException>(() => v.Slice(0, -1)).Message);
        Assert.Equal(0, v.Slice(6, 0).Length);
        Assert.Contains("a 4x2 matrix has 8 elements but the device vector has 6", Assert.Throws<ShapeMismatchException>(() => v.AsMatrix(4, 2)).Message);
        using var view = v.Slice(2, 4);
        Assert.Contains("the source has 3 elements but the device vector has 4", Assert.Throws<ShapeMismatchException>(() => view.Upload([1f, 2, 3])).Message);
    }
}
