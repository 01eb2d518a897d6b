// The workload data, reproduced bit-for-bit from the C++ peers (../shared/peers/README.md, "Data"): one SplitMix64
// stream per matrix, the same draw order, f32 data = the f64 data rounded to float. Every generator asserts the
// checksums the peers print (DATA lines), so a drift between the two suites fails the run instead of skewing it.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace SparseDsl.Benchmarks;

/// <summary>SplitMix64 exactly as in peers/cpp/common.hpp.</summary>
internal struct SplitMix64
{
    private ulong _s;
    public SplitMix64(ulong seed) => _s = seed;

    public ulong Next()
    {
        ulong z = _s += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n): high 32 bits times n, shifted down.</summary>
    public uint Below(uint n) => (uint)(((Next() >> 32) * n) >> 32);

    /// <summary>Uniform in [-1, 1) from 53 random bits.</summary>
    public double Sym() => (Next() >> 11) * (1.0 / 9007199254740992.0) * 2.0 - 1.0;
}

/// <summary>CSR arrays in f64 (the master copy; typed matrices are converted from it).</summary>
internal sealed class CsrData
{
    public required int N;
    public required int[] RowPointers;
    public required int[] Columns;
    public required double[] Values;
    public int Nnz => Values.Length;
}

/// <summary>4x4 BSR arrays in f64, blocks row-major.</summary>
internal sealed class BsrData
{
    public required int BlockRows;
    public required int[] BlockRowPointers;
    public required int[] BlockColumns;
    public required double[] Values;
    public int Blocks => BlockColumns.Length;
}

/// <summary>2:4 W (values and in-group offsets, NmMatrix slot order) and the dense X, f64.</summary>
internal sealed class Nm24Data
{
    public const int M = 4096, K = 4096, N = 64;
    public required double[] Values;   // M x K/2
    public required byte[] Offsets;    // M x K/2, each < 4
    public required double[] X;        // K x N, row-major
}

internal static class Data
{
    public const int CsrRows = 1_000_000;
    public const int PerRow = 16;
    public const int Grid = 1000;
    public const int BsrBlockRows = 250_000;
    public const int BsrPerRow = 4;

    private static readonly Lazy<CsrData> s_random = new(() => Verified(MakeRandomCsr()));
    private static readonly Lazy<double[]> s_x = new(() => Verified(MakeX()));
    private static readonly Lazy<CsrData> s_laplace = new(() => Verified(MakeLaplacian()));
    private static readonly Lazy<BsrData> s_bsr = new(() => Verified(MakeBsr()));
    private static readonly Lazy<Nm24Data> s_nm = new(() => Verified(MakeNm24()));

    /// <summary>W1: n = 1e6, 16 distinct uniformly random columns per row, seed 42.</summary>
    public static CsrData RandomCsr => s_random.Value;
    /// <summary>The SpMV input of W1-W3: x[j] = sym(), seed 43, n = 1e6 (the Laplacian's grid has 1e6 points too).</summary>
    public static double[] X => s_x.Value;
    /// <summary>W2: the 5-point Laplacian on a 1000 x 1000 grid, Dirichlet boundary, entries in column order.</summary>
    public static CsrData Laplacian => s_laplace.Value;
    /// <summary>W3: 250,000 block rows of 4 distinct random block columns, 4x4 blocks, seed 42.</summary>
    public static BsrData Bsr => s_bsr.Value;
    /// <summary>W4: 2:4 W (4096 x 4096, seed 42) and X (4096 x 64, seed 43).</summary>
    public static Nm24Data Nm24 => s_nm.Value;

    private static CsrData MakeRandomCsr()
    {
        int n = CsrRows;
        var rp = new int[n + 1];
        var ci = new int[(long)n * PerRow];
        var v = new double[(long)n * PerRow];
        var r = new SplitMix64(42);
        var cols = new int[PerRow];
        for (int i = 0; i < n; i++)
        {
            int k = 0;
            while (k < PerRow)
            {
                int c = (int)r.Below((uint)n);
                bool dup = false;
                for (int q = 0; q < k; q++) dup |= cols[q] == c;
                if (!dup) cols[k++] = c;
            }
            Array.Sort(cols);
            rp[i] = i * PerRow;
            for (int q = 0; q < PerRow; q++)
            {
                ci[i * PerRow + q] = cols[q];
                v[i * PerRow + q] = r.Sym();
            }
        }
        rp[n] = n * PerRow;
        return new CsrData { N = n, RowPointers = rp, Columns = ci, Values = v };
    }

    private static double[] MakeX()
    {
        var x = new double[CsrRows];
        var r = new SplitMix64(43);
        for (int i = 0; i < x.Length; i++) x[i] = r.Sym();
        return x;
    }

    private static CsrData MakeLaplacian()
    {
        int g = Grid, n = g * g;
        var rp = new int[n + 1];
        var ci = new List<int>(5 * n);
        var v = new List<double>(5 * n);
        for (int r = 0; r < g; r++)
            for (int c = 0; c < g; c++)
            {
                int i = r * g + c;
                rp[i] = ci.Count;
                if (r > 0) { ci.Add(i - g); v.Add(-1); }
                if (c > 0) { ci.Add(i - 1); v.Add(-1); }
                ci.Add(i); v.Add(4);
                if (c < g - 1) { ci.Add(i + 1); v.Add(-1); }
                if (r < g - 1) { ci.Add(i + g); v.Add(-1); }
            }
        rp[n] = ci.Count;
        return new CsrData { N = n, RowPointers = rp, Columns = ci.ToArray(), Values = v.ToArray() };
    }

    private static BsrData MakeBsr()
    {
        int nb = BsrBlockRows;
        var brp = new int[nb + 1];
        var bci = new int[nb * BsrPerRow];
        var v = new double[(long)nb * BsrPerRow * 16];
        var r = new SplitMix64(42);
        var cols = new int[BsrPerRow];
        for (int i = 0; i < nb; i++)
        {
            int k = 0;
            while (k < BsrPerRow)
            {
                int c = (int)r.Below((uint)nb);
                bool dup = false;
                for (int q = 0; q < k; q++) dup |= cols[q] == c;
                if (!dup) cols[k++] = c;
            }
            Array.Sort(cols);
            brp[i] = i * BsrPerRow;
            for (int q = 0; q < BsrPerRow; q++)
            {
                bci[i * BsrPerRow + q] = cols[q];
                for (int e = 0; e < 16; e++) v[(i * BsrPerRow + q) * 16L + e] = r.Sym();
            }
        }
        brp[nb] = nb * BsrPerRow;
        return new BsrData { BlockRows = nb, BlockRowPointers = brp, BlockColumns = bci, Values = v };
    }

    private static Nm24Data MakeNm24()
    {
        ReadOnlySpan<byte> pairs = [0, 1, 0, 2, 0, 3, 1, 2, 1, 3, 2, 3];
        const int m = Nm24Data.M, nz = Nm24Data.K / 2, groups = Nm24Data.K / 4;
        var val = new double[m * nz];
        var off = new byte[m * nz];
        var r = new SplitMix64(42);
        for (int i = 0; i < m; i++)
            for (int g = 0; g < groups; g++)
            {
                int p = (int)r.Below(6);
                int k = i * nz + 2 * g;
                off[k] = pairs[2 * p];
                off[k + 1] = pairs[2 * p + 1];
                val[k] = r.Sym();
                val[k + 1] = r.Sym();
            }
        var x = new double[Nm24Data.K * Nm24Data.N];
        var rx = new SplitMix64(43);
        for (int i = 0; i < x.Length; i++) x[i] = rx.Sym();
        return new Nm24Data { Values = val, Offsets = off, X = x };
    }

    // ---------------- checksums (the peers' DATA lines) ----------------

    private static CsrData Verified(CsrData a)
    {
        if (a.N == CsrRows && a.Nnz == CsrRows * PerRow && a.RowPointers[1] == PerRow)
        {
            double sumCol = 0, sumVal = 0;
            foreach (int c in a.Columns) sumCol += c;
            foreach (double v in a.Values) sumVal += v;
            Expect("csr_random sum_col", sumCol, 7999528934831d);
            Expect("csr_random sum_val", sumVal, -3827.5328327272337);
        }
        else
        {
            Expect("laplacian nnz", a.Nnz, 4_996_000);
        }
        return a;
    }

    private static double[] Verified(double[] x)
    {
        double s = 0;
        foreach (double v in x) s += v;
        Expect("csr_random sum_x", s, 92.379941635114875);
        return x;
    }

    private static BsrData Verified(BsrData b)
    {
        double sumCol = 0, sumVal = 0;
        foreach (int c in b.BlockColumns) sumCol += c;
        foreach (double v in b.Values) sumVal += v;
        Expect("bsr4 blocks", b.Blocks, 1_000_000);
        Expect("bsr4 sum_bcol", sumCol, 124993465145d);
        Expect("bsr4 sum_val", sumVal, -925.48533566966887);
        return b;
    }

    private static Nm24Data Verified(Nm24Data d)
    {
        double sumVal = 0, sumOff = 0;
        foreach (double v in d.Values) sumVal += v;
        foreach (byte o in d.Offsets) sumOff += o;
        Expect("nm24 sum_val", sumVal, -2068.3037246778813);
        Expect("nm24 sum_off", sumOff, 12587089d);
        return d;
    }

    /// <summary>Exact comparison: the data must be bit-identical to the peers', so the sums are too.</summary>
    private static void Expect(string what, double actual, double expected)
    {
        if (actual != expected)
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                "DATA CHECK FAILED: {0} = {1:R}, the peers' data has {2:R}: the workload data is not the peers'.", what, actual, expected));
    }

    // ---------------- typed views ----------------

    public static T[] Convert<T>(double[] source) where T : unmanaged, System.Numerics.INumber<T>
    {
        var r = new T[source.Length];
        for (int i = 0; i < r.Length; i++) r[i] = T.CreateTruncating(source[i]);
        return r;
    }

    public static CsrMatrix<T> ToCsr<T>(CsrData a) where T : unmanaged, System.Numerics.INumber<T>
        => new(a.N, a.N, (int[])a.RowPointers.Clone(), (int[])a.Columns.Clone(), Convert<T>(a.Values));

    public static BsrMatrix<T> ToBsr<T>(BsrData b) where T : unmanaged, System.Numerics.INumber<T>
        => new(b.BlockRows, b.BlockRows, 4, 4, (int[])b.BlockRowPointers.Clone(), (int[])b.BlockColumns.Clone(), Convert<T>(b.Values));

    /// <summary>The BSR matrix as scalar CSR (16e6 nonzeros), built like the peers' bsr_to_csr.</summary>
    public static CsrData Expand(BsrData b)
    {
        int n = b.BlockRows * 4;
        var rp = new int[n + 1];
        var ci = new int[b.Values.Length];
        var v = new double[b.Values.Length];
        int k = 0;
        for (int bi = 0; bi < b.BlockRows; bi++)
            for (int r = 0; r < 4; r++)
            {
                rp[bi * 4 + r] = k;
                for (int q = b.BlockRowPointers[bi]; q < b.BlockRowPointers[bi + 1]; q++)
                    for (int c = 0; c < 4; c++)
                    {
                        ci[k] = b.BlockColumns[q] * 4 + c;
                        v[k] = b.Values[q * 16L + r * 4 + c];
                        k++;
                    }
            }
        rp[n] = k;
        return new CsrData { N = n, RowPointers = rp, Columns = ci, Values = v };
    }

    public static NmMatrix<T> ToNm<T>(Nm24Data d) where T : unmanaged, System.Numerics.INumber<T>
        => new(Nm24Data.M, Nm24Data.K, 2, 4, Convert<T>(d.Values), (byte[])d.Offsets.Clone());

    /// <summary>W as a dense row-major M x K array (zeros outside the kept pairs).</summary>
    public static T[] DenseW<T>(Nm24Data d) where T : unmanaged, System.Numerics.INumber<T>
    {
        const int nz = Nm24Data.K / 2;
        var w = new T[(long)Nm24Data.M * Nm24Data.K];
        for (int i = 0; i < Nm24Data.M; i++)
            for (int q = 0; q < nz; q++)
                w[(long)i * Nm24Data.K + 4 * (q / 2) + d.Offsets[i * nz + q]] = T.CreateTruncating(d.Values[i * nz + q]);
        return w;
    }
}
