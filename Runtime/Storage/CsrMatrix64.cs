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
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        NotNull(rowPointers, nameof(rowPointers));
        NotNull(columnIndices, nameof(columnIndices));
        NotNull(values, nameof(values));
        Length("Values", values.Length, columnIndices.Length, "one value per column index");
        Length("RowPointers", rowPointers.LongLength, rows + 1, $"one more than the {S(rows)} rows");
        if (rowPointers[0] != 0)
            throw new SparseFormatException($"RowPointers[0] = {S(rowPointers[0])} but must be 0.");
        long count = columnIndices.LongLength;
        for (long i = 0; i < rows; i++)
        {
            long start = rowPointers[i], end = rowPointers[i + 1];
            if (end < start)
                throw new SparseFormatException($"RowPointers[{S(i + 1)}] = {S(end)} is less than RowPointers[{S(i)}] = {S(start)}: RowPointers must be non-decreasing.");
            if (end > count)
                throw new SparseFormatException($"RowPointers[{S(i + 1)}] = {S(end)} exceeds the number of stored entries (ColumnIndices has length {S(count)}).");
            for (long k = start; k < end; k++)
            {
                long c = columnIndices[k];
                if (c < 0 || c >= columns)
                    throw new SparseFormatException($"ColumnIndices[{S(k)}] = {S(c)} in row {S(i)} is out of range: it must be in [0, {S(columns)}) ({S(columns)} columns).");
                if (k > start && c <= columnIndices[k - 1])
                    throw new SparseFormatException($"ColumnIndices[{S(k)}] = {S(c)} is not greater than ColumnIndices[{S(k - 1)}] = {S(columnIndices[k - 1])} in row {S(i)}: column indices must be strictly increasing.");
            }
        }
        if (rowPointers[rows] != count)
            throw new SparseFormatException($"RowPointers[{S(rows)}] = {S(rowPointers[rows])} but must equal the number of stored entries {S(count)} (the length of ColumnIndices).");
        Rows = rows; Columns = columns; _rowPointers = rowPointers; _columnIndices = columnIndices; _values = values;
    }

    public long Rows { get; }
    public long Columns { get; }
    public long NonZeroCount => _rowPointers[Rows];
    public ReadOnlySpan<long> RowPointers => _rowPointers;
    public ReadOnlySpan<long> ColumnIndices => _columnIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern.</summary>
    public Span<T> Values => _values;

    /// <summary>Widens the indices of <paramref name="csr"/> to 64 bits (arrays are copied).</summary>
    public static CsrMatrix64<T> FromCsr(CsrMatrix<T> csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        var pointers = new long[csr.RowPointers.Length];
        for (int i = 0; i < pointers.Length; i++) pointers[i] = csr.RowPointers[i];
        var cols = new long[csr.ColumnIndices.Length];
        for (int i = 0; i < cols.Length; i++) cols[i] = csr.ColumnIndices[i];
        return new CsrMatrix64<T>(csr.Rows, csr.Columns, pointers, cols, csr.Values.ToArray(), owned: true);
    }

    /// <summary>Narrows to 32-bit indices; <see cref="OverflowException"/> naming the size if the shape does not fit.</summary>
    public CsrMatrix<T> ToCsr()
    {
        int rows = Narrow(Rows, "Rows"), columns = Narrow(Columns, "Columns");
        Narrow(NonZeroCount, "the number of stored entries");
        var pointers = new int[rows + 1];
        for (int i = 0; i <= rows; i++) pointers[i] = (int)_rowPointers[i];
        var cols = new int[_columnIndices.Length];
        for (int i = 0; i < cols.Length; i++) cols[i] = (int)_columnIndices[i];
        return new CsrMatrix<T>(rows, columns, pointers, cols, (T[])_values.Clone(), owned: true);
    }

    public DenseMatrix<T> ToDense() => ToCsr().ToDense();

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
