using System;
using SparseDsl;

// [[2 0 1], [0 3 0], [4 0 5]] * [1 2 3] = [5 6 19]
var a = new CsrMatrix<double>(3, 3, new[] { 0, 2, 3, 5 }, new[] { 0, 2, 1, 0, 2 }, new[] { 2.0, 1.0, 3.0, 4.0, 5.0 });
var x = new[] { 1.0, 2.0, 3.0 };
var y = new double[3];
Consumer.Kernels.Spmv(a, x, y);
Console.WriteLine($"y = [{string.Join(", ", y)}]");

// The same kernel's GPU variant, on ILGPU's CPU accelerator (no GPU needed).
using var device = new GpuDevice(GpuKind.Cpu);
using var deviceA = device.Upload(a);
using var deviceX = device.Upload(x);
using var deviceY = device.Allocate<double>(3);
Consumer.Kernels.Gpu.Spmv(deviceA, deviceX, deviceY);
var fromGpu = deviceY.ToArray();
Console.WriteLine($"gpu y = [{string.Join(", ", fromGpu)}] on {device}");

return y[0] == 5 && y[1] == 6 && y[2] == 19 && fromGpu.AsSpan().SequenceEqual(y) ? 0 : 1;
