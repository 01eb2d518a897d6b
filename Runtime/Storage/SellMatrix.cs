using System;
using System.Numerics;
using static SparseDsl.StructureCheck;

namespace SparseDsl;

/// <summary>
/// SELL-C-σ: rows are sorted by length (descending) inside windows of σ rows, then cut into slices of C rows.
/// Slice s holds SliceWidths[s] columns of C entries each, stored column-major from SliceOffsets[s]:
/// entry (lane, k) is at SliceOffsets[s] + k * C + lane. Row lane of slice s is original row RowPermutation[s * C + lane]
/// (or padding if that index >= Rows). RowLengths[s * C + lane] is the number of stored entries of that lane: entries
/// at k >= RowLengths[...] are padding, which kernels never read, so an Inf or NaN in x cannot reach a row through
/// padding (padding entries still need a valid column index and conversions store value 0 there).
/// Enforced: SliceCount = ceil(Rows / C); SliceOffsets has SliceCount entries (optionally one more, the total) with
/// SliceOffsets[0] = 0 and SliceOffsets[s + 1] = SliceOffsets[s] + SliceWidths[s] * C; RowPermutation is a permutation of
/// 0..SliceCount*C-1 (padding lanes hold indices >= Rows) or, without padding lanes, of 0..Rows-1 (lanes past its end
/// are padding); RowLengths has SliceCount*C entries, each in [0, SliceWidths[s]] and 0 for padding lanes; every
/// column index in [0, Columns). FromCsr produces SliceCount + 1 offsets and the full-lane permutation.
/// The constructors copy the arrays; the structure is read-only after validation, <see cref="Values"/> stays writable.
/// </summary>
public sealed class SellMatrix<T> : IStoredMatrix<T> where T : unmanaged, INumberBase<T>
{
    private readonly int[] _sliceOffsets, _sliceWidths, _rowPermutation, _rowLengths, _columnIndices;
    private readonly T[] _values;

    /// <summary>
    /// Without explicit row lengths: a lane's entries end after its last nonzero value (trailing stored zeros count as
    /// padding, as conversions to CSR drop them anyway).
    /// </summary>
    public SellMatrix(int rows, int columns, int sliceHeight, int sortWindow, int[] sliceOffsets, int[] sliceWidths, int[] rowPermutation, int[] columnIndices, T[] values)
        : this(rows, columns, sliceHeight, sortWindow, Copy(sliceOffsets, nameof(sliceOffsets)), Copy(sliceWidths, nameof(sliceWidths)), Copy(rowPermutation, nameof(rowPermutation)), null, Copy(columnIndices, nameof(columnIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>With explicit row lengths per lane (<paramref name="rowLengths"/>[s * C + lane]).</summary>
    public SellMatrix(int rows, int columns, int sliceHeight, int sortWindow, int[] sliceOffsets, int[] sliceWidths, int[] rowPermutation, int[] rowLengths, int[] columnIndices, T[] values)
        : this(rows, columns, sliceHeight, sortWindow, Copy(sliceOffsets, nameof(sliceOffsets)), Copy(sliceWidths, nameof(sliceWidths)), Copy(rowPermutation, nameof(rowPermutation)), Copy(rowLengths, nameof(rowLengths)), Copy(columnIndices, nameof(columnIndices)), Copy(values, nameof(values)), owned: true)
    {
    }

    /// <summary>Takes the arrays without copying (the runtime's own conversions, which hand over fresh arrays);
    /// null <paramref name="rowLengths"/> derives them from the values.</summary>
    internal SellMatrix(int rows, int columns, int sliceHeight, int sortWindow, int[] sliceOffsets, int[] sliceWidths, int[] rowPermutation, int[]? rowLengths, int[] columnIndices, T[] values, bool owned)
    {
        NonNegative(rows, nameof(rows));
        NonNegative(columns, nameof(columns));
        Positive(sliceHeight, nameof(sliceHeight));
        Positive(sortWindow, nameof(sortWindow));
        NotNull(sliceOffsets, nameof(sliceOffsets));
        NotNull(sliceWidths, nameof(sliceWidths));
        NotNull(rowPermutation, nameof(rowPermutation));
        NotNull(columnIndices, nameof(columnIndices));
        NotNull(values, nameof(values));
        int slices = (int)(((long)rows + sliceHeight - 1) / sliceHeight);
        Length("SliceWidths", sliceWidths.Length, slices, $"one per slice of {S(sliceHeight)} rows");
        if (sliceOffsets.Length != slices && sliceOffsets.Length != slices + 1)
            throw new SparseFormatException($"SliceOffsets has length {S(sliceOffsets.Length)} but must have length {S(slices)} or {S((long)slices + 1)} (one per slice, optionally followed by the total).");
        long total = 0;
        for (int s = 0; s < slices; s++)
        {
            if (sliceWidths[s] < 0)
                throw new SparseFormatException($"SliceWidths[{S(s)}] = {S(sliceWidths[s])} must not be negative.");
            if (sliceOffsets[s] != total)
                throw new SparseFormatException(s == 0
                    ? $"SliceOffsets[0] = {S(sliceOffsets[0])} but must be 0."
                    : $"SliceOffsets[{S(s)}] = {S(sliceOffsets[s])} but must be SliceOffsets[{S(s - 1)}] + SliceWidths[{S(s - 1)}] * C = {S(total)}.");
            total += (long)sliceWidths[s] * sliceHeight;
        }
        if (sliceOffsets.Length == slices + 1 && sliceOffsets[slices] != total)
            throw new SparseFormatException(slices == 0
                ? $"SliceOffsets[0] = {S(sliceOffsets[0])} but must be 0."
                : $"SliceOffsets[{S(slices)}] = {S(sliceOffsets[slices])} but must be SliceOffsets[{S(slices - 1)}] + SliceWidths[{S(slices - 1)}] * C = {S(total)}.");
        Length("ColumnIndices", columnIndices.Length, total, "the sum of SliceWidths[s] * C");
        Length("Values", values.Length, total, "the sum of SliceWidths[s] * C");
        long lanes = (long)slices * sliceHeight;
        if (rowPermutation.Length != rows && rowPermutation.Length != lanes)
            throw new SparseFormatException($"RowPermutation has length {S(rowPermutation.Length)} but must have length {S(rows)} (Rows) or {S(lanes)} ({S(slices)} slices x {S(sliceHeight)} lanes).");
        int permLength = rowPermutation.Length;
        var seen = new bool[permLength];
        for (int i = 0; i < permLength; i++)
        {
            int r = rowPermutation[i];
            if ((uint)r >= (uint)permLength)
                throw new SparseFormatException($"RowPermutation[{S(i)}] = {S(r)} is out of range: it must be in [0, {S(permLength)}) (entries >= Rows = {S(rows)} mark padding lanes).");
            if (seen[r])
                throw new SparseFormatException($"RowPermutation[{S(i)}] = {S(r)} repeats an earlier entry: RowPermutation must be a permutation of 0..{S(permLength - 1)}.");
            seen[r] = true;
        }
        for (int k = 0; k < total; k++)
            if ((uint)columnIndices[k] >= (uint)columns)
                throw new SparseFormatException($"ColumnIndices[{S(k)}] = {S(columnIndices[k])} is out of range: it must be in [0, {S(columns)}) ({S(columns)} columns; padding needs a valid column too).");
        // Row lengths per lane: given (checked against the slice widths) or derived from the last nonzero value.
        var lengths = rowLengths ?? new int[lanes];
        Length("RowLengths", lengths.Length, lanes, $"one per lane: {S(slices)} slices x {S(sliceHeight)} lanes");
        for (int s = 0; s < slices; s++)
            for (int lane = 0; lane < sliceHeight; lane++)
            {
                int slot = s * sliceHeight + lane;
                bool padding = slot >= permLength || rowPermutation[slot] >= rows;
                if (rowLengths is null)
                {
                    if (padding) continue;
                    int length = sliceWidths[s];
                    while (length > 0 && T.IsZero(values[sliceOffsets[s] + (length - 1) * sliceHeight + lane])) length--;
                    lengths[slot] = length;
                }
                else if (padding ? lengths[slot] != 0 : (uint)lengths[slot] > (uint)sliceWidths[s])
                    throw new SparseFormatException(padding
                        ? $"RowLengths[{S(slot)}] = {S(lengths[slot])} but must be 0: lane {S(lane)} of slice {S(s)} is a padding lane."
                        : $"RowLengths[{S(slot)}] = {S(lengths[slot])} is out of range: it must be in [0, {S(sliceWidths[s])}] (SliceWidths[{S(s)}]).");
            }
        Rows = rows; Columns = columns; SliceHeight = sliceHeight; SortWindow = sortWindow; _sliceOffsets = sliceOffsets;
        _sliceWidths = sliceWidths; _rowPermutation = rowPermutation; _rowLengths = lengths; _columnIndices = columnIndices; _values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int SliceHeight { get; }
    public int SortWindow { get; }
    public int SliceCount => _sliceWidths.Length;
    public ReadOnlySpan<int> SliceOffsets => _sliceOffsets;
    public ReadOnlySpan<int> SliceWidths => _sliceWidths;
    public ReadOnlySpan<int> RowPermutation => _rowPermutation;
    /// <summary>Stored entries per lane (SliceCount * SliceHeight entries); entries past a lane's length are padding.</summary>
    public ReadOnlySpan<int> RowLengths => _rowLengths;
    public ReadOnlySpan<int> ColumnIndices => _columnIndices;
    /// <summary>The stored values, writable in place: the checked way to update values on a fixed pattern (padding is never read).</summary>
    public Span<T> Values => _values;

    /// <summary>Builds SELL-C-σ: stable sort by descending row length inside windows of <paramref name="sortWindow"/>
    /// rows, slices of <paramref name="sliceHeight"/> rows as wide as their longest row, padding value 0 at column 0.</summary>
    public static SellMatrix<T> FromCsr(CsrMatrix<T> csr, int sliceHeight, int sortWindow)
    {
        ArgumentNullException.ThrowIfNull(csr);
        Positive(sliceHeight, nameof(sliceHeight));
        Positive(sortWindow, nameof(sortWindow));
        int rows = csr.Rows;
        int slices = (int)(((long)rows + sliceHeight - 1) / sliceHeight);
        int lanes = ArrayLength((long)slices * sliceHeight, $"{S(slices)} slices x {S(sliceHeight)} lanes (rows padded to whole slices)");
        var perm = new int[lanes];
        for (int i = 0; i < lanes; i++) perm[i] = i;
        for (int w = 0; w < rows; w += sortWindow)
        {
            int len = Math.Min(sortWindow, rows - w);
            var keys = new (int NegLength, int Row)[len];
            for (int i = 0; i < len; i++) keys[i] = (-(csr.RowPointers[w + i + 1] - csr.RowPointers[w + i]), w + i);
            Array.Sort(keys);   // (−length, row): descending length, ties by original order = stable
            for (int i = 0; i < len; i++) perm[w + i] = keys[i].Row;
        }
        var widths = new int[slices];
        var offsets = new int[slices + 1];
        for (int s = 0; s < slices; s++)
        {
            int width = 0;
            for (int lane = 0; lane < sliceHeight; lane++)
            {
                int r = perm[s * sliceHeight + lane];
                if (r < rows) width = Math.Max(width, csr.RowPointers[r + 1] - csr.RowPointers[r]);
            }
            widths[s] = width;
            offsets[s + 1] = ArrayLength(offsets[s] + (long)width * sliceHeight,
                $"the padded entries of slices 0..{S(s)} (slice {S(s)} is {S(width)} wide x {S(sliceHeight)} lanes)");
        }
        var cols = new int[offsets[slices]];
        var vals = new T[cols.Length];
        var lengths = new int[lanes];
        for (int s = 0; s < slices; s++)
            for (int lane = 0; lane < sliceHeight; lane++)
            {
                int r = perm[s * sliceHeight + lane];
                if (r >= rows) continue;
                int start = csr.RowPointers[r];
                int length = csr.RowPointers[r + 1] - start;
                lengths[s * sliceHeight + lane] = length;
                for (int k = 0; k < length; k++)
                {
                    int p = offsets[s] + k * sliceHeight + lane;
                    cols[p] = csr.ColumnIndices[start + k];
                    vals[p] = csr.Values[start + k];
                }
            }
        return new SellMatrix<T>(rows, csr.Columns, sliceHeight, sortWindow, offsets, widths, perm, lengths, cols, vals, owned: true);
    }

    long IStoredMatrix<T>.Rows => Rows;
    long IStoredMatrix<T>.Columns => Columns;

    /// <summary>The nonzero entries within each lane's row length, slice by slice, lane by lane (padding lanes,
    /// entries past a row length and stored zeros are skipped).</summary>
    public void ForEachStored<TVisitor>(ref TVisitor visitor) where TVisitor : IStoredEntryVisitor<T>, allows ref struct
    {
        int c = SliceHeight;
        int[] offsets = _sliceOffsets, permutation = _rowPermutation, lengths = _rowLengths, columns = _columnIndices;
        T[] values = _values;
        for (int s = 0; s < SliceCount; s++)
            for (int lane = 0; lane < c; lane++)
            {
                int slot = s * c + lane;
                if (slot >= permutation.Length) break;
                int r = permutation[slot];
                if (r >= Rows) continue;
                for (int k = 0; k < lengths[slot]; k++)
                {
                    int p = offsets[s] + k * c + lane;
                    T v = values[p];
                    if (!T.IsZero(v)) visitor.Visit(r, columns[p], v);
                }
            }
    }

    /// <summary>CSR of the nonzero entries within the row lengths (padding and stored zeros are dropped; repeated columns add up).</summary>
    public CsrMatrix<T> ToCsr() => StoredEntries.ToCsr(this);

    public DenseMatrix<T> ToDense() => StoredEntries.ToDense(this);
}
