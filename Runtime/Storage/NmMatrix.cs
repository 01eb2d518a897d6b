using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// N:M semi-structured: each row is split into GroupsPerRow = ceil(Columns / M) groups of M consecutive
/// columns; each group stores exactly N slots. Slot s of group g of row r is at
/// p = (r * GroupsPerRow + g) * N + s; its column is g * M + Indices[p].
/// Rule enforced at construction: every slot has Indices[p] &lt; M; a slot with value 0 is unused (its index is
/// otherwise free, so kernels must still check the column of the partial last group); the used (nonzero) slots of a
/// group have strictly increasing indices and name columns &lt; Columns (the last group of a row is partial when
/// Columns % M != 0). FromCsr/PruneDense put unused slots at index 0 with value 0.
/// Kernels skip unused slots (value 0) instead of multiplying them, so an Inf or NaN in x at a column a row never
/// touches stays out of that row, as in CSR. The constructor copies the arrays; <see cref="Indices"/> is read-only,
/// <see cref="Values"/> stays writable (an index is below M whatever the values are, and the partial last group is
/// checked per slot, so no value written there can make a kernel read outside x).
/// </summary>
public sealed class NmMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    private readonly T[] _values;
    private readonly byte[] _indices;

    public NmMatrix(int rows, int columns, int n, int m, T[] values, byte[] indices)
        : this(rows, columns, n, m, Copy(values, nameof(values)), Copy(indices, nameof(indices)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal NmMatrix(int rows, int columns, int n, int m, T[] values, byte[] indices, bool owned)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        Positive(n, nameof(n));
        Positive(m, nameof(m));
        if (n > m) throw new ArgumentOutOfRangeException(nameof(n), n, $"n ({S(n)}) must not exceed m ({S(m)}).");
        if (m > 256) throw new ArgumentOutOfRangeException(nameof(m), m, $"m ({S(m)}) must be at most 256 (indices are bytes).");
        NotNull(values, nameof(values));
        NotNull(indices, nameof(indices));
        int groups = (int)(((long)columns + m - 1) / m);
        long slots = (long)rows * groups * n;
        string why = $"{S(rows)} rows x {S(groups)} groups x {S(n)} slots";
        Length("Values", values.Length, slots, why);
        Length("Indices", indices.Length, slots, why);
        for (int r = 0; r < rows; r++)
            for (int g = 0; g < groups; g++)
            {
                int baseP = (r * groups + g) * n;
                int previous = -1, previousP = -1;
                for (int s = 0; s < n; s++)
                {
                    int p = baseP + s;
                    int idx = indices[p];
                    if (idx >= m)
                        throw new SparseFormatException($"Indices[{S(p)}] = {S(idx)} in row {S(r)}, group {S(g)} is out of range: it must be less than M = {S(m)}.");
                    if (T.IsZero(values[p])) continue;
                    if ((long)g * m + idx >= columns)
                        throw new SparseFormatException($"Indices[{S(p)}] = {S(idx)} in row {S(r)}, group {S(g)} names column {S((long)g * m + idx)}, but the matrix has {S(columns)} columns (partial last group).");
                    if (idx <= previous)
                        throw new SparseFormatException($"Indices[{S(p)}] = {S(idx)} is not greater than Indices[{S(previousP)}] = {S(previous)} in row {S(r)}, group {S(g)}: the indices of used (nonzero) slots must be strictly increasing within a group.");
                    previous = idx; previousP = p;
                }
            }
        Rows = rows; Columns = columns; N = n; M = m; _values = values; _indices = indices;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int N { get; }
    public int M { get; }
    public int GroupsPerRow => (Columns + M - 1) / M;
    /// <summary>The slot values, writable in place: the checked way to update values on a fixed pattern (0 = unused slot).</summary>
    public Span<T> Values => _values;
    public ReadOnlySpan<byte> Indices => _indices;

    /// <summary>Packs the nonzeros of <paramref name="csr"/> into N:M groups (unused slots: value 0, index 0);
    /// <see cref="SparseFormatException"/> naming the row and group if a group has more than n nonzeros.</summary>
    public static NmMatrix<T> FromCsr(CsrMatrix<T> csr, int n, int m)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ValidateNm(n, m);
        int groups = (int)(((long)csr.Columns + m - 1) / m);
        var values = new T[SlotCount(csr.Rows, groups, n)];
        var indices = new byte[values.Length];
        for (int r = 0; r < csr.Rows; r++)
        {
            int usedGroup = -1, used = 0;
            for (int k = csr.RowPointers[r]; k < csr.RowPointers[r + 1]; k++)
            {
                T v = csr.Values[k];
                if (T.IsZero(v)) continue;
                int c = csr.ColumnIndices[k];
                int g = c / m;
                if (g != usedGroup) { usedGroup = g; used = 0; }
                if (used == n)
                    throw new SparseFormatException($"Row {S(r)}, group {S(g)} (columns {S((long)g * m)}..{S(Math.Min((long)g * m + m, csr.Columns) - 1)}) has more than {S(n)} nonzeros: it does not fit {S(n)}:{S(m)} sparsity.");
                int p = (r * groups + g) * n + used++;
                values[p] = v;
                indices[p] = (byte)(c - g * m);
            }
        }
        return new NmMatrix<T>(csr.Rows, csr.Columns, n, m, values, indices, owned: true);
    }

    /// <summary>Keeps the n largest magnitudes of every group of m (ties: lower column first); zeros are never kept.</summary>
    public static NmMatrix<T> PruneDense(DenseMatrix<T> dense, int n, int m)
    {
        ArgumentNullException.ThrowIfNull(dense);
        ValidateNm(n, m);
        int rows = dense.Rows, columns = dense.Columns;
        int groups = (int)(((long)columns + m - 1) / m);
        var values = new T[SlotCount(rows, groups, n)];
        var indices = new byte[values.Length];
        var chosen = new bool[m];
        for (int r = 0; r < rows; r++)
            for (int g = 0; g < groups; g++)
            {
                int width = Math.Min(m, columns - g * m);
                Array.Clear(chosen);
                for (int s = 0; s < n; s++)
                {
                    int best = -1;
                    T bestAbs = T.Zero;
                    for (int j = 0; j < width; j++)
                    {
                        if (chosen[j]) continue;
                        T a = T.Abs(dense[r, g * m + j]);
                        if (Greater(a, bestAbs)) { best = j; bestAbs = a; }   // strict: ties keep the lower column
                    }
                    if (best < 0) break;
                    chosen[best] = true;
                }
                int p = (r * groups + g) * n;
                for (int j = 0; j < width; j++)
                    if (chosen[j]) { values[p] = dense[r, g * m + j]; indices[p] = (byte)j; p++; }
            }
        return new NmMatrix<T>(rows, columns, n, m, values, indices, owned: true);
    }

    /// <summary>a > b for magnitudes (results of T.Abs) with no ordering on T (complex values compare by modulus);
    /// false when either is NaN, as a > b is.</summary>
    private static bool Greater(T a, T b) => a != b && T.MaxMagnitude(a, b) == a;

    /// <summary>rows x groups x n slots, or an exception naming the sizes when that exceeds one array.</summary>
    private static int SlotCount(int rows, int groups, int n)
    {
        long slots = (long)rows * groups * n;
        if (slots > Array.MaxLength)
            throw new SparseFormatException($"{S(rows)} rows x {S(groups)} groups x {S(n)} slots = {S(slots)} slots exceed the largest array ({S(Array.MaxLength)} elements).");
        return (int)slots;
    }

    private static void ValidateNm(int n, int m)
    {
        Positive(n, nameof(n));
        Positive(m, nameof(m));
        if (n > m) throw new ArgumentOutOfRangeException(nameof(n), n, $"n ({S(n)}) must not exceed m ({S(m)}).");
        if (m > 256) throw new ArgumentOutOfRangeException(nameof(m), m, $"m ({S(m)}) must be at most 256 (indices are bytes).");
    }

    long IStoredMatrix<T>.Rows => Rows;
    long IStoredMatrix<T>.Columns => Columns;

    /// <summary>The used (nonzero) slots, row by row, group by group.</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        int groups = GroupsPerRow, n = N, m = M;
        T[] values = _values;
        byte[] indices = _indices;
        for (int r = 0; r < Rows; r++)
            for (int g = 0; g < groups; g++)
                for (int s = 0; s < n; s++)
                {
                    int p = (r * groups + g) * n + s;
                    T v = values[p];
                    if (!T.IsZero(v)) visitor.Visit(r, g * m + indices[p], v);
                }
    }

    /// <summary>CSR holding the used (nonzero) slots.</summary>
    public CsrMatrix<T> ToCsr() => StoredEntries.ToCsr(this);

    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);
}
