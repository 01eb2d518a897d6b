using System;
using System.Globalization;

namespace SparseDsl;

/// <summary>Launch sizes of the generated GPU kernels (public because the generated code calls it).</summary>
public static class GpuLaunch
{
    /// <summary>
    /// Threads of a <c>Y = A * X</c> launch: one per (outer item, column of X). The launch is one-dimensional, so
    /// only its total is limited (to int.MaxValue); a larger product throws, naming the kernel and both sizes.
    /// </summary>
    public static int Threads(int outer, int columns, string kernel)
    {
        long threads = (long)outer * columns;
        if (outer < 0 || columns < 0 || threads > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(outer), threads,
                string.Create(CultureInfo.InvariantCulture, $"{kernel}: one GPU thread per element needs {outer} x {columns} = {threads} threads, more than the launch limit of {int.MaxValue} (int.MaxValue)."));
        return (int)threads;
    }
}
