using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Xunit;

namespace SparseDsl.Tests.Kernels;

/// <summary>
/// A test matrix held as sorted, duplicate-free triplets plus its dense image, so every storage format can be
/// built from the same data and every kernel checked against the same naive dense reference.
/// Values are exactly representable in float (multiples of 1/8 in [-4, 4]), so f32 and f64 kernels see the same matrix.
/// </summary>
public sealed class TestMatrix
{
    public TestMatrix(string name, int rows, int columns, IEnumerable<(int Row, int Column, double Value)> entries)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        Dense = new double[rows, columns];
        var unique = new SortedDictionary<(int, int), double>();
        foreach (var (r, c, v) in entries)
        {
            if (r < 0 || r >= rows || c < 0 || c >= columns) throw new ArgumentOutOfRangeException(nameof(entries), $"({r},{c}) outside {rows}x{columns}");
            unique[(r, c)] = v;
        }
        Entries = unique.Select(e => (e.Key.Item1, e.Key.Item2, e.Value)).ToArray();
        foreach (var (r, c, v) in Entries) Dense[r, c] = v;
    }

    public string Name { get; }
    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Row-major sorted, unique (row, column) entries. An entry may hold an explicit 0.</summary>
    public (int Row, int Column, double Value)[] Entries { get; }

    public double[,] Dense { get; }

    public int NonZeroCount => Entries.Length;

    public override string ToString() => $"{Name} ({Rows}x{Columns}, nnz {NonZeroCount})";

    public (int[] RowPointers, int[] ColumnIndices, T[] Values) CsrArrays<T>() where T : unmanaged, INumber<T>
    {
        var rowPointers = new int[Rows + 1];
        foreach (var e in Entries) rowPointers[e.Row + 1]++;
        for (int i = 0; i < Rows; i++) rowPointers[i + 1] += rowPointers[i];
        return (rowPointers, Entries.Select(e => e.Column).ToArray(), Entries.Select(e => T.CreateChecked(e.Value)).ToArray());
    }

    public CsrMatrix<T> ToCsr<T>() where T : unmanaged, INumber<T>
    {
        var (p, c, v) = CsrArrays<T>();
        return new CsrMatrix<T>(Rows, Columns, p, c, v);
    }

    public CsrMatrix64<T> ToCsr64<T>() where T : unmanaged, INumber<T>
    {
        var (p, c, v) = CsrArrays<T>();
        return new CsrMatrix64<T>(Rows, Columns, p.Select(x => (long)x).ToArray(), c.Select(x => (long)x).ToArray(), v);
    }

    public CscMatrix<T> ToCsc<T>() where T : unmanaged, INumber<T>
    {
        var byColumn = Entries.OrderBy(e => e.Column).ThenBy(e => e.Row).ToArray();
        var columnPointers = new int[Columns + 1];
        foreach (var e in byColumn) columnPointers[e.Column + 1]++;
        for (int j = 0; j < Columns; j++) columnPointers[j + 1] += columnPointers[j];
        return new CscMatrix<T>(Rows, Columns, columnPointers, byColumn.Select(e => e.Row).ToArray(), byColumn.Select(e => T.CreateChecked(e.Value)).ToArray());
    }

    /// <summary>COO in a shuffled order; with <paramref name="splitDuplicates"/> some entries are split into two triplets that add up.</summary>
    public CooMatrix<T> ToCoo<T>(int seed = 1, bool splitDuplicates = true) where T : unmanaged, INumber<T>
    {
        var rng = new Random(seed);
        var triplets = new List<(int Row, int Column, double Value)>();
        foreach (var e in Entries)
        {
            if (splitDuplicates && rng.Next(4) == 0)
            {
                // Halves of a multiple of 1/8 are exact in float and double.
                triplets.Add((e.Row, e.Column, e.Value / 2));
                triplets.Add((e.Row, e.Column, e.Value / 2));
            }
            else triplets.Add(e);
        }
        var shuffled = triplets.OrderBy(_ => rng.Next()).ToArray();
        return new CooMatrix<T>(Rows, Columns, shuffled.Select(t => t.Row).ToArray(), shuffled.Select(t => t.Column).ToArray(), shuffled.Select(t => T.CreateChecked(t.Value)).ToArray());
    }

    public DenseMatrix<T> ToDense<T>(DenseLayout layout = DenseLayout.RowMajor) where T : unmanaged, INumber<T>
    {
        var m = new DenseMatrix<T>(Rows, Columns, layout);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                m[r, c] = T.CreateChecked(Dense[r, c]);
        return m;
    }
}

/// <summary>Random and adversarial matrices, vectors, and the naive dense reference every kernel test compares against.</summary>
public static class KernelTestData
{
    /// <summary>A value in [-4, 4], a multiple of 1/8 and never 0 (exact in f32 and f64).</summary>
    public static double RandomValue(Random rng)
    {
        int k = rng.Next(1, 33) * (rng.Next(2) == 0 ? -1 : 1);
        return k / 8.0;
    }

    public static TestMatrix Random(int rows, int columns, double density, int seed, string? name = null)
    {
        var rng = new Random(seed);
        var entries = new List<(int, int, double)>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                if (rng.NextDouble() < density) entries.Add((r, c, RandomValue(rng)));
        return new TestMatrix(name ?? $"random {rows}x{columns} d={density}", rows, columns, entries);
    }

    /// <summary>A matrix with exactly <paramref name="perRow"/> distinct random columns in every row (the W1 shape, small).</summary>
    public static TestMatrix FixedPerRow(int rows, int columns, int perRow, int seed)
    {
        var rng = new Random(seed);
        var entries = new List<(int, int, double)>();
        for (int r = 0; r < rows; r++)
        {
            var cols = new HashSet<int>();
            while (cols.Count < Math.Min(perRow, columns)) cols.Add(rng.Next(columns));
            foreach (var c in cols) entries.Add((r, c, RandomValue(rng)));
        }
        return new TestMatrix($"{perRow} per row {rows}x{columns}", rows, columns, entries);
    }

    /// <summary>
    /// Structures that break naive kernels: no nonzeros, 1x1, empty rows and columns, one dense row, very wide and
    /// very tall shapes, row lengths and sizes that are not multiples of any vector width (1..70), explicit zeros.
    /// </summary>
    public static IReadOnlyList<TestMatrix> Adversarial() => AdversarialCases.Value;

    private static readonly Lazy<TestMatrix[]> AdversarialCases = new(() => BuildAdversarial().ToArray());

    private static IEnumerable<TestMatrix> BuildAdversarial()
    {
        yield return new TestMatrix("no nonzeros 5x7", 5, 7, []);
        yield return new TestMatrix("no nonzeros 0x0", 0, 0, []);
        yield return new TestMatrix("no rows 0x3", 0, 3, []);
        yield return new TestMatrix("no columns 3x0", 3, 0, []);
        yield return new TestMatrix("1x1", 1, 1, [(0, 0, 1.5)]);
        yield return new TestMatrix("1x1 explicit zero", 1, 1, [(0, 0, 0.0)]);
        yield return EmptyRows(40, 33, seed: 3);
        yield return SingleDenseRow(37, 70, denseRow: 17, seed: 4);
        yield return Random(1, 5000, 0.3, seed: 5, name: "wide 1x5000");
        yield return Random(1, 5000, 1.0, seed: 6, name: "wide dense 1x5000");
        yield return Random(600, 1, 0.7, seed: 7, name: "tall 600x1");
        yield return Random(23, 61, 0.2, seed: 8, name: "non-square 23x61");
        yield return Random(61, 23, 0.2, seed: 9, name: "non-square 61x23");
        for (int n = 1; n <= 70; n += n < 20 ? 1 : 7)
            yield return Random(n, n, n < 10 ? 0.8 : 0.5, seed: 100 + n, name: $"square {n}");
        foreach (int len in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 70 })
            yield return Random(3, len, 1.0, seed: 200 + len, name: $"dense rows of {len}");
        yield return FixedPerRow(500, 400, 16, seed: 10);
        yield return FixedPerRow(257, 3000, 13, seed: 11);
    }

    public static TestMatrix EmptyRows(int rows, int columns, int seed)
    {
        var rng = new Random(seed);
        var entries = new List<(int, int, double)>();
        for (int r = 0; r < rows; r++)
        {
            if (r % 3 != 1) continue; // two rows in three are empty, including the first and the last
            for (int c = 0; c < columns; c++)
                if (rng.NextDouble() < 0.4) entries.Add((r, c, RandomValue(rng)));
        }
        return new TestMatrix($"empty rows {rows}x{columns}", rows, columns, entries);
    }

    public static TestMatrix SingleDenseRow(int rows, int columns, int denseRow, int seed)
    {
        var rng = new Random(seed);
        var entries = new List<(int, int, double)>();
        for (int c = 0; c < columns; c++) entries.Add((denseRow, c, RandomValue(rng)));
        for (int r = 0; r < rows; r++)
            if (r != denseRow && rng.Next(3) == 0) entries.Add((r, rng.Next(columns), RandomValue(rng)));
        return new TestMatrix($"single dense row {rows}x{columns}", rows, columns, entries);
    }

    /// <summary>Random vector of multiples of 1/8 (exact in both precisions).</summary>
    public static double[] Vector(int length, int seed)
    {
        var rng = new Random(seed);
        var v = new double[length];
        for (int i = 0; i < v.Length; i++) v[i] = RandomValue(rng);
        return v;
    }

    public static T[] Cast<T>(double[] values) where T : unmanaged, INumber<T>
        => values.Select(T.CreateChecked).ToArray();

    public static T[] Filled<T>(int length, double value) where T : unmanaged, INumber<T>
        => Enumerable.Repeat(T.CreateChecked(value), length).ToArray();

    /// <summary>
    /// Naive reference for y = alpha * op(A) * x + beta * y0 (op = transpose when <paramref name="transposed"/>).
    /// beta == null means "overwrite" (y0 is never read). Also returns, per entry, the sum of |terms|: the scale
    /// that rounding error is relative to.
    /// </summary>
    public static (double[] Expected, double[] Magnitude) MatVec(TestMatrix a, double[] x, double[]? y0, double alpha, double? beta, bool transposed = false)
    {
        int outLength = transposed ? a.Columns : a.Rows;
        int inLength = transposed ? a.Rows : a.Columns;
        if (x.Length != inLength) throw new ArgumentException("reference: x length");
        var expected = new double[outLength];
        var magnitude = new double[outLength];
        for (int i = 0; i < outLength; i++)
        {
            double sum = 0, mag = 0;
            for (int j = 0; j < inLength; j++)
            {
                double aij = transposed ? a.Dense[j, i] : a.Dense[i, j];
                sum += aij * x[j];
                mag += Math.Abs(aij * x[j]);
            }
            expected[i] = alpha * sum;
            magnitude[i] = Math.Abs(alpha) * mag;
            if (beta is double b && b != 0)
            {
                expected[i] += b * y0![i];
                magnitude[i] += Math.Abs(b * y0[i]);
            }
        }
        return (expected, magnitude);
    }

    /// <summary>Naive reference for Y = alpha * A * X + beta * Y0 with X (a.Columns x k) and Y (a.Rows x k) row-major.</summary>
    public static (double[] Expected, double[] Magnitude) MatMat(TestMatrix a, double[] x, int k, double[]? y0, double alpha, double? beta)
    {
        var expected = new double[a.Rows * k];
        var magnitude = new double[a.Rows * k];
        for (int i = 0; i < a.Rows; i++)
            for (int c = 0; c < k; c++)
            {
                double sum = 0, mag = 0;
                for (int j = 0; j < a.Columns; j++)
                {
                    double term = a.Dense[i, j] * x[j * k + c];
                    sum += term;
                    mag += Math.Abs(term);
                }
                int o = i * k + c;
                expected[o] = alpha * sum;
                magnitude[o] = Math.Abs(alpha) * mag;
                if (beta is double b && b != 0)
                {
                    expected[o] += b * y0![o];
                    magnitude[o] += Math.Abs(b * y0[o]);
                }
            }
        return (expected, magnitude);
    }

    /// <summary>Relative rounding tolerance per element type (generous enough for any summation order).</summary>
    public static double Epsilon<T>() => typeof(T) == typeof(float) ? 1e-5 : 1e-13;

    /// <summary>Asserts |actual - expected| &lt;= eps * (sum of |terms|) element-wise, naming the first bad index.</summary>
    public static void AssertClose<T>(double[] expected, double[] magnitude, ReadOnlySpan<T> actual, string context)
        where T : unmanaged, INumber<T>
    {
        Assert.True(expected.Length == actual.Length, $"{context}: length {actual.Length}, expected {expected.Length}");
        double eps = Epsilon<T>() * 8;
        for (int i = 0; i < expected.Length; i++)
        {
            double got = double.CreateChecked(actual[i]);
            double tolerance = eps * magnitude[i] + (typeof(T) == typeof(float) ? 1e-30 : 1e-300);
            if (!(Math.Abs(got - expected[i]) <= tolerance))
                Assert.Fail($"{context}: element {i} is {got}, expected {expected[i]} (tolerance {tolerance})");
        }
    }

    /// <summary>Checks y = alpha * op(A) * x + beta * y for one kernel call; beta null/0 means y starts as NaN and must be overwritten.</summary>
    public static void CheckMatVec<T>(TestMatrix a, string label, VectorKernel<T> kernel, double alpha = 1, double? beta = null, bool transposed = false, int seed = 17)
        where T : unmanaged, INumber<T>
    {
        int inputLength = transposed ? a.Rows : a.Columns;
        int outputLength = transposed ? a.Columns : a.Rows;
        var x = Vector(inputLength, seed);
        bool overwrite = beta is null || beta == 0;
        var y0 = overwrite ? Enumerable.Repeat(double.NaN, outputLength).ToArray() : Vector(outputLength, seed + 1);
        var y = Cast<T>(y0);
        kernel(Cast<T>(x), y);
        var (expected, magnitude) = MatVec(a, x, y0, alpha, beta, transposed);
        AssertClose<T>(expected, magnitude, y, $"{label} (alpha {alpha}, beta {beta?.ToString() ?? "none"}) on {a}");
    }

    /// <summary>Checks Y = alpha * A * X + beta * Y with X of <paramref name="k"/> columns (row-major).</summary>
    public static void CheckMatMat<T>(TestMatrix a, string label, int k, Action<DenseMatrix<T>, DenseMatrix<T>> kernel, double alpha = 1, double? beta = null, int seed = 23)
        where T : unmanaged, INumber<T>
    {
        var x = Vector(a.Columns * k, seed);
        bool overwrite = beta is null || beta == 0;
        var y0 = overwrite ? Enumerable.Repeat(double.NaN, a.Rows * k).ToArray() : Vector(a.Rows * k, seed + 1);
        var y = new DenseMatrix<T>(a.Rows, k, Cast<T>(y0));
        kernel(new DenseMatrix<T>(a.Columns, k, Cast<T>(x)), y);
        var (expected, magnitude) = MatMat(a, x, k, y0, alpha, beta);
        AssertClose<T>(expected, magnitude, y.Values, $"{label} k={k} (alpha {alpha}, beta {beta?.ToString() ?? "none"}) on {a}");
    }

    /// <summary>Matrices for multi-threaded runs: big enough to split, with empty and long rows.</summary>
    public static IEnumerable<TestMatrix> ForThreading()
    {
        yield return FixedPerRow(3000, 2500, 9, seed: 31);
        yield return EmptyRows(900, 700, seed: 32);
        yield return SingleDenseRow(1200, 1500, denseRow: 600, seed: 33);
    }

    /// <summary>
    /// Runs <paramref name="action"/> with at most <paramref name="maxThreads"/> threads and a tiny work per thread
    /// (so kernels split as far as they can): the calling thread's current <see cref="SparseContext"/>, which the
    /// generated kernels read. The process-wide default is never changed, so tests running at the same time on other
    /// threads keep their own budgets and no lock is needed.
    /// </summary>
    public static void WithThreads(int maxThreads, Action action)
    {
        using (new SparseContext(maxThreads, minimumWorkPerThread: 1).Enter())
            action();
    }

    /// <summary>Runs <paramref name="action"/> single-threaded (MaxThreads = 1).</summary>
    public static void SingleThreaded(Action action) => WithThreads(1, action);
}

/// <summary>A kernel call over a vector: <c>(x, y) => Kernels.Spmv(a, x, y, ...)</c>.</summary>
public delegate void VectorKernel<T>(ReadOnlySpan<T> x, Span<T> y);
