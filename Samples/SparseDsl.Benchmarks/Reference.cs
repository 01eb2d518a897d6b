// Independent naive references (f64 arithmetic on the f64 master data, or on the f32-rounded inputs for f32
// results) and the one-time result check every benchmark runs in its GlobalSetup.
using System;
using System.Globalization;

namespace SparseDsl.Benchmarks;

internal static class Reference
{
    private static double In(double v, bool f32) => f32 ? (float)v : v;

    public static double[] RoundedToFloat(double[] x) => Array.ConvertAll(x, v => (double)(float)v);

    public static double[] Spmv(CsrData a, double[] x, bool f32)
    {
        var y = new double[a.N];
        for (int i = 0; i < a.N; i++)
        {
            double s = 0;
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                s += In(a.Values[k], f32) * In(x[a.Columns[k]], f32);
            y[i] = s;
        }
        return y;
    }

    /// <summary>y = A x straight from the block definition (not through the expanded CSR).</summary>
    public static double[] Spmv(BsrData b, double[] x, bool f32)
    {
        var y = new double[b.BlockRows * 4];
        for (int bi = 0; bi < b.BlockRows; bi++)
            for (int q = b.BlockRowPointers[bi]; q < b.BlockRowPointers[bi + 1]; q++)
                for (int r = 0; r < 4; r++)
                    for (int c = 0; c < 4; c++)
                        y[bi * 4 + r] += In(b.Values[q * 16L + r * 4 + c], f32) * In(x[b.BlockColumns[q] * 4 + c], f32);
        return y;
    }

    /// <summary>The 5-point Laplacian from its definition on the grid (not through the assembled CSR).</summary>
    public static double[] Stencil(int g, double[] x)
    {
        var y = new double[g * g];
        for (int r = 0; r < g; r++)
            for (int c = 0; c < g; c++)
            {
                int i = r * g + c;
                double s = 4 * x[i];
                if (r > 0) s -= x[i - g];
                if (c > 0) s -= x[i - 1];
                if (c < g - 1) s -= x[i + 1];
                if (r < g - 1) s -= x[i + g];
                y[i] = s;
            }
        return y;
    }

    /// <summary>Y = W X for the 2:4 W, row-major Y (M x N).</summary>
    public static double[] Nm24(Nm24Data d, bool f32)
    {
        const int m = Nm24Data.M, n = Nm24Data.N, nz = Nm24Data.K / 2;
        var y = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int q = 0; q < nz; q++)
            {
                double v = In(d.Values[i * nz + q], f32);
                int row = 4 * (q / 2) + d.Offsets[i * nz + q];
                for (int j = 0; j < n; j++) y[i * n + j] += v * In(d.X[row * n + j], f32);
            }
        return y;
    }
}

internal static class Check
{
    public const double TolF64 = 1e-12;
    public const double TolF32 = 2e-5;

    public static double Tol(bool f32) => f32 ? TolF32 : TolF64;

    /// <summary>Relative max-norm difference (the peers' rel_diff); throws if above <paramref name="tol"/>.</summary>
    public static void Close<T>(string what, ReadOnlySpan<T> actual, double[] reference, double tol)
        where T : System.Numerics.INumberBase<T>
    {
        if (actual.Length < reference.Length)
            throw new InvalidOperationException($"CHECK FAILED: {what}: {actual.Length} results, expected {reference.Length}");
        double num = 0, den = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            double d = Math.Abs(a - reference[i]);
            if (double.IsNaN(d)) d = double.PositiveInfinity;   // an entry the kernel never wrote (filled with NaN)
            num = Math.Max(num, d);
            den = Math.Max(den, Math.Abs(reference[i]));
        }
        double rel = den > 0 ? num / den : num;
        bool ok = rel <= tol;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "CHECK\t{0}\t{1:E3}\t{2}", what, rel, ok ? "ok" : "FAIL"));
        if (!ok)
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                "CHECK FAILED: {0}: relative max-norm difference {1:E3} > {2:E1} against the naive reference", what, rel, tol));
    }

    public static void Poison<T>(Span<T> y) where T : System.Numerics.IFloatingPointIeee754<T> => y.Fill(T.NaN);
}
