using System;
using SparseDsl;

// [[2 0 1], [0 3 0], [4 0 5]] * [1 2 3] = [5 6 19]
var a = new CsrMatrix<double>(3, 3, new[] { 0, 2, 3, 5 }, new[] { 0, 2, 1, 0, 2 }, new[] { 2.0, 1.0, 3.0, 4.0, 5.0 });
var y = new double[3];
Consumer.Kernels.Spmv(a, new[] { 1.0, 2.0, 3.0 }, y);
Console.WriteLine($"y = [{string.Join(", ", y)}]");
return y[0] == 5 && y[1] == 6 && y[2] == 19 ? 0 : 1;
