using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparseDsl;

/// <summary>
/// Q = H_0·H_1···H_{k−1}, the product of k Householder reflectors H_i = I − 2·v_i·v_iᵀ/‖v_i‖² of length n (float or
/// double). The reflectors are given as the rows of a k × n matrix (<see cref="HouseholderChain{T}(DenseMatrix{T}, int)"/>)
/// or as the columns of an n × k matrix (<see cref="FromColumns"/>, the layout of LAPACK geqrf's V); they are copied,
/// each scaled to a largest entry of magnitude 1 (H_i depends on the direction of v_i only).
/// Vectors are reflected one reflector at a time. Blocks of vectors go through the compact WY form: the chain is cut
/// into panels of <see cref="PanelSize"/> reflectors, each panel is I − V·T·Vᵀ with T upper triangular (LAPACK larft,
/// forward and columnwise), and C ← (I − V·T·Vᵀ)·C runs as W = Vᵀ·C, W = −T·W, C += V·W in register-blocked FMA loops
/// over strips of at most <see cref="StripWidth"/> columns. The T factors and the workspaces of one strip are made at
/// construction; no call allocates except <see cref="LeadingColumns"/> (its result) and a <see cref="Gradient"/> call
/// with more columns than any before it (its n × m workspaces grow then and are kept). The workspaces belong to the
/// instance: one call at a time per instance. The loops are marked AggressiveOptimization: compiled optimized at
/// their first call, so a chain applied a few times does not run them as tier-0 code.
/// </summary>
public sealed class HouseholderChain<T> : ILinearOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// The panel size used when none is given: 64 reflectors for double, 32 for float, the faster choice for each on
    /// the 4096 × 256, k = 64 benchmark (for double, fewer panels mean fewer passes over a block larger than L2).
    /// </summary>
    public static int DefaultPanelSize => typeof(T) == typeof(double) ? 64 : 32;

    /// <summary>Block columns are processed in strips of at most this many (the WY workspace holds PanelSize rows of one strip).</summary>
    public const int StripWidth = 256;

    /// <summary>Rows of C (columns of D = Cᵀ for column-major C) per chunk of W = Vᵀ·C, so that the chunk and a slice of V stay in cache while W accumulates.</summary>
    private const int InnerChunk = 128;

    /// <summary>Rows of row-major C per call of the update C += V·W (W = −T·Vᵀ·C).</summary>
    private const int UpdateChunk = 16;

    /// <summary>
    /// Row stride of the W and packed-C workspaces: StripWidth plus a pad, so that rows do not fall on the same L1
    /// cache sets (a power-of-two stride such as 256 doubles maps a column block of every row to a handful of sets).
    /// </summary>
    private const int WorkRow = StripWidth + 16;

    private readonly int _n;
    private readonly int _k;
    private readonly int _nb;
    private readonly int _ldv;    // row stride of _v: n plus a cache line (see WorkRow)
    private readonly int _ldvr;   // row stride of _vr: k plus a cache line
    private readonly T[] _v;      // k × n: scaled reflector i at [i·ldv, i·ldv + n)
    private readonly T[] _vr;     // n × k: the same entries, row r at [r·ldvr, r·ldvr + k)
    private readonly T[] _tau;    // 2 / ‖u_i‖² for the scaled reflector u_i
    private readonly T[] _scale;  // max |v_i| (u_i = v_i / scale_i)
    private readonly T[] _t;      // panel p: nb × nb upper triangular, row-major, at [p·nb², (p + 1)·nb²)
    private readonly T[] _w;      // two nb × WorkRow buffers: W, or its transpose X (StripWidth × nb) for column-major blocks
    private readonly T[] _pack;   // InnerChunk × WorkRow: a chunk of a row-major strip of C, copied for W = VᵀC
    // _v, _vr, _w and _pack are pinned and used from these offsets, where their data starts on a 64-byte boundary
    // (vector loads then do not straddle cache lines; rows of the padded strides stay aligned when a row fills
    // whole cache lines: WorkRow always, n and k when they are multiples of 64 bytes' worth of entries).
    private readonly int _vOffset, _vrOffset, _wOffset, _packOffset;
    private T[] _gradientC = Array.Empty<T>();
    private T[] _gradientG = Array.Empty<T>();
    private T[] _gradientA = Array.Empty<T>();
    private T[] _gradientB = Array.Empty<T>();

    /// <summary>
    /// The chain of the k rows of <paramref name="reflectors"/> (k × n, either layout; row i is v_i, applied i-th
    /// from the left in Q = H_0···H_{k−1}), with panels of <paramref name="panelSize"/> reflectors for the WY form
    /// (0: <see cref="DefaultPanelSize"/>). Requires 1 ≤ k ≤ n, finite entries and no zero row.
    /// </summary>
    public HouseholderChain(DenseMatrix<T> reflectors, int panelSize = 0)
    {
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float))
            throw new NotSupportedException($"HouseholderChain supports float and double, not {typeof(T).Name}.");
        ArgumentNullException.ThrowIfNull(reflectors);
        int k = reflectors.Rows, n = reflectors.Columns;
        if (k < 1)
            throw new ArgumentException("a Householder chain needs at least one reflector (the reflector matrix has no rows).", nameof(reflectors));
        if (k > n)
            throw new ArgumentException($"{k} reflectors of length {n}: a chain has at most as many reflectors as their length (k ≤ n).", nameof(reflectors));
        if (panelSize < 0)
            throw new ArgumentOutOfRangeException(nameof(panelSize), panelSize, "the panel size must be at least 1 (or 0 for the default).");
        if (panelSize == 0) panelSize = DefaultPanelSize;
        int pad = 64 / Unsafe.SizeOf<T>();
        if ((long)k * (n + pad) > Array.MaxLength || (long)n * (k + pad) > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(reflectors), $"{k} reflectors of length {n} exceed {Array.MaxLength} entries (the longest array).");
        _n = n;
        _k = k;
        _nb = Math.Min(panelSize, k);
        _ldv = n + pad;
        _ldvr = k + pad;
        _v = Aligned(k * _ldv, out _vOffset);
        _vr = Aligned(n * _ldvr, out _vrOffset);
        _tau = new T[k];
        _scale = new T[k];
        for (int i = 0; i < k; i++)
        {
            T largest = T.Zero;
            for (int r = 0; r < n; r++)
            {
                T value = reflectors[i, r];
                if (!T.IsFinite(value))
                    throw new ArgumentException($"reflector {i} (0-based) has the non-finite entry {value} at position {r}.", nameof(reflectors));
                largest = T.Max(largest, T.Abs(value));
            }
            if (largest == T.Zero)
                throw new ArgumentException($"reflector {i} (0-based) is zero; a Householder reflector needs a nonzero vector.", nameof(reflectors));
            var u = Reflector(i);
            for (int r = 0; r < n; r++) u[r] = reflectors[i, r] / largest;
            _scale[i] = largest;
            _tau[i] = T.CreateTruncating(2) / Dot(u, u);   // ‖u‖² ∈ [1, n]: no overflow or underflow
            for (int r = 0; r < n; r++) _vr[_vrOffset + r * _ldvr + i] = u[r];
        }
        int panels = (k + _nb - 1) / _nb;
        _t = new T[panels * _nb * _nb];
        var z = new T[_nb];
        for (int p = 0; p < panels; p++) FormT(p, z);
        _w = Aligned(2 * _nb * WorkRow, out _wOffset);
        _pack = Aligned(InnerChunk * WorkRow, out _packOffset);
    }

    /// <summary>The chain of the k columns of <paramref name="reflectors"/> (n × k, either layout; column i is v_i): LAPACK's V.</summary>
    public static HouseholderChain<T> FromColumns(DenseMatrix<T> reflectors, int panelSize = 0)
    {
        ArgumentNullException.ThrowIfNull(reflectors);
        var rows = new DenseMatrix<T>(reflectors.Columns, reflectors.Rows);
        for (int i = 0; i < reflectors.Columns; i++)
            for (int r = 0; r < reflectors.Rows; r++) rows[i, r] = reflectors[r, i];
        return new HouseholderChain<T>(rows, panelSize);
    }

    /// <summary>n.</summary>
    public int Rows => _n;

    /// <summary>n.</summary>
    public int Columns => _n;

    /// <summary>k, the number of reflectors.</summary>
    public int Count => _k;

    /// <summary>Reflectors per WY panel (the requested size, at most k).</summary>
    public int PanelSize => _nb;

    /// <summary>y = Q·x, one reflector at a time (H_{k−1} first). x and y may be the same span.</summary>
    public void Apply(ReadOnlySpan<T> x, Span<T> y)
    {
        CheckVectors(x, y, nameof(Apply));
        x.CopyTo(y);
        for (int i = _k - 1; i >= 0; i--) Reflect(i, y);
    }

    /// <summary>y = Qᵀ·x, one reflector at a time (H_0 first). x and y may be the same span.</summary>
    public void ApplyTransposed(ReadOnlySpan<T> x, Span<T> y)
    {
        CheckVectors(x, y, nameof(ApplyTransposed));
        x.CopyTo(y);
        for (int i = 0; i < _k; i++) Reflect(i, y);
    }

    /// <summary>y = Qᵀ·x (Q is real).</summary>
    public void ApplyAdjoint(ReadOnlySpan<T> x, Span<T> y) => ApplyTransposed(x, y);

    /// <summary>Y = Q·X in the blocked WY form (X and Y n × m, either layout; Y may be X itself, otherwise they must not share storage).</summary>
    public void ApplyToBlock(DenseMatrix<T> x, DenseMatrix<T> y) => Block(x, y, transposed: false, blocked: true, nameof(ApplyToBlock));

    /// <summary>Y = Qᵀ·X in the blocked WY form (X and Y n × m, either layout; Y may be X itself).</summary>
    public void ApplyTransposedToBlock(DenseMatrix<T> x, DenseMatrix<T> y) => Block(x, y, transposed: true, blocked: true, nameof(ApplyTransposedToBlock));

    /// <summary>
    /// Y = Q·X (or Qᵀ·X) applying one reflector at a time to the whole block: the unblocked reference that the WY
    /// form is measured against. Same operands as <see cref="ApplyToBlock"/>.
    /// </summary>
    public void ApplyToBlockOneAtATime(DenseMatrix<T> x, DenseMatrix<T> y, bool transposed = false) =>
        Block(x, y, transposed, blocked: false, nameof(ApplyToBlockOneAtATime));

    /// <summary>The first <paramref name="r"/> columns of Q (n × r, row-major; 1 ≤ r ≤ n): an orthonormal basis, Q_r·Q_rᵀ the rank-r projector.</summary>
    public DenseMatrix<T> LeadingColumns(int r)
    {
        if (r < 1 || r > _n)
            throw new ArgumentOutOfRangeException(nameof(r), r, $"the number of leading columns must be in [1, {_n}] (Q is {_n} x {_n}).");
        var result = new DenseMatrix<T>(_n, r);
        for (int i = 0; i < r; i++) result.Values[i * r + i] = T.One;
        InPlace(result.Values, r, r, rowMajor: true, transposed: false);
        return result;
    }

    /// <summary>
    /// y = Q_r·Q_rᵀ·x, the orthogonal projector onto the span of the first <paramref name="r"/> columns of Q
    /// (1 ≤ r ≤ n): Qᵀ·x with entries r … n − 1 zeroed, then Q applied, both one reflector at a time in y.
    /// x and y may be the same span.
    /// </summary>
    public void Project(int r, ReadOnlySpan<T> x, Span<T> y)
    {
        if (r < 1 || r > _n)
            throw new ArgumentOutOfRangeException(nameof(r), r, $"the projector's rank must be in [1, {_n}] (Q is {_n} x {_n}).");
        ApplyTransposed(x, y);
        y.Slice(r).Clear();
        for (int i = _k - 1; i >= 0; i--) Reflect(i, y);
    }

    /// <summary>
    /// f = ⟨G, Q·C⟩ = Σ G[r, j]·(Q·C)[r, j] and its gradient with respect to every reflector vector v_i (as given, not
    /// scaled), written into <paramref name="gradient"/> (k·n entries, row i = ∂f/∂v_i). C and G are n × m, either
    /// layout. Reverse mode through the sequential chain: each H_i is its own inverse, so the forward intermediates
    /// are regenerated from Q·C instead of stored. Returns f.
    /// </summary>
    public T Gradient(DenseMatrix<T> c, DenseMatrix<T> g, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(g);
        if (c.Rows != _n || g.Rows != _n || c.Columns != g.Columns)
            throw new ShapeMismatchException(
                $"Householder Gradient: C and G must both be {_n} x m but C is {c.Rows} x {c.Columns} and G is {g.Rows} x {g.Columns}.");
        if (gradient.Length != _k * _n)
            throw new ShapeMismatchException($"Householder Gradient: the gradient buffer has length {gradient.Length} but needs k·n = {_k}·{_n} = {_k * _n}.", nameof(gradient));
        int n = _n, m = c.Columns;
        if (_gradientC.Length < n * m)
        {
            _gradientC = new T[n * m];
            _gradientG = new T[n * m];
        }
        if (_gradientA.Length < m)
        {
            _gradientA = new T[m];
            _gradientB = new T[m];
        }
        var x = _gradientC.AsSpan(0, n * m);
        var adj = _gradientG.AsSpan(0, n * m);
        var a = _gradientA.AsSpan(0, m);
        var b = _gradientB.AsSpan(0, m);
        CopyRowMajor(c, x);
        CopyRowMajor(g, adj);
        if (m > 0) InPlace(_gradientC, m, m, rowMajor: true, transposed: false);
        T value = Dot(adj, x);

        // x holds C_{i−1} = H_i···H_{k−1}·C and adj holds G_{i−1} = H_{i−1}···H_0·G; f = ⟨G_{i−1}, H_i·C_i⟩ with
        // C_i = H_i·C_{i−1}. With a = G_{i−1}ᵀu, b = C_iᵀu, τ = 2/‖u‖²: f = ⟨G_{i−1}, C_i⟩ − τ·aᵀb, so
        // ∂f/∂u = −τ·(G_{i−1}·b + C_i·a) + τ²·(aᵀb)·u, and ∂f/∂v = (∂f/∂u)/scale since H is scale invariant.
        for (int i = 0; i < _k; i++)
        {
            var u = Reflector(i);
            T tau = _tau[i];
            // b' = C_{i−1}ᵀu, then C_i = C_{i−1} − τ·u·b'ᵀ, and b = C_iᵀu = −b' (H_i·u = −u).
            ColumnDots(x, m, u, b);
            for (int r = 0; r < n; r++) Axpy(-tau * u[r], b, x.Slice(r * m, m));
            for (int j = 0; j < m; j++) b[j] = -b[j];
            ColumnDots(adj, m, u, a);
            T ab = Dot(a, b);
            var target = gradient.Slice(i * n, n);
            T inverseScale = T.One / _scale[i];
            for (int r = 0; r < n; r++)
            {
                var adjRow = adj.Slice(r * m, m);
                T d = -tau * (Dot(adjRow, b) + Dot(x.Slice(r * m, m), a)) + tau * tau * ab * u[r];
                target[r] = d * inverseScale;
                Axpy(-tau * u[r], a, adjRow);   // G_i = H_i·G_{i−1}
            }
        }
        return value;
    }

    private void CheckVectors(ReadOnlySpan<T> x, Span<T> y, string action)
    {
        if (x.Length != _n)
            throw new ShapeMismatchException($"Householder {action}: x has length {x.Length} but the operator is {_n} x {_n}.", nameof(x));
        if (y.Length != _n)
            throw new ShapeMismatchException($"Householder {action}: y has length {y.Length} but the operator is {_n} x {_n}.", nameof(y));
    }

    /// <summary>The scaled reflector u_i = v_i / max |v_i|.</summary>
    private Span<T> Reflector(int i) => _v.AsSpan(_vOffset + i * _ldv, _n);

    /// <summary>A pinned array of at least <paramref name="length"/> entries from <paramref name="offset"/>, where its data is 64-byte aligned.</summary>
    private static unsafe T[] Aligned(int length, out int offset)
    {
        int extra = 64 / sizeof(T);
        var array = GC.AllocateArray<T>(length + extra, pinned: true);
        long address = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        offset = (int)((64 - address % 64) % 64) / sizeof(T);
        return array;
    }

    /// <summary>y ← H_i·y = y − τ_i·u_i·(u_iᵀy).</summary>
    private void Reflect(int i, Span<T> y)
    {
        var u = Reflector(i);
        Axpy(-_tau[i] * Dot(u, y), u, y);
    }

    private void Block(DenseMatrix<T> x, DenseMatrix<T> y, bool transposed, bool blocked, string action)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != _n || y.Rows != _n || x.Columns != y.Columns)
            throw new ShapeMismatchException(
                $"Householder {action}: X and Y must both be {_n} x m (Q is {_n} x {_n}) but X is {x.Rows} x {x.Columns} and Y is {y.Rows} x {y.Columns}.");
        int m = x.Columns;
        if (m == 0) return;
        if (!ReferenceEquals(x, y)) Copy(x, y);
        bool rowMajor = y.Layout == DenseLayout.RowMajor;
        if (blocked) InPlace(y.Values, y.Stride, m, rowMajor, transposed);
        else OneAtATime(y.Values, y.Stride, m, rowMajor, transposed);
    }

    private static void Copy(DenseMatrix<T> x, DenseMatrix<T> y)
    {
        int rows = x.Rows, columns = x.Columns;
        if (x.Layout == y.Layout)
        {
            Array.Copy(x.Values, y.Values, (long)rows * columns);
            return;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) y[r, c] = x[r, c];
    }

    private static void CopyRowMajor(DenseMatrix<T> source, Span<T> target)
    {
        int rows = source.Rows, columns = source.Columns;
        if (source.Layout == DenseLayout.RowMajor)
        {
            source.Values.AsSpan(0, rows * columns).CopyTo(target);
            return;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) target[r * columns + c] = source.Values[c * rows + r];
    }

    /// <summary>
    /// C ← Q·C or Qᵀ·C for C (n × m) stored in <paramref name="values"/> with the given stride: row-major C[r, j] at
    /// r·stride + j, column-major at j·stride + r. Column-major C is handled as its transpose D = Cᵀ (m × n, row-major),
    /// D ← D·Qᵀ (or D·Q), the same three products with the operands' roles swapped.
    /// </summary>
    private void InPlace(T[] values, int stride, int m, bool rowMajor, bool transposed)
    {
        for (int j0 = 0; j0 < m; j0 += StripWidth)
        {
            int mb = Math.Min(StripWidth, m - j0);
            if (rowMajor) RowMajorStrip(values, stride, j0, mb, transposed);
            else ColumnMajorStrip(values, stride, j0, mb, transposed);
        }
    }

    /// <summary>
    /// Columns j0 … j0 + mb − 1 of row-major C. Q·C = Q_1(Q_2(…Q_P·C)) takes the last panel first, Qᵀ·C the first.
    /// Each panel's update C += V·W runs over chunks of rows of C, and while a chunk is still in cache its product with
    /// the next panel's reflectors is added into the next W (two W buffers alternate), so C streams from memory P + 1 times rather than 2P.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RowMajorStrip(T[] values, int stride, int j0, int mb, bool transposed)
    {
        int n = _n, k = _k, nb = _nb, ldvr = _ldvr;
        int panels = (k + nb - 1) / nb;
        ref T strip = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), j0);
        ref T vr = ref _vr[_vrOffset];
        int first = transposed ? 0 : panels - 1;
        for (int r0 = 0; r0 < n; r0 += InnerChunk)
            AccumulateW(values, stride, j0, mb, first, r0, Math.Min(InnerChunk, n - r0), buffer: 0);
        for (int step = 0; step < panels; step++)
        {
            int panel = transposed ? step : panels - 1 - step;
            int next = step + 1 == panels ? -1 : transposed ? panel + 1 : panel - 1;
            int p0 = panel * nb, width = Math.Min(nb, k - p0);
            ref T w = ref _w[_wOffset + (step % 2) * nb * WorkRow];
            TriangularRows(ref _t[panel * nb * nb], nb, ref w, WorkRow, width, mb, transposed);
            for (int r0 = 0; r0 < n; r0 += InnerChunk)
            {
                int rows = Math.Min(InnerChunk, n - r0);
                // C += V_p·W (W carries the sign), a few rows at a time (their rows of V_p stay in L1 while W streams past).
                for (int r1 = r0; r1 < r0 + rows; r1 += UpdateChunk)
                    Kernel.Product(ref Unsafe.Add(ref vr, r1 * ldvr + p0), ldvr, ref w, WorkRow,
                        ref Unsafe.Add(ref strip, r1 * stride), stride, Math.Min(UpdateChunk, r0 + rows - r1), mb, width, Kernel.Add);
                if (next >= 0) AccumulateW(values, stride, j0, mb, next, r0, rows, buffer: (step + 1) % 2);
            }
        }
    }

    /// <summary>
    /// W[buffer] (width × mb) = (or += for r0 &gt; 0) V_panel[r0 : r0 + rows]ᵀ·C[r0 : r0 + rows, j0 : j0 + mb], the
    /// chunk of C first copied at the padded stride (it is read once for every four rows of W).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateW(T[] values, int stride, int j0, int mb, int panel, int r0, int rows, int buffer)
    {
        int p0 = panel * _nb, width = Math.Min(_nb, _k - p0);
        for (int q = 0; q < rows; q++) values.AsSpan((r0 + q) * stride + j0, mb).CopyTo(_pack.AsSpan(_packOffset + q * WorkRow, mb));
        Kernel.Product(ref _v[_vOffset + p0 * _ldv + r0], _ldv, ref _pack[_packOffset], WorkRow,
            ref _w[_wOffset + buffer * _nb * WorkRow], WorkRow, width, mb, rows, r0 == 0 ? Kernel.Set : Kernel.Add);
    }

    /// <summary>
    /// Rows j0 … j0 + mb − 1 of D = Cᵀ for column-major C: per panel X = D·V, X = −X·Tᵀ (or −X·T), D += X·Vᵀ, the
    /// last over chunks of the columns of D, each chunk then added into the next panel's X while in cache (as in
    /// <see cref="RowMajorStrip"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ColumnMajorStrip(T[] values, int stride, int j0, int mb, bool transposed)
    {
        int n = _n, k = _k, nb = _nb, ldv = _ldv;
        int panels = (k + nb - 1) / nb;
        ref T strip = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values), j0 * stride);
        ref T v = ref _v[_vOffset];
        int first = transposed ? 0 : panels - 1;
        for (int r0 = 0; r0 < n; r0 += InnerChunk)
            AccumulateX(ref strip, stride, mb, first, r0, Math.Min(InnerChunk, n - r0), buffer: 0);
        for (int step = 0; step < panels; step++)
        {
            int panel = transposed ? step : panels - 1 - step;
            int next = step + 1 == panels ? -1 : transposed ? panel + 1 : panel - 1;
            int p0 = panel * nb, width = Math.Min(nb, k - p0);
            ref T x = ref _w[_wOffset + (step % 2) * nb * WorkRow];
            TriangularColumns(ref _t[panel * nb * nb], nb, ref x, nb, width, mb, transposed);
            for (int r0 = 0; r0 < n; r0 += InnerChunk)
            {
                int columns = Math.Min(InnerChunk, n - r0);
                // D[:, chunk] += X·V_p[chunk]ᵀ (X carries the sign).
                Kernel.Product(ref x, nb, ref Unsafe.Add(ref v, p0 * ldv + r0), ldv, ref Unsafe.Add(ref strip, r0), stride,
                    mb, columns, width, Kernel.Add);
                if (next >= 0) AccumulateX(ref strip, stride, mb, next, r0, columns, buffer: (step + 1) % 2);
            }
        }
    }

    /// <summary>X[buffer] (mb × width) = (or += for r0 &gt; 0) D[:, r0 : r0 + columns]·V_panel[r0 : r0 + columns].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateX(ref T strip, int stride, int mb, int panel, int r0, int columns, int buffer)
    {
        int p0 = panel * _nb, width = Math.Min(_nb, _k - p0);
        Kernel.Product(ref Unsafe.Add(ref strip, r0), stride, ref _vr[_vrOffset + r0 * _ldvr + p0], _ldvr,
            ref _w[_wOffset + buffer * _nb * WorkRow], _nb, mb, width, columns, r0 == 0 ? Kernel.Set : Kernel.Add);
    }

    /// <summary>
    /// W ← −T·W (or −Tᵀ·W) in place for W (width × columns, row stride wRow) and T upper triangular (row stride tRow);
    /// the sign lets the update C −= V·(T·W) run as C += V·W with no negation in the product loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TriangularRows(ref T t, int tRow, ref T w, int wRow, int width, int columns, bool transposed)
    {
        var rows = MemoryMarshal.CreateSpan(ref w, width * wRow);
        if (!transposed)
        {
            // (T·W)[i] = Σ_{l ≥ i} T[i, l]·W[l]: ascending i reads only rows not yet overwritten.
            for (int i = 0; i < width; i++)
            {
                var target = rows.Slice(i * wRow, columns);
                Scale(-Unsafe.Add(ref t, i * tRow + i), target);
                for (int l = i + 1; l < width; l++) Axpy(-Unsafe.Add(ref t, i * tRow + l), rows.Slice(l * wRow, columns), target);
            }
        }
        else
        {
            // (Tᵀ·W)[i] = Σ_{l ≤ i} T[l, i]·W[l]: descending i.
            for (int i = width - 1; i >= 0; i--)
            {
                var target = rows.Slice(i * wRow, columns);
                Scale(-Unsafe.Add(ref t, i * tRow + i), target);
                for (int l = 0; l < i; l++) Axpy(-Unsafe.Add(ref t, l * tRow + i), rows.Slice(l * wRow, columns), target);
            }
        }
    }

    /// <summary>X ← −X·Tᵀ (or −X·T) in place for X (rows × width, row stride xRow): the transpose of <see cref="TriangularRows"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TriangularColumns(ref T t, int tRow, ref T x, int xRow, int width, int rows, bool transposed)
    {
        for (int j = 0; j < rows; j++)
        {
            ref T row = ref Unsafe.Add(ref x, j * xRow);
            if (!transposed)
            {
                // (X·Tᵀ)[j, i] = Σ_{l ≥ i} X[j, l]·T[i, l]: ascending i.
                for (int i = 0; i < width; i++)
                {
                    T sum = T.Zero;
                    for (int l = i; l < width; l++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref row, l), Unsafe.Add(ref t, i * tRow + l), sum);
                    Unsafe.Add(ref row, i) = -sum;
                }
            }
            else
            {
                // (X·T)[j, i] = Σ_{l ≤ i} X[j, l]·T[l, i]: descending i.
                for (int i = width - 1; i >= 0; i--)
                {
                    T sum = T.Zero;
                    for (int l = 0; l <= i; l++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref row, l), Unsafe.Add(ref t, l * tRow + i), sum);
                    Unsafe.Add(ref row, i) = -sum;
                }
            }
        }
    }

    /// <summary>C ← H·C one reflector at a time over the whole block (the unblocked reference).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OneAtATime(T[] values, int stride, int m, bool rowMajor, bool transposed)
    {
        int n = _n;
        for (int step = 0; step < _k; step++)
        {
            int i = transposed ? step : _k - 1 - step;
            var u = Reflector(i);
            T tau = _tau[i];
            if (rowMajor)
            {
                for (int j0 = 0; j0 < m; j0 += StripWidth)
                {
                    int mb = Math.Min(StripWidth, m - j0);
                    var w = _w.AsSpan(_wOffset, mb);
                    w.Clear();
                    for (int r = 0; r < n; r++) Axpy(u[r], values.AsSpan(r * stride + j0, mb), w);   // w = Cᵀu
                    for (int r = 0; r < n; r++) Axpy(-tau * u[r], w, values.AsSpan(r * stride + j0, mb));
                }
            }
            else
            {
                for (int j = 0; j < m; j++)
                {
                    var column = values.AsSpan(j * stride, n);
                    Axpy(-tau * Dot(u, column), u, column);
                }
            }
        }
    }

    /// <summary>
    /// T of panel p (LAPACK larft, forward, columnwise): T[i, i] = τ_i and T[0:i, i] = −τ_i·T[0:i, 0:i]·(V[:, 0:i]ᵀ·u_i),
    /// so that H_{p0}···H_{p0+w−1} = I − V·T·Vᵀ.
    /// </summary>
    private void FormT(int panel, T[] z)
    {
        int nb = _nb, n = _n, p0 = panel * nb, width = Math.Min(nb, _k - p0);
        var t = _t.AsSpan(panel * nb * nb, nb * nb);
        for (int i = 0; i < width; i++)
        {
            T tau = _tau[p0 + i];
            t[i * nb + i] = tau;
            var ui = Reflector(p0 + i);
            for (int l = 0; l < i; l++) z[l] = Dot(Reflector(p0 + l), ui);
            for (int l = 0; l < i; l++)
            {
                T sum = T.Zero;
                for (int q = l; q < i; q++) sum += t[l * nb + q] * z[q];
                t[l * nb + i] = -tau * sum;
            }
        }
    }

    /// <summary>result[j] = Σ_r M[r, j]·u[r] for M (n × m, row-major).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnDots(ReadOnlySpan<T> matrix, int m, ReadOnlySpan<T> u, Span<T> result)
    {
        result.Clear();
        for (int r = 0; r < u.Length; r++) Axpy(u[r], matrix.Slice(r * m, m), result);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Dot(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        int width = Vector<T>.Count, i = 0, length = a.Length;
        ref T x = ref MemoryMarshal.GetReference(a);
        ref T y = ref MemoryMarshal.GetReference(b);
        Vector<T> s0 = default, s1 = default;
        for (; i + 2 * width <= length; i += 2 * width)
        {
            s0 = Kernel.Fma(Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref y, (nuint)i), s0);
            s1 = Kernel.Fma(Vector.LoadUnsafe(ref x, (nuint)(i + width)), Vector.LoadUnsafe(ref y, (nuint)(i + width)), s1);
        }
        T sum = Vector.Sum(s0 + s1);
        for (; i < length; i++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref y, i), sum);
        return sum;
    }

    /// <summary>y += alpha·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy(T alpha, ReadOnlySpan<T> x, Span<T> y)
    {
        int width = Vector<T>.Count, i = 0, length = y.Length;
        ref T source = ref MemoryMarshal.GetReference(x);
        ref T target = ref MemoryMarshal.GetReference(y);
        var a = new Vector<T>(alpha);
        for (; i + width <= length; i += width)
            Kernel.Fma(a, Vector.LoadUnsafe(ref source, (nuint)i), Vector.LoadUnsafe(ref target, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
        for (; i < length; i++) Unsafe.Add(ref target, i) = T.FusedMultiplyAdd(alpha, Unsafe.Add(ref source, i), Unsafe.Add(ref target, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(T alpha, Span<T> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] *= alpha;
    }

    /// <summary>
    /// O = P·S or O += P·S with P[i, c] at p[i·pRow + c], S[c, j] at s[c·sRow + j], O[i, j] at o[i·oRow + j]
    /// (i &lt; rows, j &lt; columns, c &lt; inner). Four rows of O by four vectors of columns stay in registers over the
    /// whole c loop: four vector loads and four broadcasts per sixteen fused multiply-adds (then four by two vectors,
    /// single rows and scalars at the edges). Callers pass references whose whole index range lies inside their arrays.
    /// </summary>
    private static class Kernel
    {
        public const int Set = 0, Add = 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<T> Fma(Vector<T> a, Vector<T> b, Vector<T> c)
        {
            if (typeof(T) == typeof(double))
                return Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
            return Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Product(ref T p, int pRow, ref T s, int sRow, ref T o, int oRow, int rows, int columns, int inner, int mode)
        {
            int width = Vector<T>.Count;
            int j = 0;
            for (; j + 4 * width <= columns; j += 4 * width)
            {
                int i = 0;
                for (; i + 4 <= rows; i += 4) Block4x4(ref p, pRow, ref s, sRow, ref o, oRow, i, j, inner, mode);
                for (; i < rows; i++)
                {
                    Block1x1(ref p, pRow, ref s, sRow, ref o, oRow, i, j, inner, mode, 2);
                    Block1x1(ref p, pRow, ref s, sRow, ref o, oRow, i, j + 2 * width, inner, mode, 2);
                }
            }
            for (; j + 2 * width <= columns; j += 2 * width)
            {
                int i = 0;
                for (; i + 4 <= rows; i += 4) Block4x2(ref p, pRow, ref s, sRow, ref o, oRow, i, j, inner, mode);
                for (; i < rows; i++) Block1x1(ref p, pRow, ref s, sRow, ref o, oRow, i, j, inner, mode, 2);
            }
            for (; j + width <= columns; j += width)
                for (int i = 0; i < rows; i++) Block1x1(ref p, pRow, ref s, sRow, ref o, oRow, i, j, inner, mode, 1);
            for (; j < columns; j++)
                for (int i = 0; i < rows; i++)
                {
                    T sum = T.Zero;
                    for (int c = 0; c < inner; c++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref p, i * pRow + c), Unsafe.Add(ref s, c * sRow + j), sum);
                    ref T target = ref Unsafe.Add(ref o, i * oRow + j);
                    target = mode == Set ? sum : target + sum;
                }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> Start(ref T o, nuint at, int mode) =>
            mode == Set ? Vector<T>.Zero : Vector.LoadUnsafe(ref o, at);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Finish(Vector<T> sum, ref T o, nuint at) => sum.StoreUnsafe(ref o, at);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Block4x2(ref T p, int pRow, ref T s, int sRow, ref T o, int oRow, int i, int j, int inner, int mode)
        {
            nuint width = (nuint)Vector<T>.Count, step = (nuint)oRow;
            nuint row = (nuint)(i * oRow + j);
            Vector<T> a00 = Start(ref o, row, mode), a01 = Start(ref o, row + width, mode);
            Vector<T> a10 = Start(ref o, row + step, mode), a11 = Start(ref o, row + step + width, mode);
            Vector<T> a20 = Start(ref o, row + 2 * step, mode), a21 = Start(ref o, row + 2 * step + width, mode);
            Vector<T> a30 = Start(ref o, row + 3 * step, mode), a31 = Start(ref o, row + 3 * step + width, mode);
            ref T p0 = ref Unsafe.Add(ref p, i * pRow);
            ref T p1 = ref Unsafe.Add(ref p0, pRow);
            ref T p2 = ref Unsafe.Add(ref p1, pRow);
            ref T p3 = ref Unsafe.Add(ref p2, pRow);
            ref T sj = ref Unsafe.Add(ref s, j);
            for (int c = 0; c < inner; c++)
            {
                var s0 = Vector.LoadUnsafe(ref sj);
                var s1 = Vector.LoadUnsafe(ref sj, width);
                var f0 = new Vector<T>(Unsafe.Add(ref p0, c));
                var f1 = new Vector<T>(Unsafe.Add(ref p1, c));
                var f2 = new Vector<T>(Unsafe.Add(ref p2, c));
                var f3 = new Vector<T>(Unsafe.Add(ref p3, c));
                a00 = Fma(f0, s0, a00); a01 = Fma(f0, s1, a01);
                a10 = Fma(f1, s0, a10); a11 = Fma(f1, s1, a11);
                a20 = Fma(f2, s0, a20); a21 = Fma(f2, s1, a21);
                a30 = Fma(f3, s0, a30); a31 = Fma(f3, s1, a31);
                sj = ref Unsafe.Add(ref sj, sRow);
            }
            Finish(a00, ref o, row); Finish(a01, ref o, row + width);
            Finish(a10, ref o, row + step); Finish(a11, ref o, row + step + width);
            Finish(a20, ref o, row + 2 * step); Finish(a21, ref o, row + 2 * step + width);
            Finish(a30, ref o, row + 3 * step); Finish(a31, ref o, row + 3 * step + width);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Block4x4(ref T p, int pRow, ref T s, int sRow, ref T o, int oRow, int i, int j, int inner, int mode)
        {
            nuint width = (nuint)Vector<T>.Count, step = (nuint)oRow;
            nuint row = (nuint)(i * oRow + j);
            Vector<T> a00 = Start(ref o, row, mode), a01 = Start(ref o, row + width, mode), a02 = Start(ref o, row + 2 * width, mode), a03 = Start(ref o, row + 3 * width, mode);
            row += step;
            Vector<T> a10 = Start(ref o, row, mode), a11 = Start(ref o, row + width, mode), a12 = Start(ref o, row + 2 * width, mode), a13 = Start(ref o, row + 3 * width, mode);
            row += step;
            Vector<T> a20 = Start(ref o, row, mode), a21 = Start(ref o, row + width, mode), a22 = Start(ref o, row + 2 * width, mode), a23 = Start(ref o, row + 3 * width, mode);
            row += step;
            Vector<T> a30 = Start(ref o, row, mode), a31 = Start(ref o, row + width, mode), a32 = Start(ref o, row + 2 * width, mode), a33 = Start(ref o, row + 3 * width, mode);
            ref T p0 = ref Unsafe.Add(ref p, i * pRow);
            ref T p1 = ref Unsafe.Add(ref p0, pRow);
            ref T p2 = ref Unsafe.Add(ref p1, pRow);
            ref T p3 = ref Unsafe.Add(ref p2, pRow);
            ref T sj = ref Unsafe.Add(ref s, j);
            for (int c = 0; c < inner; c++)
            {
                var s0 = Vector.LoadUnsafe(ref sj);
                var s1 = Vector.LoadUnsafe(ref sj, width);
                var s2 = Vector.LoadUnsafe(ref sj, 2 * width);
                var s3 = Vector.LoadUnsafe(ref sj, 3 * width);
                var f = new Vector<T>(Unsafe.Add(ref p0, c));
                a00 = Fma(f, s0, a00); a01 = Fma(f, s1, a01); a02 = Fma(f, s2, a02); a03 = Fma(f, s3, a03);
                f = new Vector<T>(Unsafe.Add(ref p1, c));
                a10 = Fma(f, s0, a10); a11 = Fma(f, s1, a11); a12 = Fma(f, s2, a12); a13 = Fma(f, s3, a13);
                f = new Vector<T>(Unsafe.Add(ref p2, c));
                a20 = Fma(f, s0, a20); a21 = Fma(f, s1, a21); a22 = Fma(f, s2, a22); a23 = Fma(f, s3, a23);
                f = new Vector<T>(Unsafe.Add(ref p3, c));
                a30 = Fma(f, s0, a30); a31 = Fma(f, s1, a31); a32 = Fma(f, s2, a32); a33 = Fma(f, s3, a33);
                sj = ref Unsafe.Add(ref sj, sRow);
            }
            row = (nuint)(i * oRow + j);
            Finish(a00, ref o, row); Finish(a01, ref o, row + width); Finish(a02, ref o, row + 2 * width); Finish(a03, ref o, row + 3 * width);
            row += step;
            Finish(a10, ref o, row); Finish(a11, ref o, row + width); Finish(a12, ref o, row + 2 * width); Finish(a13, ref o, row + 3 * width);
            row += step;
            Finish(a20, ref o, row); Finish(a21, ref o, row + width); Finish(a22, ref o, row + 2 * width); Finish(a23, ref o, row + 3 * width);
            row += step;
            Finish(a30, ref o, row); Finish(a31, ref o, row + width); Finish(a32, ref o, row + 2 * width); Finish(a33, ref o, row + 3 * width);
        }

        /// <summary>One row of O by one or two vectors.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Block1x1(ref T p, int pRow, ref T s, int sRow, ref T o, int oRow, int i, int j, int inner, int mode, int vectors)
        {
            nuint width = (nuint)Vector<T>.Count;
            nuint row = (nuint)(i * oRow + j);
            Vector<T> a0 = Start(ref o, row, mode), a1 = vectors == 2 ? Start(ref o, row + width, mode) : default;
            ref T pi = ref Unsafe.Add(ref p, i * pRow);
            ref T sj = ref Unsafe.Add(ref s, j);
            for (int c = 0; c < inner; c++)
            {
                var f = new Vector<T>(Unsafe.Add(ref pi, c));
                a0 = Fma(f, Vector.LoadUnsafe(ref sj), a0);
                if (vectors == 2) a1 = Fma(f, Vector.LoadUnsafe(ref sj, width), a1);
                sj = ref Unsafe.Add(ref sj, sRow);
            }
            Finish(a0, ref o, row);
            if (vectors == 2) Finish(a1, ref o, row + width);
        }
    }
}
