using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>The dense kernels the GP-PDE solver runs on row-major arrays: vectorized row updates, Cholesky solves with many right-hand sides, an LU with partial pivoting, and mode products of a grid tensor.</summary>
internal static class GpPdeDense
{
    /// <summary>y += a·x.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(a);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
                (new Vector<double>(y.Slice(i)) + va * new Vector<double>(x.Slice(i))).CopyTo(y.Slice(i));
        }
        for (; i < x.Length; i++) y[i] += a * x[i];
    }

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<double>.Zero;
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count) acc += new Vector<double>(x.Slice(i)) * new Vector<double>(y.Slice(i));
            sum = Vector.Sum(acc);
        }
        for (; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>
    /// The lower Cholesky factor of the symmetric positive-definite row-major A (n × n; only its lower triangle is
    /// read), row by row with vectorized dot products (the factor of the hot path; <see cref="DenseFactorizations.Cholesky{T}"/>
    /// goes through MathNet and copies, several times slower at n = 400).
    /// </summary>
    /// <exception cref="NotPositiveDefiniteException">A pivot is not positive.</exception>
    public static double[] Cholesky(double[] a, int n)
    {
        var l = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            var rowI = l.AsSpan(i * n, i);
            for (int j = 0; j < i; j++)
                l[i * n + j] = (a[i * n + j] - Dot(rowI.Slice(0, j), l.AsSpan(j * n, j))) / l[j * n + j];
            double pivot = a[i * n + i] - Dot(rowI, rowI);
            if (!(pivot > 0)) throw new NotPositiveDefiniteException($"the {n} x {n} covariance factor is not positive definite (pivot {i} is {pivot:G3}); raise the jitter");
            l[i * n + i] = Math.Sqrt(pivot);
        }
        return l;
    }

    /// <summary>B ← (L·Lᵀ)⁻¹·B for the n × n lower-triangular L and the n × m row-major B.</summary>
    public static void CholeskySolve(double[] l, int n, Span<double> b, int m)
    {
        for (int i = 0; i < n; i++)
        {
            var row = b.Slice(i * m, m);
            for (int j = 0; j < i; j++) Axpy(-l[i * n + j], b.Slice(j * m, m), row);
            Scale(1 / l[i * n + i], row);
        }
        for (int i = n - 1; i >= 0; i--)
        {
            var row = b.Slice(i * m, m);
            for (int j = i + 1; j < n; j++) Axpy(-l[j * n + i], b.Slice(j * m, m), row);
            Scale(1 / l[i * n + i], row);
        }
    }

    public static void Scale(double a, Span<double> x)
    {
        for (int i = 0; i < x.Length; i++) x[i] *= a;
    }

    /// <summary>C = A·B for row-major A (r × k) and B (k × c).</summary>
    public static double[] Multiply(double[] a, double[] b, int r, int k, int c)
    {
        var result = new double[r * c];
        for (int i = 0; i < r; i++)
        {
            var row = result.AsSpan(i * c, c);
            for (int j = 0; j < k; j++)
            {
                double v = a[i * k + j];
                if (v != 0) Axpy(v, b.AsSpan(j * c, c), row);
            }
        }
        return result;
    }

    /// <summary>
    /// out = in ×_axis A: along axis <paramref name="axis"/> of a row-major tensor of the given shape, each fibre x
    /// becomes A·x (A is rows × shape[axis], row-major); <paramref name="output"/>'s shape has shape[axis] replaced by rows.
    /// </summary>
    public static void ModeProduct(ReadOnlySpan<double> input, ReadOnlySpan<int> shape, int axis, double[] a, int rows, Span<double> output)
    {
        int outer = 1, inner = 1, n = shape[axis];
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.Length; i++) inner *= shape[i];
        output.Slice(0, outer * rows * inner).Clear();
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < rows; i++)
            {
                var target = output.Slice((o * rows + i) * inner, inner);
                for (int j = 0; j < n; j++)
                {
                    double v = a[i * n + j];
                    if (v != 0) Axpy(v, input.Slice((o * n + j) * inner, inner), target);
                }
            }
    }

    /// <summary>The mode product for a complex tensor held as real and imaginary parts and a complex square A (its parts).</summary>
    public static void ModeProduct(ReadOnlySpan<double> re, ReadOnlySpan<double> im, ReadOnlySpan<int> shape, int axis, double[] aRe, double[] aIm, Span<double> outRe, Span<double> outIm)
    {
        int outer = 1, inner = 1, n = shape[axis];
        for (int i = 0; i < axis; i++) outer *= shape[i];
        for (int i = axis + 1; i < shape.Length; i++) inner *= shape[i];
        outRe.Slice(0, outer * n * inner).Clear();
        outIm.Slice(0, outer * n * inner).Clear();
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < n; i++)
            {
                var tRe = outRe.Slice((o * n + i) * inner, inner);
                var tIm = outIm.Slice((o * n + i) * inner, inner);
                for (int j = 0; j < n; j++)
                {
                    double ar = aRe[i * n + j], ai = aIm[i * n + j];
                    var xr = re.Slice((o * n + j) * inner, inner);
                    var xi = im.Slice((o * n + j) * inner, inner);
                    Axpy(ar, xr, tRe); Axpy(-ai, xi, tRe);
                    Axpy(ar, xi, tIm); Axpy(ai, xr, tIm);
                }
            }
    }
}

/// <summary>P·A = L·U with partial pivoting of a square row-major matrix, for solves with A and Aᵀ.</summary>
internal sealed class GpPdeLu
{
    private readonly double[] _lu;
    private readonly int[] _pivot;
    private readonly int _n;

    /// <exception cref="NotPositiveDefiniteException">A is singular to working precision (a zero pivot).</exception>
    public GpPdeLu(double[] a, int n)
    {
        _n = n;
        _lu = (double[])a.Clone();
        _pivot = new int[n];
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double best = Math.Abs(_lu[k * n + k]);
            for (int i = k + 1; i < n; i++)
                if (Math.Abs(_lu[i * n + k]) > best) { best = Math.Abs(_lu[i * n + k]); p = i; }
            if (!(best > 0)) throw new NotPositiveDefiniteException($"the {n} x {n} collocation system is singular (column {k} has no nonzero pivot)");
            _pivot[k] = p;
            if (p != k) for (int j = 0; j < n; j++) (_lu[k * n + j], _lu[p * n + j]) = (_lu[p * n + j], _lu[k * n + j]);
            double inverse = 1 / _lu[k * n + k];
            var pivotRow = _lu.AsSpan(k * n + k + 1, n - k - 1);
            for (int i = k + 1; i < n; i++)
            {
                double factor = _lu[i * n + k] * inverse;
                _lu[i * n + k] = factor;
                if (factor != 0) GpPdeDense.Axpy(-factor, pivotRow, _lu.AsSpan(i * n + k + 1, n - k - 1));
            }
        }
    }

    /// <summary>b ← A⁻¹·b.</summary>
    public void Solve(Span<double> b)
    {
        int n = _n;
        for (int k = 0; k < n; k++) if (_pivot[k] != k) (b[k], b[_pivot[k]]) = (b[_pivot[k]], b[k]);
        for (int i = 0; i < n; i++) b[i] -= GpPdeDense.Dot(_lu.AsSpan(i * n, i), b.Slice(0, i));
        for (int i = n - 1; i >= 0; i--) b[i] = (b[i] - GpPdeDense.Dot(_lu.AsSpan(i * n + i + 1, n - i - 1), b.Slice(i + 1, n - i - 1))) / _lu[i * n + i];
    }

    /// <summary>b ← A⁻ᵀ·b (Aᵀ = Uᵀ·Lᵀ·P).</summary>
    public void SolveTransposed(Span<double> b)
    {
        int n = _n;
        for (int i = 0; i < n; i++)
        {
            b[i] /= _lu[i * n + i];
            if (b[i] != 0) GpPdeDense.Axpy(-b[i], _lu.AsSpan(i * n + i + 1, n - i - 1), b.Slice(i + 1, n - i - 1));
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double v = b[i];
            for (int j = 0; j < i; j++) b[j] -= _lu[i * n + j] * v;
        }
        for (int k = n - 1; k >= 0; k--) if (_pivot[k] != k) (b[k], b[_pivot[k]]) = (b[_pivot[k]], b[k]);
    }
}
