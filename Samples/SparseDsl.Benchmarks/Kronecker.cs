// Kronecker MVM (issue 8): KroneckerOperator's vec trick on the peers' kron workloads — (A⊗B)x with two 256×256
// factors (x of length 65,536) in f64 and f32, (A⊗B⊗C)x with three 64×64 factors, and complex 128×128 ⊗ 128×128.
// The peers' kron binary (../shared/peers, the same ./bench.sh run) has the OpenBLAS vec trick beside them.
using System;
using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace SparseDsl.Benchmarks;

[BenchmarkCategory("Kronecker")]
public class KroneckerMvm
{
    [Params("kron2.256x256.f64", "kron2.256x256.f32", "kron3.64x64x64.f64", "kron2z.128x128.c128")]
    public string Case { get; set; } = "kron2.256x256.f64";

    private Action _apply = null!;

    [GlobalSetup]
    public void Setup()
    {
        _apply = Case switch
        {
            "kron2.256x256.f64" => Make(256, 2, v => v),
            "kron2.256x256.f32" => Make(256, 2, v => (float)v),
            "kron3.64x64x64.f64" => Make(64, 3, v => v),
            "kron2z.128x128.c128" => Make(128, 2, v => new Complex(v, 0.5 - v)),
            _ => throw new ArgumentException($"unknown case {Case}"),
        };
    }

    /// <summary>Builds the operator, applies it once and checks 32 sampled entries of y against the entry-wise definition.</summary>
    private static Action Make<T>(int n, int count, Func<double, T> value) where T : unmanaged, INumberBase<T>
    {
        var random = new Random(42);
        var factors = new DenseMatrix<T>[count];
        for (int f = 0; f < count; f++)
        {
            factors[f] = new DenseMatrix<T>(n, n);
            for (int i = 0; i < n * n; i++) factors[f].Values[i] = value(random.NextDouble() - 0.5);
        }
        var op = new KroneckerOperator<T>(factors);
        var x = new T[op.Columns];
        for (int i = 0; i < x.Length; i++) x[i] = value(random.NextDouble() - 0.5);
        var y = new T[op.Rows];
        op.Apply(x, y);
        for (int sample = 0; sample < 32; sample++)
        {
            int row = random.Next(op.Rows);
            T expected = T.Zero;
            for (int column = 0; column < op.Columns; column++)
            {
                T entry = T.One;
                int r = row, c = column;
                for (int f = count - 1; f >= 0; f--) { entry *= factors[f][r % n, c % n]; r /= n; c /= n; }
                expected += entry * x[column];
            }
            double error = double.CreateTruncating(T.Abs(y[row] - expected)), scale = double.CreateTruncating(T.Abs(expected)) + 1;
            if (!(error <= 1e-3 * scale))
                throw new InvalidOperationException($"Kronecker check failed at row {row}: {y[row]} vs {expected}");
        }
        return () => op.Apply(x, y);
    }

    [Benchmark(Description = "SparseDsl KroneckerOperator.Apply (vec trick, 1 thread)")]
    public void Apply() => _apply();
}
