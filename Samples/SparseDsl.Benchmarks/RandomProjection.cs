// Very sparse random projection (issue 8) on the peers' RP workload (../shared/peers/py/random_projection.py):
// 2,000 sparse vectors of dimension d = 100,000 with exactly 1,000 nonzeros each (1 %; distinct columns uniform,
// sorted; values uniform in [-1, 1); here from SplitMix64(42), not numpy's generator), CSR, projected to k = 256 with
// density 1/√d into a dense 2,000 × 256 output, single-threaded, by SparseRandomProjection's stored and hashed
// variants in f64 and f32. scikit-learn's SparseRandomProjection.transform takes ~52 ms on this workload (f64).
using System;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

[BenchmarkCategory("RandomProjection")]
public class RandomProjection
{
    public const int Samples = 2000, Dimension = 100_000, Components = 256, NonZerosPerRow = 1000;
    public const ulong Seed = 42;

    [Params("RP.transform.2000x100000.k256.f64", "RP.transform.2000x100000.k256.f32")]
    public string Case { get; set; } = "RP.transform.2000x100000.k256.f64";

    [Params(RandomProjectionStorage.Stored, RandomProjectionStorage.Hashed)]
    public RandomProjectionStorage Storage { get; set; } = RandomProjectionStorage.Stored;

    private static readonly Lazy<(int[] Pointers, int[] Columns, double[] Values)> s_input = new(MakeInput);
    private static readonly SparseContext s_oneThread = new(1);

    private Action _project = null!;

    /// <summary>The input rows: per row 1,000 distinct columns (rejection sampling, then sorted) and their values.</summary>
    private static (int[], int[], double[]) MakeInput()
    {
        var random = new SplitMix64(42);
        var pointers = new int[Samples + 1];
        var columns = new int[Samples * NonZerosPerRow];
        var values = new double[Samples * NonZerosPerRow];
        var taken = new bool[Dimension];
        for (int i = 0; i < Samples; i++)
        {
            var row = columns.AsSpan(i * NonZerosPerRow, NonZerosPerRow);
            for (int n = 0; n < NonZerosPerRow;)
            {
                int c = (int)random.Below(Dimension);
                if (taken[c]) continue;
                taken[c] = true;
                row[n++] = c;
            }
            foreach (int c in row) taken[c] = false;
            row.Sort();
            for (int n = 0; n < NonZerosPerRow; n++) values[i * NonZerosPerRow + n] = random.Sym();
            pointers[i + 1] = (i + 1) * NonZerosPerRow;
        }
        return (pointers, columns, values);
    }

    [GlobalSetup]
    public void Setup()
    {
        _project = Case switch
        {
            "RP.transform.2000x100000.k256.f64" => Make<double>(Storage, 1e-12),
            "RP.transform.2000x100000.k256.f32" => Make<float>(Storage, 1e-5),
            _ => throw new ArgumentException($"unknown case {Case}"),
        };
    }

    /// <summary>
    /// Builds the projection, projects once and checks: bit-identical to the other variant, and 4 sampled rows (all
    /// 256 outputs each) against Σ_j R[r, j]·x_j in double with R[r, j] from the entry function.
    /// </summary>
    private static Action Make<T>(RandomProjectionStorage storage, double tolerance) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (pointers, columns, values) = s_input.Value;
        var rows = new CsrMatrix<T>(Samples, Dimension, pointers, columns, Data.Convert<T>(values));
        var op = new SparseRandomProjection<T>(Components, Dimension, Seed, storage);
        var output = new DenseMatrix<T>(Samples, Components);
        op.Project(rows, output, s_oneThread);

        var other = new SparseRandomProjection<T>(Components, Dimension, Seed,
            storage == RandomProjectionStorage.Stored ? RandomProjectionStorage.Hashed : RandomProjectionStorage.Stored);
        var otherOutput = new DenseMatrix<T>(Samples, Components);
        other.Project(rows, otherOutput, s_oneThread);
        if (!MemoryMarshal.AsBytes(output.Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(otherOutput.Values.AsSpan())))
            throw new InvalidOperationException("RandomProjection check failed: the stored and hashed variants differ");

        foreach (int i in new[] { 0, 1, 977, Samples - 1 })
        {
            double largest = 0, worst = 0;
            var reference = new double[Components];
            for (int p = pointers[i]; p < pointers[i + 1]; p++)
                for (int r = 0; r < Components; r++)
                    reference[r] += double.CreateTruncating(op.Entry(r, columns[p])) * double.CreateTruncating(rows.Values[p]);
            for (int r = 0; r < Components; r++)
            {
                largest = Math.Max(largest, Math.Abs(reference[r]));
                worst = Math.Max(worst, Math.Abs(double.CreateTruncating(output[i, r]) - reference[r]));
            }
            if (!(worst <= tolerance * largest) || largest == 0)
                throw new InvalidOperationException($"RandomProjection check failed at row {i}: max difference {worst} against the formed R (largest {largest})");
        }
        Console.WriteLine($"// RandomProjection {typeof(T).Name} {storage}: StoredBytes = {op.StoredBytes}, nonzeros of R = {op.NonZeroCount()}");
        return () => op.Project(rows, output, s_oneThread);
    }

    [Benchmark(Description = "SparseDsl SparseRandomProjection.Project (CSR rows -> dense, 1 thread)")]
    public void Project() => _project();
}
