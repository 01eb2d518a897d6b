using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// Diagonal storage: diagonal d has offset Offsets[d] (column = row + offset) and its value for row i is
/// Values[d * Rows + i] (entries whose column falls outside the matrix are ignored; conversions store 0 there).
/// Enforced: Offsets unique and within -(Rows-1)..Columns-1, Values.Length == Offsets.Length * Rows.
/// The constructor copies the arrays; the offsets are read-only after validation, <see cref="Values"/> stays writable.
/// </summary>
public sealed class DiaMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    private readonly int[] _offsets;
    private readonly T[] _values;

    public DiaMatrix(int rows, int columns, int[] offsets, T[] values)
        : this(rows, columns, Copy(offsets, nameof(offsets)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal DiaMatrix(int rows, int columns, int[] offsets, T[] values, bool owned)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(offsets, nameof(offsets));
        NotNull(values, nameof(values));
        Length("Values", values.Length, (long)offsets.Length * rows, $"{S(offsets.Length)} diagonals x {S(rows)} rows");
        // firstUse[o + rows - 1] = 1 + the first position holding offset o (0 = not seen yet)
        var firstUse = new int[offsets.Length == 0 ? 0 : rows + columns];
        for (int d = 0; d < offsets.Length; d++)
        {
            int o = offsets[d];
            if (o <= -rows || o >= columns)
                throw new SparseFormatException($"Offsets[{S(d)}] = {S(o)} is out of range: it must be in [{S(-(rows - 1))}, {S(columns - 1)}] for a {S(rows)}x{S(columns)} matrix.");
            int key = o + rows - 1;
            if (firstUse[key] != 0)
                throw new SparseFormatException($"Offsets[{S(d)}] = {S(o)} repeats Offsets[{S(firstUse[key] - 1)}]: offsets must be unique.");
            firstUse[key] = d + 1;
        }
        Rows = rows; Columns = columns; _offsets = offsets; _values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public ReadOnlySpan<int> Offsets => _offsets;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    /// <summary>One diagonal per distinct (column − row) holding a nonzero, in ascending offset order.</summary>
    public static DiaMatrix<T> FromCsr(CsrMatrix<T> csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        int rows = csr.Rows;
        int span = rows + csr.Columns;           // offsets -(rows-1)..columns-1 map to o + rows - 1
        var slot = new int[Math.Max(span, 1)];
        Array.Fill(slot, -1);
        for (int r = 0; r < rows; r++)
            for (int k = csr.RowPointers[r]; k < csr.RowPointers[r + 1]; k++)
                if (!T.IsZero(csr.Values[k])) slot[csr.ColumnIndices[k] - r + rows - 1] = 0;
        int count = 0;
        for (int i = 0; i < slot.Length; i++) if (slot[i] == 0) slot[i] = count++;
        var offsets = new int[count];
        for (int i = 0; i < slot.Length; i++) if (slot[i] >= 0) offsets[slot[i]] = i - (rows - 1);
        var values = new T[ArrayLength((long)count * rows, $"{S(count)} diagonals x {S(rows)} rows")];
        for (int r = 0; r < rows; r++)
            for (int k = csr.RowPointers[r]; k < csr.RowPointers[r + 1]; k++)
                if (!T.IsZero(csr.Values[k]))
                    values[slot[csr.ColumnIndices[k] - r + rows - 1] * rows + r] = csr.Values[k];
        return new DiaMatrix<T>(rows, csr.Columns, offsets, values, owned: true);
    }

    long IStoredMatrix<T>.Rows => Rows;
    long IStoredMatrix<T>.Columns => Columns;

    /// <summary>The nonzero in-range entries, diagonal by diagonal (slots whose column falls outside the matrix and
    /// stored zeros are skipped).</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        int[] offsets = _offsets;
        T[] values = _values;
        for (int d = 0; d < offsets.Length; d++)
            for (int r = 0; r < Rows; r++)
            {
                long c = (long)r + offsets[d];
                T v = values[(long)d * Rows + r];
                if (c >= 0 && c < Columns && !T.IsZero(v)) visitor.Visit(r, (int)c, v);
            }
    }

    /// <summary>CSR of the nonzero in-range entries.</summary>
    public CsrMatrix<T> ToCsr() => StoredEntries.ToCsr(this);

    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);
}
