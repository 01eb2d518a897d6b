using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparseDsl;

/// <summary>
/// y = (A1 ⊗ A2 ⊗ … ⊗ Ak)·x without forming the product, by the multilinear vec trick: x is read as a k-way tensor of
/// shape (n1, …, nk) stored row-major (the last index fastest), and each factor is applied along its own mode; mode
/// products on different modes commute, so the factors are applied in the cheapest order (<see cref="FactorOrder"/>).
/// Entry convention: (A⊗B)[i·p + k, j·q + l] = A[i, j]·B[k, l] for a p × q matrix B.
/// The factors are read at every call (not copied): values written into them later are seen by later calls. Two
/// workspaces of the largest intermediate tensor are allocated at construction; no call allocates.
/// </summary>
public sealed class KroneckerOperator<T> : ILinearOperator<T> where T : unmanaged, INumberBase<T>
{
    private readonly DenseMatrix<T>?[] _factors;      // the dense factors (null where the factor is sparse)
    private readonly CsrMatrix<T>?[] _sparse;         // the CSR factors (null where the factor is dense)
    private readonly int[] _factorRows, _factorColumns;
    private readonly int[] _applyOrder;
    private readonly int[] _transposedOrder;
    private readonly T[] _workA;
    private readonly T[] _workB;
    private readonly T[] _blockInput;
    private readonly T[] _blockOutput;
    private readonly T[] _factorScratch;

    /// <summary>The product of <paramref name="factors"/> (at least one, each at least 1 × 1), in the order given.</summary>
    public KroneckerOperator(params DenseMatrix<T>[] factors) : this(Stored(factors)) { }

    /// <summary>
    /// The product of dense (<see cref="DenseMatrix{T}"/>) and sparse (<see cref="CsrMatrix{T}"/>) factors, in the order
    /// given. A sparse factor's mode product walks its stored entries (cost nnz · the other modes' sizes).
    /// </summary>
    public KroneckerOperator(params IStoredMatrix<T>[] factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Length == 0) throw new ArgumentException("a Kronecker product needs at least one factor.", nameof(factors));
        _factors = new DenseMatrix<T>?[factors.Length];
        _sparse = new CsrMatrix<T>?[factors.Length];
        _factorRows = new int[factors.Length];
        _factorColumns = new int[factors.Length];
        long rows = 1, columns = 1;
        for (int i = 0; i < factors.Length; i++)
        {
            switch (factors[i])
            {
                case null: throw new ArgumentNullException(nameof(factors), $"factor {i + 1} is null.");
                case DenseMatrix<T> dense: _factors[i] = dense; _factorRows[i] = dense.Rows; _factorColumns[i] = dense.Columns; break;
                case CsrMatrix<T> csr: _sparse[i] = csr; _factorRows[i] = csr.Rows; _factorColumns[i] = csr.Columns; break;
                default: throw new ArgumentException($"factor {i + 1} is a {factors[i].GetType().Name}; Kronecker factors are DenseMatrix or CsrMatrix (convert with ToCsr()).", nameof(factors));
            }
            if (_factorRows[i] == 0 || _factorColumns[i] == 0)
                throw new ArgumentException($"factor {i + 1} is {_factorRows[i]} x {_factorColumns[i]}; every factor needs at least one row and one column.", nameof(factors));
            rows *= _factorRows[i];
            columns *= _factorColumns[i];
            if (rows > Array.MaxLength || columns > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(factors), $"the product of the factor sizes exceeds {Array.MaxLength} (the longest vector an array holds).");
        }
        Rows = (int)rows;
        Columns = (int)columns;
        _applyOrder = CheapestOrder(transposed: false);
        _transposedOrder = CheapestOrder(transposed: true);
        long work = Math.Max(LargestIntermediate(_applyOrder, false), LargestIntermediate(_transposedOrder, true));
        if (work > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(factors), $"an intermediate tensor of the vec trick has {work} entries; the limit is {Array.MaxLength}.");
        _workA = new T[work];
        _workB = new T[work];
        _blockInput = new T[Math.Max(Rows, Columns)];
        _blockOutput = new T[Math.Max(Rows, Columns)];
        long largestFactor = 0;
        foreach (var factor in _factors) if (factor is not null) largestFactor = Math.Max(largestFactor, (long)factor.Rows * factor.Columns);
        _factorScratch = IsVectorizable ? new T[largestFactor] : Array.Empty<T>();
    }

    /// <summary>M = Π m_i.</summary>
    public int Rows { get; }

    /// <summary>N = Π n_i.</summary>
    public int Columns { get; }

    private static IStoredMatrix<T>[] Stored(DenseMatrix<T>[] factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        var stored = new IStoredMatrix<T>[factors.Length];
        for (int i = 0; i < factors.Length; i++) stored[i] = factors[i];
        return stored;
    }

    /// <summary>Whether every factor is dense (then <see cref="Factors"/> lists them).</summary>
    public bool IsDense => Array.TrueForAll(_sparse, s => s is null);

    /// <summary>The factors, in product order, when all are dense.</summary>
    /// <exception cref="InvalidOperationException">A factor is sparse: use <see cref="StoredFactors"/>.</exception>
    public ReadOnlySpan<DenseMatrix<T>> Factors => IsDense
        ? new ReadOnlySpan<DenseMatrix<T>>(_factors!)
        : throw new InvalidOperationException("this Kronecker product has sparse factors; StoredFactors lists every factor.");

    /// <summary>The factors, dense or sparse, in product order.</summary>
    public IStoredMatrix<T>[] StoredFactors
    {
        get
        {
            var result = new IStoredMatrix<T>[_factors.Length];
            for (int i = 0; i < result.Length; i++) result[i] = (IStoredMatrix<T>?)_factors[i] ?? _sparse[i]!;
            return result;
        }
    }

    /// <summary>
    /// The product formed as a row-major dense matrix, one column per unit vector — for baselines that need the explicit
    /// matrix (classic SBL) and small sizes only: it holds Rows × Columns entries, which is what the operator avoids.
    /// </summary>
    public DenseMatrix<T> ToDense()
    {
        var formed = new DenseMatrix<T>(Rows, Columns);
        var unit = new T[Columns];
        var column = new T[Rows];
        for (int j = 0; j < Columns; j++)
        {
            unit[j] = T.One;
            Apply(unit, column);
            unit[j] = T.Zero;
            for (int i = 0; i < Rows; i++) formed.Values[i * Columns + j] = column[i];
        }
        return formed;
    }

    /// <summary>The order (0-based factor indices) in which <see cref="Apply"/> applies the mode products.</summary>
    public ReadOnlySpan<int> FactorOrder => _applyOrder;

    /// <inheritdoc />
    public void Apply(ReadOnlySpan<T> x, Span<T> y) => Run(x, y, transposed: false, conjugate: false, nameof(Apply));

    /// <inheritdoc />
    public void ApplyTransposed(ReadOnlySpan<T> x, Span<T> y) => Run(x, y, transposed: true, conjugate: false, nameof(ApplyTransposed));

    /// <inheritdoc />
    public void ApplyAdjoint(ReadOnlySpan<T> x, Span<T> y) => Run(x, y, transposed: true, conjugate: IsComplex, nameof(ApplyAdjoint));

    /// <inheritdoc />
    public void ApplyToBlock(DenseMatrix<T> x, DenseMatrix<T> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rows != Columns || y.Rows != Rows || x.Columns != y.Columns)
            throw new ShapeMismatchException(
                $"Kronecker ApplyToBlock: X must be {Columns} x k and Y {Rows} x k (the operator is {Rows} x {Columns}) but X is {x.Rows} x {x.Columns} and Y is {y.Rows} x {y.Columns}.");
        var input = _blockInput.AsSpan(0, Columns);
        var output = _blockOutput.AsSpan(0, Rows);
        for (int j = 0; j < x.Columns; j++)
        {
            for (int i = 0; i < Columns; i++) input[i] = x[i, j];
            Run(input, output, transposed: false, conjugate: false, nameof(ApplyToBlock));
            for (int i = 0; i < Rows; i++) y[i, j] = output[i];
        }
    }

    /// <summary>
    /// The vector–Jacobian product for one factor: f = gᵀ·(A_1 ⊗ … ⊗ A_k)·x (bilinear, no conjugation) and ∂f/∂A_i,
    /// written into <paramref name="gradient"/> — for a dense factor all m_i·n_i entries, row-major whatever the
    /// factor's layout; for a CSR factor the entries of its pattern, aligned with its Values. With Z the tensor x after
    /// the mode products of every other factor, ∂f/∂A_i[r, c] = Σ_(p,q) G[p, r, q]·Z[p, c, q]: the product is never formed.
    /// Returns f. Its two intermediate tensors are rented from the shared array pool (returned before it returns).
    /// </summary>
    public T FactorGradient(int factor, ReadOnlySpan<T> x, ReadOnlySpan<T> g, Span<T> gradient)
    {
        if ((uint)factor >= (uint)_factors.Length) throw new ArgumentOutOfRangeException(nameof(factor), factor, $"the product has {_factors.Length} factors (0-based).");
        if (x.Length != Columns) throw new ShapeMismatchException($"Kronecker FactorGradient: x has length {x.Length} but the operator needs {Columns} ({Rows} x {Columns}).", nameof(x));
        if (g.Length != Rows) throw new ShapeMismatchException($"Kronecker FactorGradient: g has length {g.Length} but the operator yields {Rows} ({Rows} x {Columns}).", nameof(g));
        var sparse = _sparse[factor];
        int expected = sparse?.NonZeroCount ?? _factorRows[factor] * _factorColumns[factor];
        if (gradient.Length != expected)
            throw new ShapeMismatchException($"Kronecker FactorGradient: the gradient of factor {factor + 1} has length {gradient.Length} but needs {expected} ({(sparse is null ? "rows x columns" : "its stored entries")}).", nameof(gradient));

        // Z: every mode but `factor` multiplied out, in factor order, through two pooled buffers.
        int k = _factors.Length;
        Span<int> dims = stackalloc int[k];
        long largest = Columns;
        for (int i = 0; i < k; i++) dims[i] = _factorColumns[i];
        for (int i = 0; i < k; i++)
        {
            if (i == factor) continue;
            long length = 1;
            for (int j = 0; j < k; j++) length *= j < i ? (j == factor ? _factorColumns[j] : _factorRows[j]) : (j == i ? _factorRows[j] : _factorColumns[j]);
            largest = Math.Max(largest, length);
        }
        var pool = System.Buffers.ArrayPool<T>.Shared;
        T[] first = pool.Rent((int)largest), second = pool.Rent((int)largest);
        try
        {
            x.CopyTo(first);
            ReadOnlySpan<T> current = first.AsSpan(0, Columns);
            for (int mode = 0; mode < k; mode++)
            {
                if (mode == factor) continue;
                int before = 1, after = 1;
                for (int i = 0; i < mode; i++) before *= dims[i];
                for (int i = mode + 1; i < k; i++) after *= dims[i];
                int inSize = dims[mode], outSize = _factorRows[mode];
                var target = (current.Overlaps(first) ? second : first).AsSpan(0, before * outSize * after);
                if (_factors[mode] is DenseMatrix<T> dense)
                    ModeProduct(dense, transposed: false, conjugate: false, current, target, before, inSize, outSize, after, _factorScratch);
                else
                    SparseModeProduct(_sparse[mode]!, transposed: false, conjugate: false, current, target, before, inSize, outSize, after);
                dims[mode] = outSize;
                current = target;
            }

            int outer = 1, inner = 1, rows = _factorRows[factor], columns = _factorColumns[factor];
            for (int i = 0; i < factor; i++) outer *= dims[i];
            for (int i = factor + 1; i < k; i++) inner *= dims[i];
            // gradient[r, c] = Σ_p Σ_q G[p, r, q]·Z[p, c, q]: dense over every (r, c), or over the CSR pattern.
            T Contract(ReadOnlySpan<T> z, ReadOnlySpan<T> gSpan, int r, int c)
            {
                T sum = T.Zero;
                for (int p = 0; p < outer; p++)
                {
                    var gRow = gSpan.Slice((p * rows + r) * inner, inner);
                    var zRow = z.Slice((p * columns + c) * inner, inner);
                    for (int q = 0; q < inner; q++) sum += gRow[q] * zRow[q];
                }
                return sum;
            }
            if (sparse is null)
            {
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < columns; c++) gradient[r * columns + c] = Contract(current, g, r, c);
            }
            else
            {
                var pointers = sparse.RowPointers;
                var indices = sparse.ColumnIndices;
                for (int r = 0; r < rows; r++)
                    for (int p = pointers[r]; p < pointers[r + 1]; p++) gradient[p] = Contract(current, g, r, indices[p]);
            }
            // f = Σ_(r,c) A_i[r, c]·∂f/∂A_i[r, c] (f is linear in A_i).
            T f = T.Zero;
            if (_factors[factor] is DenseMatrix<T> own)
            {
                for (int r = 0; r < rows; r++)
                    for (int c = 0; c < columns; c++) f += own[r, c] * gradient[r * columns + c];
            }
            else
            {
                ReadOnlySpan<T> values = sparse!.Values;
                for (int p = 0; p < values.Length; p++) f += values[p] * gradient[p];
            }
            return f;
        }
        finally
        {
            pool.Return(first);
            pool.Return(second);
        }
    }

    private static bool IsComplex => typeof(T) == typeof(Complex);

    private void Run(ReadOnlySpan<T> x, Span<T> y, bool transposed, bool conjugate, string action)
    {
        int inLength = transposed ? Rows : Columns, outLength = transposed ? Columns : Rows;
        if (x.Length != inLength)
            throw new ShapeMismatchException($"Kronecker {action}: x has length {x.Length} but the operator needs {inLength} ({Rows} x {Columns}{(transposed ? ", transposed" : "")}).", nameof(x));
        if (y.Length != outLength)
            throw new ShapeMismatchException($"Kronecker {action}: y has length {y.Length} but the operator yields {outLength} ({Rows} x {Columns}{(transposed ? ", transposed" : "")}).", nameof(y));

        int[] order = transposed ? _transposedOrder : _applyOrder;
        Span<int> dims = stackalloc int[_factors.Length];
        for (int i = 0; i < dims.Length; i++) dims[i] = InSize(i, transposed);

        ReadOnlySpan<T> current = x;
        for (int step = 0; step < order.Length; step++)
        {
            int mode = order[step];
            int before = 1, after = 1;
            for (int i = 0; i < mode; i++) before *= dims[i];
            for (int i = mode + 1; i < dims.Length; i++) after *= dims[i];
            int inSize = dims[mode], outSize = OutSize(mode, transposed);
            int length = before * outSize * after;
            Span<T> next = step == order.Length - 1 ? y : (step % 2 == 0 ? _workA : _workB).AsSpan(0, length);
            if (_factors[mode] is DenseMatrix<T> factor)
                ModeProduct(factor, transposed, conjugate, current, next, before, inSize, outSize, after, _factorScratch);
            else
                SparseModeProduct(_sparse[mode]!, transposed, conjugate, current, next, before, inSize, outSize, after);
            dims[mode] = outSize;
            current = next;
        }
    }

    private int InSize(int factor, bool transposed) => transposed ? _factorRows[factor] : _factorColumns[factor];

    private int OutSize(int factor, bool transposed) => transposed ? _factorColumns[factor] : _factorRows[factor];

    /// <summary>
    /// The mode product with a CSR factor: output[a, r, b] = Σ_(r,c) F[r, c]·input[a, c, b] (a row walk), or for
    /// op = Fᵀ, Fᴴ output[a, c, b] += op-entry·input[a, r, b] over the stored entries (a scatter into the cleared output).
    /// </summary>
    private static void SparseModeProduct(CsrMatrix<T> factor, bool transposed, bool conjugate, ReadOnlySpan<T> input, Span<T> output,
        int before, int inSize, int outSize, int after)
    {
        var rowPointers = factor.RowPointers;
        var columns = factor.ColumnIndices;
        ReadOnlySpan<T> values = factor.Values;
        for (int a = 0; a < before; a++)
        {
            var inBlock = input.Slice(a * inSize * after, inSize * after);
            var outBlock = output.Slice(a * outSize * after, outSize * after);
            if (!transposed)
            {
                for (int r = 0; r < outSize; r++)
                {
                    var target = outBlock.Slice(r * after, after);
                    target.Clear();
                    for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++)
                    {
                        T coefficient = values[k];
                        var source = inBlock.Slice(columns[k] * after, after);
                        for (int b = 0; b < after; b++) target[b] += coefficient * source[b];
                    }
                }
                continue;
            }
            outBlock.Clear();
            for (int r = 0; r < inSize; r++)
            {
                var source = inBlock.Slice(r * after, after);
                for (int k = rowPointers[r]; k < rowPointers[r + 1]; k++)
                {
                    T coefficient = conjugate && values[k] is Complex z ? (T)(object)Complex.Conjugate(z) : values[k];
                    var target = outBlock.Slice(columns[k] * after, after);
                    for (int b = 0; b < after; b++) target[b] += coefficient * source[b];
                }
            }
        }
    }

    /// <summary>
    /// output[a, r, b] = Σ_c op(F)[r, c] · input[a, c, b] for a &lt; before, b &lt; after, where op is F, Fᵀ or Fᴴ.
    /// float and double go to the SIMD panel products; other types (complex) run a dot product (after = 1) or a
    /// contiguous axpy over b.
    /// </summary>
    private static void ModeProduct(DenseMatrix<T> factor, bool transposed, bool conjugate, ReadOnlySpan<T> input, Span<T> output,
        int before, int inSize, int outSize, int after, Span<T> scratch)
    {
        T[] values = factor.Values;
        // op(F)[r, c] lives at values[r * rowStep + c * columnStep].
        bool rowMajor = factor.Layout == DenseLayout.RowMajor;
        int stride = factor.Stride;
        int rowStep = rowMajor != transposed ? stride : 1;
        int columnStep = rowMajor != transposed ? 1 : stride;

        if (IsVectorizable)
        {
            if (typeof(T) == typeof(double))
                RealModeProduct(Cast<double>(values), rowStep, columnStep, Cast<double>(input), Cast<double>(output), before, inSize, outSize, after, Cast<double>(scratch));
            else
                RealModeProduct(Cast<float>(values), rowStep, columnStep, Cast<float>(input), Cast<float>(output), before, inSize, outSize, after, Cast<float>(scratch));
            return;
        }

        for (int a = 0; a < before; a++)
        {
            var inBlock = input.Slice(a * inSize * after, inSize * after);
            var outBlock = output.Slice(a * outSize * after, outSize * after);
            for (int r = 0; r < outSize; r++)
            {
                int rowBase = r * rowStep;
                if (after == 1)
                {
                    T sum = T.Zero;
                    for (int c = 0; c < inSize; c++) sum += Entry(values, rowBase + c * columnStep, conjugate) * inBlock[c];
                    outBlock[r] = sum;
                    continue;
                }
                var target = outBlock.Slice(r * after, after);
                target.Clear();
                for (int c = 0; c < inSize; c++)
                {
                    T coefficient = Entry(values, rowBase + c * columnStep, conjugate);
                    if (coefficient == T.Zero) continue;
                    var source = inBlock.Slice(c * after, after);
                    for (int b = 0; b < after; b++) target[b] += coefficient * source[b];
                }
            }
        }
    }

    /// <summary>float and double take <see cref="RealModeProduct"/> (SIMD, register-blocked; the JIT drops the other branch).</summary>
    private static bool IsVectorizable => typeof(T) == typeof(double) || typeof(T) == typeof(float);

    private static Span<TReal> Cast<TReal>(Span<T> span) where TReal : struct => MemoryMarshal.Cast<byte, TReal>(MemoryMarshal.AsBytes(span));

    private static ReadOnlySpan<TReal> Cast<TReal>(ReadOnlySpan<T> span) where TReal : struct => MemoryMarshal.Cast<byte, TReal>(MemoryMarshal.AsBytes(span));

    /// <summary>
    /// The mode product for float and double as register-blocked panel products: with after &gt; 1 each block a is
    /// out[a] (m × after) = op(F) · in[a] (n × after); for the last mode (after = 1) it is out (before × m) =
    /// in (before × n) · op(F)ᵀ, which needs op(F)ᵀ contiguous along m: read in place when op(F) is column-contiguous,
    /// else transposed into <paramref name="scratch"/> first (m·n copies against before·m·n multiply-adds).
    /// </summary>
    private static void RealModeProduct<TReal>(ReadOnlySpan<TReal> f, int rowStep, int columnStep, ReadOnlySpan<TReal> input, Span<TReal> output,
        int before, int n, int m, int after, Span<TReal> scratch) where TReal : unmanaged, INumberBase<TReal>
    {
        ref TReal factor = ref MemoryMarshal.GetReference(f);
        ref TReal x = ref MemoryMarshal.GetReference(input);
        ref TReal y = ref MemoryMarshal.GetReference(output);
        if (after > 1)
        {
            for (int a = 0; a < before; a++)
                PanelProduct.Multiply(ref factor, rowStep, columnStep, ref Unsafe.Add(ref x, a * n * after), after,
                    ref Unsafe.Add(ref y, a * m * after), after, m, after, n);
            return;
        }
        ref TReal transposedFactor = ref factor;
        int sRow = columnStep;
        if (rowStep != 1)
        {
            for (int c = 0; c < n; c++)
                for (int r = 0; r < m; r++) scratch[c * m + r] = f[r * rowStep + c * columnStep];
            transposedFactor = ref MemoryMarshal.GetReference(scratch);
            sRow = m;
        }
        PanelProduct.Multiply(ref x, n, 1, ref transposedFactor, sRow, ref y, m, before, m, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Entry(T[] values, int index, bool conjugate)
    {
        T value = values[index];
        if (conjugate && typeof(T) == typeof(Complex))
        {
            var conjugated = Complex.Conjugate(Unsafe.As<T, Complex>(ref value));
            return Unsafe.As<Complex, T>(ref conjugated);
        }
        return value;
    }

    /// <summary>
    /// The cost of applying factor i is m_i·n_i times the product of the other modes' current sizes, so the order
    /// matters when factors are rectangular (shrinking factors first is cheaper). Up to 7 factors every order is
    /// costed; beyond that the factors are taken by increasing out/in ratio (the shrinking ones first).
    /// </summary>
    private int[] CheapestOrder(bool transposed)
    {
        int k = _factors.Length;
        var identity = new int[k];
        for (int i = 0; i < k; i++) identity[i] = i;
        if (k > 7)
        {
            Array.Sort(identity, (p, q) =>
                ((double)OutSize(p, transposed) / InSize(p, transposed))
                .CompareTo((double)OutSize(q, transposed) / InSize(q, transposed)));
            return identity;
        }
        int[] best = (int[])identity.Clone();
        double bestCost = Cost(best, transposed);
        var candidate = (int[])identity.Clone();
        while (NextPermutation(candidate))
        {
            double cost = Cost(candidate, transposed);
            if (cost < bestCost) { bestCost = cost; best = (int[])candidate.Clone(); }
        }
        return best;
    }

    private double Cost(int[] order, bool transposed)
    {
        double size = 1;
        for (int f = 0; f < _factors.Length; f++) size *= InSize(f, transposed);
        double cost = 0;
        foreach (int mode in order)
        {
            double inSize = InSize(mode, transposed), outSize = OutSize(mode, transposed);
            cost += size / inSize * outSize * inSize;
            size = size / inSize * outSize;
        }
        return cost;
    }

    private long LargestIntermediate(int[] order, bool transposed)
    {
        long size = 1, largest = 0;
        for (int f = 0; f < _factors.Length; f++) size *= InSize(f, transposed);
        for (int step = 0; step < order.Length - 1; step++)
        {
            int f = order[step];
            size = size / InSize(f, transposed) * OutSize(f, transposed);
            largest = Math.Max(largest, size);
        }
        return largest;
    }

    private static bool NextPermutation(int[] items)
    {
        int i = items.Length - 2;
        while (i >= 0 && items[i] >= items[i + 1]) i--;
        if (i < 0) return false;
        int j = items.Length - 1;
        while (items[j] <= items[i]) j--;
        (items[i], items[j]) = (items[j], items[i]);
        Array.Reverse(items, i + 1, items.Length - i - 1);
        return true;
    }
}
