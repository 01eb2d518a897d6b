using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// Kronecker algebra that never forms a product: products of diagonals, log-determinants from the factors', the mixed
/// product rule, and the diagonal of (⊗B_i)·diag(d)·(⊗B_i)ᴴ (the sparse-Bayesian-learning E-step).
/// </summary>
public static class Kronecker
{
    /// <summary>d1 ⊗ d2 ⊗ … ⊗ dk: the diagonal of a Kronecker product of diagonal matrices (last factor fastest).</summary>
    public static T[] Diagonal<T>(params T[][] diagonals) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(diagonals);
        if (diagonals.Length == 0) throw new ArgumentException("a Kronecker product needs at least one factor.", nameof(diagonals));
        long length = 1;
        for (int i = 0; i < diagonals.Length; i++)
        {
            if (diagonals[i] is null) throw new ArgumentNullException(nameof(diagonals), $"diagonal {i + 1} is null.");
            length *= diagonals[i].Length;
            if (length > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(diagonals), $"the product of the lengths exceeds {Array.MaxLength}.");
        }
        var result = new T[length];
        DiagonalInto(diagonals, result);
        return result;
    }

    /// <summary>
    /// d1 ⊗ … ⊗ dk into <paramref name="result"/> (its first Π|d_i| entries), without allocating: what iterative
    /// solvers call each iteration. The caller guarantees the length (checked).
    /// </summary>
    public static void DiagonalInto<T>(ReadOnlySpan<T[]> diagonals, Span<T> result) where T : INumberBase<T>
    {
        long length = 1;
        foreach (var d in diagonals) length *= d.Length;
        if (result.Length < length) throw new ShapeMismatchException($"the result has length {result.Length} but the Kronecker diagonal has {length} entries", nameof(result));
        result[0] = T.One;
        int filled = 1;
        foreach (var d in diagonals)
        {
            // Expand in place from the back so each old entry is read before it is overwritten.
            for (int i = filled - 1; i >= 0; i--)
            {
                T head = result[i];
                for (int j = d.Length - 1; j >= 0; j--) result[i * d.Length + j] = head * d[j];
            }
            filled *= d.Length;
        }
    }

    /// <summary>
    /// log|K1 ⊗ … ⊗ Kk| from the factors' own log-determinants: Σ_i (N / n_i)·log|K_i| with N = Π n_i.
    /// </summary>
    public static double LogDeterminant(ReadOnlySpan<int> factorSizes, ReadOnlySpan<double> factorLogDeterminants)
    {
        if (factorSizes.Length != factorLogDeterminants.Length)
            throw new ShapeMismatchException($"{factorSizes.Length} factor sizes but {factorLogDeterminants.Length} log-determinants.");
        if (factorSizes.Length == 0) throw new ArgumentException("a Kronecker product needs at least one factor.", nameof(factorSizes));
        double n = 1;
        foreach (int size in factorSizes)
        {
            if (size <= 0) throw new ArgumentOutOfRangeException(nameof(factorSizes), size, "every factor size must be positive.");
            n *= size;
        }
        double sum = 0;
        for (int i = 0; i < factorSizes.Length; i++)
        {
            if (!double.IsFinite(factorLogDeterminants[i]))
                throw new ArgumentException($"the log-determinant of factor {i + 1} is {factorLogDeterminants[i]}.", nameof(factorLogDeterminants));
            sum += n / factorSizes[i] * factorLogDeterminants[i];
        }
        return sum;
    }

    /// <summary>(A1 ⊗ … ⊗ Ak)(C1 ⊗ … ⊗ Ck) = (A1·C1) ⊗ … ⊗ (Ak·Ck): the factors of the product (row-major).</summary>
    public static DenseMatrix<T>[] MixedProduct<T>(ReadOnlySpan<DenseMatrix<T>> left, ReadOnlySpan<DenseMatrix<T>> right) where T : unmanaged, INumberBase<T>
    {
        if (left.Length != right.Length)
            throw new ShapeMismatchException($"the mixed product needs as many factors on each side; left has {left.Length}, right {right.Length}.");
        var result = new DenseMatrix<T>[left.Length];
        for (int i = 0; i < left.Length; i++)
        {
            var a = left[i]; var c = right[i];
            if (a.Columns != c.Rows)
                throw new ShapeMismatchException($"factor {i + 1}: left is {a.Rows} x {a.Columns} but right is {c.Rows} x {c.Columns}; the inner sizes must agree.");
            var product = new DenseMatrix<T>(a.Rows, c.Columns);
            for (int r = 0; r < a.Rows; r++)
                for (int j = 0; j < a.Columns; j++)
                {
                    T coefficient = a[r, j];
                    for (int col = 0; col < c.Columns; col++) product.Values[r * c.Columns + col] += coefficient * c[j, col];
                }
            result[i] = product;
        }
        return result;
    }

    /// <summary>
    /// diag((⊗B_i)·diag(d)·(⊗B_i)ᴴ) without forming either product: its r-th entry is Σ_j |(⊗B_i)[r, j]|²·d[j], and
    /// |(⊗B_i)[r, j]|² = Π_i |B_i[r_i, j_i]|², so it is (⊗|B_i|²)·d, one real Kronecker product.
    /// </summary>
    public static double[] DiagonalOfCongruence<T>(ReadOnlySpan<DenseMatrix<T>> factors, ReadOnlySpan<double> d) where T : unmanaged, INumberBase<T>
    {
        var squared = new DenseMatrix<double>[factors.Length];
        for (int i = 0; i < factors.Length; i++)
        {
            var b = factors[i] ?? throw new ArgumentNullException(nameof(factors), $"factor {i + 1} is null.");
            var m = new DenseMatrix<double>(b.Rows, b.Columns);
            for (int r = 0; r < b.Rows; r++)
                for (int c = 0; c < b.Columns; c++) m.Values[r * b.Columns + c] = SquaredMagnitude(b[r, c]);
            squared[i] = m;
        }
        var kron = new KroneckerOperator<double>(squared);
        if (d.Length != kron.Columns)
            throw new ShapeMismatchException($"d has length {d.Length} but the product has {kron.Columns} columns.", nameof(d));
        var result = new double[kron.Rows];
        kron.Apply(d, result);
        return result;
    }

    private static double SquaredMagnitude<T>(T value) where T : INumberBase<T>
    {
        if (value is Complex z) return z.Real * z.Real + z.Imaginary * z.Imaginary;
        double real = double.CreateChecked(value);
        return real * real;
    }
}
