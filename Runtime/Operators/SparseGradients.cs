using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// The vector–Jacobian products of f = gᵀ·A·x for a stored sparse A on a fixed pattern: the value gradient is the
/// sampled dense–dense product (SDDMM) of the rank-one g·xᵀ on A's pattern, the input gradient the transposed
/// product Aᵀ·g. What a generated <c>gradient G of Csr : wrt values, input;</c> calls.
/// </summary>
public static class SparseGradients
{
    /// <summary>∂f/∂values[p] = g[row p]·x[column p], aligned with <paramref name="a"/>'s values. Returns f = gᵀ·A·x.</summary>
    public static T CsrValueGradient<T>(CsrMatrix<T> a, ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> gradient) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        Check(x.Length, a.Columns, "x", a);
        Check(g.Length, a.Rows, "g", a);
        if (gradient.Length != a.NonZeroCount)
            throw new ShapeMismatchException($"the value gradient has length {gradient.Length} but the {a.Rows} x {a.Columns} matrix stores {a.NonZeroCount} entries", nameof(gradient));
        var pointers = a.RowPointers;
        var columns = a.ColumnIndices;
        ReadOnlySpan<T> values = a.Values;
        T f = T.Zero;
        for (int r = 0; r < a.Rows; r++)
        {
            T weight = g[r];
            for (int p = pointers[r]; p < pointers[r + 1]; p++)
            {
                gradient[p] = weight * x[columns[p]];
                f += values[p] * gradient[p];
            }
        }
        return f;
    }

    /// <summary>∂f/∂x = Aᵀ·g (no conjugation), written into <paramref name="input"/> (length A.Columns).</summary>
    public static void CsrInputGradient<T>(CsrMatrix<T> a, ReadOnlySpan<T> g, Span<T> input) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        Check(g.Length, a.Rows, "g", a);
        Check(input.Length, a.Columns, "the input gradient", a);
        input.Clear();
        var pointers = a.RowPointers;
        var columns = a.ColumnIndices;
        ReadOnlySpan<T> values = a.Values;
        for (int r = 0; r < a.Rows; r++)
        {
            T weight = g[r];
            for (int p = pointers[r]; p < pointers[r + 1]; p++) input[columns[p]] += values[p] * weight;
        }
    }

    private static void Check<T>(int length, int expected, string name, CsrMatrix<T> a) where T : unmanaged, INumberBase<T>
    {
        if (length != expected)
            throw new ShapeMismatchException($"{name} has length {length} but the matrix is {a.Rows} x {a.Columns} (it needs {expected})", name);
    }
}
