// Fallback machine limits for the roofline, used by ./bench.sh only when the peers' `limits` binary cannot be built
// (it needs AVX-512). Prints LIMIT lines with the peers' keys (4 KiB pages: ordinary .NET arrays):
// triad and read-only bandwidth (1.5 GiB working set for triad), the FMA peak with the widest accelerated vector
// (16 independent FMA chains), and the rate of random 8-byte loads from an 8 MB table; 1 and 2 threads.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace SparseDsl.Benchmarks;

internal static class Limits
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run()
    {
        const int n = 1 << 26;   // doubles per array, as the peers
        var a = new double[n];
        var b = new double[n];
        var c = new double[n];
        for (int i = 0; i < n; i++) { a[i] = 0; b[i] = 1; c[i] = 2; }   // touch every page before timing
        double sink = 0;
        Console.WriteLine($"DATA\tlimits_csharp\tvector_bits={(Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128)}");
        foreach (int t in new[] { 1, 2 })
        {
            double tri = Median(7, () => Parts(t, n, (s, e) => Triad(a, b, c, s, e)));
            Limit($"bw_triad_{t}T_4K", 24.0 * n / tri * 1e-9);
            double rd = Median(7, () => Parts(t, n, (s, e) => sink += Read(b, s, e)));
            Limit($"bw_read_{t}T_4K", 8.0 * n / rd * 1e-9);
        }
        const long iters = 20_000_000;
        foreach (int t in new[] { 1, 2 })
        {
            double sec = Median(5, () => Parts(t, t, (s, e) => sink += FmaF64(iters)));
            Limit($"peak_f64_{t}T", 2.0 * 16 * Vector<double>.Count * iters * t / sec * 1e-9);
            sec = Median(5, () => Parts(t, t, (s, e) => sink += FmaF32(iters)));
            Limit($"peak_f32_{t}T", 2.0 * 16 * Vector<float>.Count * iters * t / sec * 1e-9);
        }
        const int table = 1 << 20, loads = 16_000_000;
        var tab = new double[table];
        var idx = new int[loads];
        var r = new SplitMix64(42);
        for (int i = 0; i < table; i++) tab[i] = r.Sym();
        for (int i = 0; i < loads; i++) idx[i] = (int)r.Below(table);
        foreach (int t in new[] { 1, 2 })
        {
            double sec = Median(7, () => Parts(t, loads, (s, e) => sink += Gather(tab, idx, s, e)));
            Limit($"gather_rate_scalar_{t}T_4K", loads / sec * 1e-9);
        }
        Console.Error.WriteLine($"limits: done (checksum {sink:G3})");
        return 0;
    }

    private static void Limit(string key, double value)
    {
        Console.WriteLine(string.Format(Inv, "LIMIT\t{0}\t{1:F2}", key, value));
        Console.Error.WriteLine(string.Format(Inv, "  {0,-28} {1,8:F2}", key, value));
    }

    private static void Parts(int threads, int count, Action<int, int> body)
    {
        if (threads == 1) { body(0, count); return; }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            p => body((int)((long)count * p / threads), (int)((long)count * (p + 1) / threads)));
    }

    private static double Median(int reps, Action op)
    {
        op();
        var t = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            op();
            t[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(t);
        return t[reps / 2];
    }

    private static void Triad(double[] a, double[] b, double[] c, int start, int end)
    {
        var s = new Vector<double>(3.0);
        int w = Vector<double>.Count, i = start;
        for (; i <= end - w; i += w)
            (new Vector<double>(b, i) + s * new Vector<double>(c, i)).CopyTo(a, i);
        for (; i < end; i++) a[i] = b[i] + 3.0 * c[i];
    }

    private static double Read(double[] b, int start, int end)
    {
        Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
        int w = Vector<double>.Count, i = start;
        for (; i <= end - 4 * w; i += 4 * w)
        {
            s0 += new Vector<double>(b, i);
            s1 += new Vector<double>(b, i + w);
            s2 += new Vector<double>(b, i + 2 * w);
            s3 += new Vector<double>(b, i + 3 * w);
        }
        double s = Vector.Sum(s0 + s1 + s2 + s3);
        for (; i < end; i++) s += b[i];
        return s;
    }

    private static double Gather(double[] tab, int[] idx, int start, int end)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = start;
        for (; i <= end - 4; i += 4) { s0 += tab[idx[i]]; s1 += tab[idx[i + 1]]; s2 += tab[idx[i + 2]]; s3 += tab[idx[i + 3]]; }
        for (; i < end; i++) s0 += tab[idx[i]];
        return s0 + s1 + s2 + s3;
    }

    private static double FmaF64(long iters)
    {
        var m = new Vector<double>(0.999999);
        var c = new Vector<double>(1e-7);
        Vector<double> a0 = new(1.0), a1 = new(1.1), a2 = new(1.2), a3 = new(1.3), a4 = new(1.4), a5 = new(1.5), a6 = new(1.6), a7 = new(1.7),
            a8 = new(1.8), a9 = new(1.9), a10 = new(2.0), a11 = new(2.1), a12 = new(2.2), a13 = new(2.3), a14 = new(2.4), a15 = new(2.5);
        for (long k = 0; k < iters; k++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, m, c); a1 = Vector.FusedMultiplyAdd(a1, m, c); a2 = Vector.FusedMultiplyAdd(a2, m, c); a3 = Vector.FusedMultiplyAdd(a3, m, c);
            a4 = Vector.FusedMultiplyAdd(a4, m, c); a5 = Vector.FusedMultiplyAdd(a5, m, c); a6 = Vector.FusedMultiplyAdd(a6, m, c); a7 = Vector.FusedMultiplyAdd(a7, m, c);
            a8 = Vector.FusedMultiplyAdd(a8, m, c); a9 = Vector.FusedMultiplyAdd(a9, m, c); a10 = Vector.FusedMultiplyAdd(a10, m, c); a11 = Vector.FusedMultiplyAdd(a11, m, c);
            a12 = Vector.FusedMultiplyAdd(a12, m, c); a13 = Vector.FusedMultiplyAdd(a13, m, c); a14 = Vector.FusedMultiplyAdd(a14, m, c); a15 = Vector.FusedMultiplyAdd(a15, m, c);
        }
        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    private static double FmaF32(long iters)
    {
        var m = new Vector<float>(0.9999f);
        var c = new Vector<float>(1e-4f);
        Vector<float> a0 = new(1f), a1 = new(1.1f), a2 = new(1.2f), a3 = new(1.3f), a4 = new(1.4f), a5 = new(1.5f), a6 = new(1.6f), a7 = new(1.7f),
            a8 = new(1.8f), a9 = new(1.9f), a10 = new(2f), a11 = new(2.1f), a12 = new(2.2f), a13 = new(2.3f), a14 = new(2.4f), a15 = new(2.5f);
        for (long k = 0; k < iters; k++)
        {
            a0 = Vector.FusedMultiplyAdd(a0, m, c); a1 = Vector.FusedMultiplyAdd(a1, m, c); a2 = Vector.FusedMultiplyAdd(a2, m, c); a3 = Vector.FusedMultiplyAdd(a3, m, c);
            a4 = Vector.FusedMultiplyAdd(a4, m, c); a5 = Vector.FusedMultiplyAdd(a5, m, c); a6 = Vector.FusedMultiplyAdd(a6, m, c); a7 = Vector.FusedMultiplyAdd(a7, m, c);
            a8 = Vector.FusedMultiplyAdd(a8, m, c); a9 = Vector.FusedMultiplyAdd(a9, m, c); a10 = Vector.FusedMultiplyAdd(a10, m, c); a11 = Vector.FusedMultiplyAdd(a11, m, c);
            a12 = Vector.FusedMultiplyAdd(a12, m, c); a13 = Vector.FusedMultiplyAdd(a13, m, c); a14 = Vector.FusedMultiplyAdd(a14, m, c); a15 = Vector.FusedMultiplyAdd(a15, m, c);
        }
        return Vector.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }
}
