using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>CSR with 64-bit row pointers and column indices (the i64 index width). Validated like <see cref="CsrMatrix{T}"/>.
/// The constructor copies the arrays; the structure is read-only after validation, <see cref="Values"/> stays writable.</summary>
public sealed class CsrMatrix64<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    private readonly long[] _rowPointers, _columnIndices;
    private readonly T[] _values;

    public CsrMatrix64(long rows, long columns, long[] rowPointers, long[] columnIndices, T[] values)
        : this(rows, columns, Copy(rowPointers, nameof(rowPointers)), Copy(columnIndices, nameof(columnIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays).</summary>
    internal CsrMatrix64(long rows, long columns, long[] rowPointers, long[] columnIndices, T[] values, bool owned)
    {
        CompressedArguments(rows, columns, rowPointers, nameof(rowPointers), columnIndices, nameof(columnIndices), values, "column index");
        Compressed(rowPointers, "RowPointers", rows, "row", columnIndices, "ColumnIndices", "column indices", columns, "columns");
        Rows = rows; Columns = columns; _rowPointers = rowPointers; _columnIndices = columnIndices; _values = values;
    }

    public long Rows { get; }
    public long Columns { get; }
    public long NonZeroCount => _rowPointers[Rows];
    public ReadOnlySpan<long> RowPointers => _rowPointers;
    public ReadOnlySpan<long> ColumnIndices => _columnIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    /// <summary>Widens the indices of <paramref name="csr"/> to 64 bits (arrays are copied), reading it through the
    /// walk: the CSR walk visits rows in order, so the triplets are already in this layout's order.</summary>
    public static CsrMatrix64<T> FromCsr(CsrMatrix<T> csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        var (rows, columns, values) = StoredEntries.ToTriplets(csr, csr.NonZeroCount);
        var pointers = new long[csr.Rows + 1];
        foreach (int r in rows) pointers[r + 1]++;
        for (int i = 0; i < csr.Rows; i++) pointers[i + 1] += pointers[i];
        var wide = new long[columns.Length];
        for (int i = 0; i < wide.Length; i++) wide[i] = columns[i];
        return new CsrMatrix64<T>(csr.Rows, csr.Columns, pointers, wide, values, owned: true);
    }

    /// <summary>Narrows to 32-bit indices through the walk (explicit zeros kept); <see cref="OverflowException"/>
    /// naming the size if the shape or the entry count does not fit.</summary>
    public CsrMatrix<T> ToCsr()
    {
        Narrow(Rows, "Rows");
        Narrow(Columns, "Columns");
        Narrow(NonZeroCount, "the number of stored entries");
        return StoredEntries.ToCsr(this);
    }

    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);

    /// <summary>Every stored entry, row by row; <see cref="OverflowException"/> first when Rows or Columns exceed int.</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        int rows = Narrow(Rows, "Rows");
        Narrow(Columns, "Columns");
        long[] pointers = _rowPointers, columns = _columnIndices;
        T[] values = _values;
        for (int r = 0; r < rows; r++)
            for (long k = pointers[r]; k < pointers[r + 1]; k++)
                visitor.Visit(r, (int)columns[k], values[k]);
    }

    private static int Narrow(long value, string what) => value <= int.MaxValue
        ? (int)value
        : throw new OverflowException($"{what} = {S(value)} does not fit 32-bit CSR (the limit is {S(int.MaxValue)}).");
}
