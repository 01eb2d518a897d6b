using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparseDsl;

/// <summary>How a <see cref="SparseRandomProjection{T}"/> holds its matrix.</summary>
public enum RandomProjectionStorage
{
    /// <summary>The pattern generated once at construction and cached per column (see <see cref="SparseRandomProjection{T}.StoredBytes"/> for the layout).</summary>
    Stored,

    /// <summary>Matrix-free: every column regenerated from (seed, column) whenever it is used; only the threshold table and its guide are held.</summary>
    Hashed,
}

/// <summary>
/// A very sparse random projection (Achlioptas; Li, Hastie and Church 2006): R is k × d (out × in) with entries
/// +√(1/(p·k)) and −√(1/(p·k)) with probability p/2 each and 0 otherwise, so that E‖R·x‖² = ‖x‖²; p is the density
/// (1/s; by default 1/√d). The pattern is <see cref="RandomProjectionPattern"/>'s (a documented function of the seed);
/// the <see cref="RandomProjectionStorage.Stored"/> and <see cref="RandomProjectionStorage.Hashed"/> variants hold the
/// same matrix and give bit-identical results, since both run the same kernels over the same column walk: y is
/// accumulated as Σ_j ±x_j over the nonzero x_j in increasing j and multiplied by the scale once at the end. A dense
/// input's zeros are skipped; a CSR input's stored zeros add ±0.0, which changes no bit (a partial sum starts at +0.0
/// and is never −0.0), so both inputs give the same bits.
/// Every call checks its operands; nothing is allocated per call, and concurrent calls on one instance are safe.
/// </summary>
public sealed class SparseRandomProjection<T> : ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RandomProjectionPattern _pattern;
    private readonly RandomProjectionStore? _store;   // the stored variant's cache; null when hashed
    private readonly T _scale;
    private readonly int _spreadMask;                 // 2^b - 1 for the largest 2^b <= k: picks the row a missing slot's +0.0 goes to

    /// <summary>
    /// R with k = <paramref name="outputDimension"/> rows and d = <paramref name="inputDimension"/> columns, from
    /// <paramref name="seed"/>, with density <paramref name="density"/> (null: 'auto' = 1/√d), held as <paramref name="storage"/> says.
    /// </summary>
    public SparseRandomProjection(int outputDimension, int inputDimension, ulong seed,
        RandomProjectionStorage storage = RandomProjectionStorage.Stored, double? density = null)
    {
        if (storage != RandomProjectionStorage.Stored && storage != RandomProjectionStorage.Hashed)
            throw new ArgumentOutOfRangeException(nameof(storage), storage, "storage must be Stored or Hashed.");
        _pattern = new RandomProjectionPattern(outputDimension, inputDimension, seed, density);
        Storage = storage;
        ScaleValue = Math.Sqrt(1.0 / (_pattern.Density * outputDimension));
        _scale = T.CreateTruncating(ScaleValue);
        if (storage == RandomProjectionStorage.Stored) _store = new RandomProjectionStore(_pattern);
        _spreadMask = (int)(BitOperations.RoundUpToPowerOf2((uint)outputDimension + 1) / 2) - 1;
    }

    /// <summary>k.</summary>
    public int Rows => _pattern.Rows;

    /// <summary>d.</summary>
    public int Columns => _pattern.Columns;

    /// <summary>The generator of the pattern (seed, density, the column walk).</summary>
    public RandomProjectionPattern Pattern => _pattern;

    /// <summary>The density p.</summary>
    public double Density => _pattern.Density;

    /// <summary>The seed.</summary>
    public ulong Seed => _pattern.Seed;

    /// <summary>Stored or hashed.</summary>
    public RandomProjectionStorage Storage { get; }

    /// <summary>√(1/(p·k)) in double; the nonzeros are ± this rounded to T (<see cref="Scale"/>).</summary>
    public double ScaleValue { get; }

    /// <summary>The magnitude of every nonzero, in T.</summary>
    public T Scale => _scale;

    /// <summary>Bytes this instance holds for its matrix: the pattern's tables (thresholds and their guide), plus for
    /// the stored variant its cache (for k ≤ 32,767: 4 bytes per column and the overflow of columns with more than two
    /// nonzeros; else column pointers and 4 bytes per nonzero).</summary>
    public long StoredBytes => _pattern.StoredBytes + (_store?.StoredBytes ?? 0);

    /// <summary>The number of nonzeros of R (the stored variant counts its cache; the hashed one walks every column).</summary>
    public long NonZeroCount()
    {
        if (_store is not null) return _store.NonZeroCount;
        long count = 0;
        var walker = new RandomProjectionPattern.ColumnWalker(_pattern);
        for (int j = 0; j < Columns; j++)
        {
            walker.Start(j);
            while (walker.Next(out _)) count++;
        }
        return count;
    }

    /// <summary>R[i, j], a pure function of (i, j, seed, k, d, density): walks column j of the pattern.</summary>
    public T Entry(int row, int column)
    {
        int sign = _pattern.Sign(row, column);
        return sign == 0 ? T.Zero : sign > 0 ? _scale : -_scale;
    }

    private RandomProjectionStore.Walker Stored() => new(_store!);

    private RandomProjectionPattern.ColumnWalker Hashed() => new(_pattern);

    /// <summary>
    /// y[r] += ±v for the nonzeros (r, ±) of one column. Both variants handle a column's first two slots without
    /// branches: a slot the column lacks adds +0.0 to a spare row, which leaves every value bit for bit as it was (a
    /// partial sum is never −0.0: it starts at +0.0 and only nonzero terms are added), and only a column with more
    /// than two nonzeros takes a loop. The spare row is column mod 2^b (2^b ≤ k), not a fixed one, so that these
    /// additions do not form one long dependency chain through a single element.
    /// </summary>
    private interface IScatter
    {
        void Scatter(int column, T v, Span<T> y, int start, int step);
    }

    private readonly struct CompactScatter(RandomProjectionStore store, int spreadMask) : IScatter
    {
        private readonly uint[] _slots = store.Slots;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Scatter(int column, T v, Span<T> y, int start, int step)
        {
            int spread = column & spreadMask;
            uint slots = _slots[column];
            int s0 = (int)(slots & 0xFFFF), s1 = (int)(slots >> 16);
            int c0 = (s0 - RandomProjectionStore.More) >> 31, c1 = (s1 - RandomProjectionStore.More) >> 31; // -1 when a nonzero
            AddMasked(ref At(y, start + Row(s0 >> 1, c0, spread) * step), v, s0, c0);
            AddMasked(ref At(y, start + Row(s1 >> 1, c1, spread) * step), v, s1, c1);
            if (s1 == RandomProjectionStore.More)
            {
                (int from, int to) = store.OverflowRange(column);
                int[] overflow = store.OverflowEntries;
                for (int q = from; q < to; q++) y[start + (overflow[q] >> 1) * step] += Signed(v, overflow[q]);
            }
        }
    }

    private readonly struct WideScatter(RandomProjectionStore store, int spreadMask) : IScatter
    {
        private readonly int[] _pointers = store.Pointers, _entries = store.Entries;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Scatter(int column, T v, Span<T> y, int start, int step)
        {
            int spread = column & spreadMask;
            int[] entries = _entries;
            int first = _pointers[column], count = _pointers[column + 1] - first;
            int e0 = entries[first], e1 = entries[first + 1];
            int m0 = -count >> 31, m1 = (1 - count) >> 31; // -1 when the slot holds a nonzero, else 0
            AddMasked(ref At(y, start + Row(e0 >> 1, m0, spread) * step), v, e0, m0);
            AddMasked(ref At(y, start + Row(e1 >> 1, m1, spread) * step), v, e1, m1);
            for (int q = first + 2; q < first + count; q++)
            {
                int e = entries[q];
                y[start + (e >> 1) * step] += Signed(v, e);
            }
        }
    }

    private readonly struct HashedScatter(RandomProjectionPattern pattern, int spreadMask) : IScatter
    {
        // The pattern's tables copied into the struct, so the kernel loop does not reload them after every store.
        private readonly ulong[] _thresholds = pattern.ThresholdTable;
        private readonly int[] _guide = pattern.GuideTable;
        private readonly int _guideShift = pattern.GuideShift, _rows = pattern.Rows;
        private readonly ulong _seed = pattern.Seed;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Scatter(int column, T v, Span<T> y, int start, int step)
        {
            // The column's first two words are drawn whether or not the column reaches them (see the pattern's
            // contract: word t is used only when the column has a t-th nonzero candidate).
            ulong key = RandomProjectionPattern.Mix(_seed + (ulong)(uint)(column + 1) * RandomProjectionPattern.Gamma);
            ulong w1 = RandomProjectionPattern.Mix(key + RandomProjectionPattern.Gamma);
            int g0 = RandomProjectionPattern.Gap(key >> 1, _thresholds, _guide, _guideShift);
            int g1 = RandomProjectionPattern.Gap(w1 >> 1, _thresholds, _guide, _guideShift);
            ScatterDrawn(column, key, w1, g0, g1, v, y, start, step);
        }

        /// <summary>The scatter of a column whose first two words (w_0 = the key, w_1) and their gaps are drawn.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void ScatterDrawn(int column, ulong key, ulong w1, int g0, int g1, T v, Span<T> y, int start, int step)
        {
            int k = _rows, spread = column & spreadMask;
            long row1 = (long)g0 + 1 + g1;                 // g0 = k (no first nonzero) makes row1 > k: no second one either
            int m0 = (g0 - k) >> 31, m1 = (int)((row1 - k) >> 63);
            AddMasked(ref At(y, start + Row(g0, m0, spread) * step), v, (int)key, m0);
            AddMasked(ref At(y, start + Row((int)row1, m1, spread) * step), v, (int)w1, m1);
            if (m1 != 0 && row1 + 1 < k)
            {
                var walker = new RandomProjectionPattern.ColumnWalker(pattern);
                walker.Resume(key + RandomProjectionPattern.Gamma, (int)row1 + 1);
                while (walker.Next(out int e)) y[start + (e >> 1) * step] += Signed(v, e);
            }
        }

        /// <summary>Whether <see cref="ScatterRow"/> runs (512-bit lanes with 64-bit multiplies: AVX-512DQ).</summary>
        public static bool CanVectorize => Vector512.IsHardwareAccelerated && Avx512DQ.IsSupported;

        /// <summary>
        /// A CSR row's nonzeros into a contiguous output row, eight columns at a time: the keys and second words of
        /// eight columns are drawn in 512-bit lanes, then each column's gaps are found and it is scattered, in
        /// order, as <see cref="Scatter"/> does. Returns how many leading nonzeros it handled (a multiple of 8); the
        /// rest is left to <see cref="Scatter"/>.
        /// </summary>
        public unsafe int ScatterRow(ReadOnlySpan<int> columns, ReadOnlySpan<T> values, Span<T> row)
        {
            int count = columns.Length & ~7;
            if (count == 0) return 0;
            Span<ulong> keys = stackalloc ulong[8], seconds = stackalloc ulong[8];
            Vector512<ulong> gamma = Vector512.Create(RandomProjectionPattern.Gamma), seed = Vector512.Create(_seed);
            ulong[] thresholds = _thresholds;
            int[] guide = _guide;
            int shift = _guideShift;
            fixed (int* columnPointer = columns)
            {
                for (int q = 0; q < count; q += 8)
                {
                    Vector512<ulong> j = Avx512F.ConvertToVector512UInt64(Avx.LoadVector256((uint*)columnPointer + q)) + Vector512<ulong>.One;
                    Vector512<ulong> key = Mix(seed + j * gamma);
                    key.StoreUnsafe(ref keys[0]);
                    Mix(key + gamma).StoreUnsafe(ref seconds[0]);
                    for (int lane = 0; lane < 8; lane++)
                    {
                        T v = values[q + lane];
                        ulong k0 = keys[lane], w1 = seconds[lane];
                        int g0 = RandomProjectionPattern.Gap(k0 >> 1, thresholds, guide, shift);
                        int g1 = RandomProjectionPattern.Gap(w1 >> 1, thresholds, guide, shift);
                        ScatterDrawn(columns[q + lane], k0, w1, g0, g1, v, row, 0, 1);
                    }
                }
            }
            return count;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<ulong> Mix(Vector512<ulong> z)
        {
            z = (z ^ (z >> 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
            z = (z ^ (z >> 27)) * Vector512.Create(0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }
    }

    /// <summary>y[index] without a bounds check: the scatters' indices are rows of the pattern (below k) placed in an
    /// output whose shape was checked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T At(Span<T> y, int index) => ref Unsafe.Add(ref MemoryMarshal.GetReference(y), index);

    /// <summary><paramref name="row"/> when mask = -1, else the spare row <paramref name="spread"/> that takes the +0.0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Row(int row, int mask, int spread) => (row & mask) | (spread & ~mask);

    /// <summary>target += ±v (sign from bit 0 of <paramref name="packed"/>) when mask = -1; target += +0.0 when mask = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddMasked(ref T target, T v, int packed, int mask)
    {
        if (typeof(T) == typeof(double))
        {
            long bits = (BitConverter.DoubleToInt64Bits(Unsafe.As<T, double>(ref v)) ^ ((long)packed << 63)) & mask;
            Unsafe.As<T, double>(ref target) += BitConverter.Int64BitsToDouble(bits);
        }
        else if (typeof(T) == typeof(float))
        {
            int bits = (BitConverter.SingleToInt32Bits(Unsafe.As<T, float>(ref v)) ^ (packed << 31)) & mask;
            Unsafe.As<T, float>(ref target) += BitConverter.Int32BitsToSingle(bits);
        }
        else if (mask != 0)
        {
            target += Signed(v, packed);
        }
    }

    // ---- ILinearOperator ----

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<T> x, Span<T> y)
    {
        CheckVectors(x, y, transposed: false, nameof(Apply));
        ProjectDense(x, 0, 1, y, 0, 1);
    }

    /// <inheritdoc />
    public void ApplyTransposed(ReadOnlySpan<T> x, Span<T> y)
    {
        CheckVectors(x, y, transposed: true, nameof(ApplyTransposed));
        if (_store is not null) { var w = Stored(); Transposed(ref w, x, y); }
        else { var w = Hashed(); Transposed(ref w, x, y); }
    }

    /// <inheritdoc />
    public void ApplyAdjoint(ReadOnlySpan<T> x, Span<T> y)
    {
        CheckVectors(x, y, transposed: true, nameof(ApplyAdjoint));
        if (_store is not null) { var w = Stored(); Transposed(ref w, x, y); }
        else { var w = Hashed(); Transposed(ref w, x, y); }
    }

    /// <summary>Y = R·X: X is d × m and Y is k × m, either layout; column c of Y equals <see cref="Apply"/> of column c of X bit for bit.</summary>
    public void ApplyToBlock(DenseMatrix<T> x, DenseMatrix<T> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != Columns || y.Rows != Rows || x.Columns != y.Columns)
            throw new ShapeMismatchException(
                $"SparseRandomProjection ApplyToBlock: X must be {Columns} x m and Y {Rows} x m (the operator is {Rows} x {Columns}) but X is {x.Rows} x {x.Columns} and Y is {y.Rows} x {y.Columns}.");
        CheckDistinct(x.Values, y.Values, nameof(ApplyToBlock));
        for (int c = 0; c < x.Columns; c++)
        {
            (int xStart, int xStep) = ColumnOf(x, c);
            (int yStart, int yStep) = ColumnOf(y, c);
            ProjectDense(x.Values, xStart, xStep, y.Values, yStart, yStep);
        }
    }

    /// <summary>
    /// Projects every row of <paramref name="rows"/> (n × d, each row a point) into the matching row of
    /// <paramref name="output"/> (n × k, either layout): output[i, :] = R·rows[i, :], bit-identical to <see cref="Apply"/>.
    /// </summary>
    public void Project(DenseMatrix<T> rows, DenseMatrix<T> output)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        CheckRows(rows.Rows, rows.Columns, output, nameof(rows), "dense");
        CheckDistinct(rows.Values, output.Values, nameof(Project));
        for (int i = 0; i < rows.Rows; i++)
        {
            (int xStart, int xStep) = RowOf(rows, i);
            (int yStart, int yStep) = RowOf(output, i);
            ProjectDense(rows.Values, xStart, xStep, output.Values, yStart, yStep);
        }
    }

    /// <summary>
    /// Projects every row of the sparse <paramref name="rows"/> (n × d) into the matching row of the dense
    /// <paramref name="output"/> (n × k, either layout), bit-identical to <see cref="Apply"/> of the row densified.
    /// Rows are split over the threads of <paramref name="context"/> (null: <see cref="SparseContext.Current"/>),
    /// balanced by nonzeros; each output row is written by one thread, so the result does not depend on the split.
    /// </summary>
    public unsafe void Project(CsrMatrix<T> rows, DenseMatrix<T> output, SparseContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        CheckRows(rows.Rows, rows.Columns, output, nameof(rows), "CSR");
        SparseContext budget = context ?? SparseContext.Current;
        // Work: about one column walk per nonzero of the input, plus k per output row.
        int parts = budget.PartsFor((long)rows.NonZeroCount * 4 + (long)rows.Rows * Rows);
        if (parts <= 1 || rows.Rows < 2)
        {
            ProjectRange(rows, output, 0, rows.Rows);
            return;
        }
        fixed (int* bounds = rows.GetRowPartition(parts))
        {
            var state = new ProjectContext { Operator = this, Input = rows, Output = output, Bounds = bounds };
            ParallelRunner.Run(budget, parts, &ProjectWorker, Unsafe.AsPointer(ref state));
        }
    }

    private unsafe struct ProjectContext
    {
        public SparseRandomProjection<T> Operator;
        public CsrMatrix<T> Input;
        public DenseMatrix<T> Output;
        public int* Bounds;
    }

    private static unsafe void ProjectWorker(void* state, int part)
    {
        ref ProjectContext context = ref Unsafe.AsRef<ProjectContext>(state);
        context.Operator.ProjectRange(context.Input, context.Output, context.Bounds[part], context.Bounds[part + 1]);
    }

    private void ProjectRange(CsrMatrix<T> rows, DenseMatrix<T> output, int start, int end)
    {
        if (_store is null) { var w = new HashedScatter(_pattern, _spreadMask); ProjectSparse(ref w, rows, output, start, end); }
        else if (_store.Compact) { var w = new CompactScatter(_store, _spreadMask); ProjectSparse(ref w, rows, output, start, end); }
        else { var w = new WideScatter(_store, _spreadMask); ProjectSparse(ref w, rows, output, start, end); }
    }

    /// <summary><see cref="ProjectDense{TScatter}"/> with this variant's scatter.</summary>
    private void ProjectDense(ReadOnlySpan<T> x, int xStart, int xStep, Span<T> y, int yStart, int yStep)
    {
        if (_store is null) { var w = new HashedScatter(_pattern, _spreadMask); ProjectDense(ref w, x, xStart, xStep, y, yStart, yStep); }
        else if (_store.Compact) { var w = new CompactScatter(_store, _spreadMask); ProjectDense(ref w, x, xStart, xStep, y, yStart, yStep); }
        else { var w = new WideScatter(_store, _spreadMask); ProjectDense(ref w, x, xStart, xStep, y, yStart, yStep); }
    }

    // ---- kernels (shared by both variants: the same operations in the same order) ----

    /// <summary>y[r] = scale · Σ_{j: x_j ≠ 0} ±x_j over column j's nonzeros (x_j at x[xStart + j·xStep], y_r at y[yStart + r·yStep]).</summary>
    private void ProjectDense<TScatter>(ref TScatter scatter, ReadOnlySpan<T> x, int xStart, int xStep, Span<T> y, int yStart, int yStep)
        where TScatter : struct, IScatter
    {
        int k = Rows, d = Columns;
        for (int r = 0; r < k; r++) y[yStart + r * yStep] = T.Zero;
        for (int j = 0; j < d; j++)
        {
            T v = x[xStart + j * xStep];
            if (v != T.Zero) scatter.Scatter(j, v, y, yStart, yStep);
        }
        T scale = _scale;
        for (int r = 0; r < k; r++) y[yStart + r * yStep] *= scale;
    }

    /// <summary>The rows [start, end) of a CSR input; per row the same accumulation as <see cref="ProjectDense"/>.</summary>
    private void ProjectSparse<TScatter>(ref TScatter scatter, CsrMatrix<T> rows, DenseMatrix<T> output, int start, int end)
        where TScatter : struct, IScatter
    {
        ReadOnlySpan<int> pointers = rows.RowPointers, columns = rows.ColumnIndices;
        ReadOnlySpan<T> values = rows.Values;
        Span<T> y = output.Values;
        int k = Rows;
        T scale = _scale;
        for (int i = start; i < end; i++)
        {
            (int yStart, int yStep) = RowOf(output, i);
            int pEnd = pointers[i + 1];
            if (yStep == 1)
            {
                // Row-major output: the same operations on the contiguous row, with the offsets folded away.
                Span<T> row = y.Slice(yStart, k);
                row.Clear();
                int first = pointers[i];
                if (typeof(TScatter) == typeof(HashedScatter) && HashedScatter.CanVectorize)
                    first += Unsafe.As<TScatter, HashedScatter>(ref scatter).ScatterRow(columns[first..pEnd], values[first..pEnd], row);
                for (int p = first; p < pEnd; p++)
                {
                    scatter.Scatter(columns[p], values[p], row, 0, 1);
                }
                for (int r = 0; r < row.Length; r++) row[r] *= scale;
                continue;
            }
            for (int r = 0; r < k; r++) y[yStart + r * yStep] = T.Zero;
            for (int p = pointers[i]; p < pEnd; p++)
            {
                scatter.Scatter(columns[p], values[p], y, yStart, yStep);
            }
            for (int r = 0; r < k; r++) y[yStart + r * yStep] *= scale;
        }
    }

    /// <summary>y[j] = scale · Σ over column j's nonzeros of ±x[row].</summary>
    private void Transposed<TWalker>(ref TWalker walker, ReadOnlySpan<T> x, Span<T> y) where TWalker : struct, IColumnWalker
    {
        T scale = _scale;
        for (int j = 0; j < y.Length; j++)
        {
            T sum = T.Zero;
            walker.Start(j);
            while (walker.Next(out int packed)) sum += Signed(x[packed >> 1], packed);
            y[j] = sum * scale;
        }
    }

    /// <summary>v, or −v when the packed entry's sign bit is set (a sign-bit flip for float and double, no branch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Signed(T v, int packed)
    {
        if (typeof(T) == typeof(double))
        {
            long bits = BitConverter.DoubleToInt64Bits(Unsafe.As<T, double>(ref v)) ^ ((long)(packed & 1) << 63);
            double flipped = BitConverter.Int64BitsToDouble(bits);
            return Unsafe.As<double, T>(ref flipped);
        }
        if (typeof(T) == typeof(float))
        {
            int bits = BitConverter.SingleToInt32Bits(Unsafe.As<T, float>(ref v)) ^ (packed << 31);
            float flipped = BitConverter.Int32BitsToSingle(bits);
            return Unsafe.As<float, T>(ref flipped);
        }
        return (packed & 1) == 0 ? v : -v;
    }

    // ---- operand checks ----

    private static (int Start, int Step) RowOf(DenseMatrix<T> m, int row) =>
        m.Layout == DenseLayout.RowMajor ? (row * m.Stride, 1) : (row, m.Stride);

    private static (int Start, int Step) ColumnOf(DenseMatrix<T> m, int column) =>
        m.Layout == DenseLayout.RowMajor ? (column, m.Stride) : (column * m.Stride, 1);

    private void CheckVectors(ReadOnlySpan<T> x, Span<T> y, bool transposed, string action)
    {
        int xLength = x.Length, yLength = y.Length;
        int inLength = transposed ? Rows : Columns, outLength = transposed ? Columns : Rows;
        if (xLength != inLength)
            throw new ShapeMismatchException($"SparseRandomProjection {action}: x has length {xLength} but the operator needs {inLength} ({Rows} x {Columns}{(transposed ? ", transposed" : "")}).", "x");
        if (yLength != outLength)
            throw new ShapeMismatchException($"SparseRandomProjection {action}: y has length {yLength} but the operator yields {outLength} ({Rows} x {Columns}{(transposed ? ", transposed" : "")}).", "y");
        if (x.Overlaps(y))
            throw new ArgumentException($"SparseRandomProjection {action}: y overlaps x; the output needs its own memory.", "y");
    }

    private void CheckRows(int n, int d, DenseMatrix<T> output, string paramName, string kind)
    {
        if (d != Columns)
            throw new ShapeMismatchException($"SparseRandomProjection Project: the {kind} input is {n} x {d} but the operator needs rows of length d = {Columns} ({Rows} x {Columns}).", paramName);
        if (output.Rows != n || output.Columns != Rows)
            throw new ShapeMismatchException($"SparseRandomProjection Project: the output is {output.Rows} x {output.Columns} but {n} input rows project to {n} x {Rows}.", nameof(output));
    }

    private static void CheckDistinct(T[] input, T[] output, string action)
    {
        if (ReferenceEquals(input, output))
            throw new ArgumentException($"SparseRandomProjection {action}: the output shares its array with the input; it needs its own memory.", "output");
    }
}
