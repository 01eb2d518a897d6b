using System;
using System.Globalization;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// Symmetric permutation of a square CSR matrix and the band statistics that show what a reordering gained.
/// With p from <see cref="ReverseCuthillMcKee.Order{T}"/> (or any <see cref="Permutation"/>),
/// B = <see cref="PermuteSymmetric{T}"/>(A, p) satisfies B[i, j] = A[p[i], p[j]], so
/// y = A x ⇔ P y = B (P x): permute x with <see cref="Permutation.Apply{T}(ReadOnlySpan{T}, Span{T})"/>, multiply
/// with B (any generated CSR kernel), un-permute the result with
/// <see cref="Permutation.ApplyInverse{T}(ReadOnlySpan{T}, Span{T})"/>. <see cref="ReorderedOperator{T}"/> packages
/// those three steps.
/// </summary>
public static class Reordering
{
    /// <summary>B = P A Pᵀ: B[i, j] = A[p[i], p[j]], column indices sorted in each row, explicit zeros kept.
    /// O(nnz log d).</summary>
    public static CsrMatrix<T> PermuteSymmetric<T>(CsrMatrix<T> a, Permutation p) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(p);
        RequireSquare(a, nameof(PermuteSymmetric));
        if (p.Length != a.Rows)
            throw new ShapeMismatchException(
                $"Reordering.PermuteSymmetric: the permutation has {p.Length} elements but the matrix is {a.Rows} x {a.Columns}", nameof(p));
        int n = a.Rows, nnz = a.NonZeroCount;
        ReadOnlySpan<int> rp = a.RowPointers, ci = a.ColumnIndices, map = p.Map, inverse = p.InverseMap;
        ReadOnlySpan<T> values = a.Values;
        var pointers = new int[n + 1];
        var columns = new int[nnz];
        var newValues = new T[nnz];
        int write = 0;
        for (int i = 0; i < n; i++)
        {
            int old = map[i], start = write;
            for (int k = rp[old]; k < rp[old + 1]; k++)
            {
                columns[write] = inverse[ci[k]];
                newValues[write] = values[k];
                write++;
            }
            if (write - start > 1) Array.Sort(columns, newValues, start, write - start);
            pointers[i + 1] = write;
        }
        // the public constructor validates (and copies) the result: the permuted matrix is a matrix like any other
        return new CsrMatrix<T>(n, n, pointers, columns, newValues);
    }

    /// <summary>max |i − j| over the stored entries (0 for a diagonal or empty matrix).</summary>
    public static int Bandwidth<T>(CsrMatrix<T> a) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        return Statistics(a).Bandwidth;
    }

    /// <summary>Band and locality statistics of <paramref name="a"/>'s stored entries (values not read); square
    /// matrices only.</summary>
    public static BandStatistics Statistics<T>(CsrMatrix<T> a) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        RequireSquare(a, nameof(Statistics));
        int n = a.Rows;
        ReadOnlySpan<int> rp = a.RowPointers, ci = a.ColumnIndices;
        // first (lowest) row index stored in each column: the lower envelope of Aᵀ, without building Aᵀ
        var firstRowOfColumn = new int[n];
        firstRowOfColumn.AsSpan().Fill(int.MaxValue);
        int lower = 0, upper = 0;
        double distance = 0;
        for (int i = 0; i < n; i++)
            for (int k = rp[i]; k < rp[i + 1]; k++)
            {
                int j = ci[k];
                lower = Math.Max(lower, i - j);
                upper = Math.Max(upper, j - i);
                distance += Math.Abs(i - j);
                if (i < firstRowOfColumn[j]) firstRowOfColumn[j] = i;
            }
        long profile = 0;
        for (int i = 0; i < n; i++)
        {
            int first = i;
            if (rp[i + 1] > rp[i]) first = Math.Min(first, ci[rp[i]]);   // columns sorted: the first is the lowest
            first = Math.Min(first, firstRowOfColumn[i]);
            profile += i - first;
        }
        int nnz = a.NonZeroCount;
        return new BandStatistics(n, nnz, lower, upper, profile, nnz == 0 ? 0 : distance / nnz);
    }

    private static void RequireSquare<T>(CsrMatrix<T> a, string method) where T : unmanaged, INumberBase<T>
    {
        if (a.Rows != a.Columns)
            throw new ShapeMismatchException(
                $"Reordering.{method}: the matrix is {a.Rows} x {a.Columns}; a symmetric permutation needs a square matrix", "a");
    }
}

/// <summary>Band statistics of a square sparse matrix (<see cref="Reordering.Statistics{T}"/>).</summary>
/// <param name="Rows">n.</param>
/// <param name="NonZeros">stored entries.</param>
/// <param name="LowerBandwidth">max(i − j) over stored entries below the diagonal (0 if none).</param>
/// <param name="UpperBandwidth">max(j − i) over stored entries above the diagonal (0 if none).</param>
/// <param name="Profile">envelope size of the symmetrized pattern A + Aᵀ: Σᵢ (i − fᵢ), fᵢ the lowest column in
/// row i of A + Aᵀ, or i when there is none below the diagonal.</param>
/// <param name="MeanDistance">mean |i − j| over stored entries: how far from the diagonal SpMV reads x.</param>
public readonly record struct BandStatistics(int Rows, long NonZeros, int LowerBandwidth, int UpperBandwidth, long Profile, double MeanDistance)
{
    /// <summary>max(lower, upper): max |i − j| over the stored entries.</summary>
    public int Bandwidth => Math.Max(LowerBandwidth, UpperBandwidth);

    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "n = {0}, nnz = {1}, bandwidth = {2} (lower {3}, upper {4}), profile = {5}, mean |i-j| = {6:F1}",
        Rows, NonZeros, Bandwidth, LowerBandwidth, UpperBandwidth, Profile, MeanDistance);
}
