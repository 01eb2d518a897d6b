using System;

namespace SparseDsl;

/// <summary>
/// argmin_{w ≥ 0} ‖C·w − d‖ for a small dense C (m × n ≤ the capacity) by Lawson and Hanson's active-set method,
/// each unconstrained sub-problem solved by Householder QR of the passive columns. The workspace is planned for the
/// capacity at construction; <see cref="Solve"/> allocates nothing.
/// </summary>
internal sealed class NonNegativeLeastSquares
{
    private readonly int _capacity;
    private readonly bool[] _passive;
    private readonly int[] _columns;
    private readonly double[] _qr, _rhs, _z, _gradient, _residual;

    public NonNegativeLeastSquares(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _passive = new bool[capacity];
        _columns = new int[capacity];
        _qr = new double[capacity * capacity];
        _rhs = new double[capacity];
        _z = new double[capacity];
        _gradient = new double[capacity];
        _residual = new double[capacity];
    }

    /// <summary>Writes the non-negative least-squares solution into <paramref name="w"/> (length C.Columns).</summary>
    /// <exception cref="ShapeMismatchException">d or w of the wrong length, or C larger than the capacity.</exception>
    public void Solve(DenseMatrix<double> c, ReadOnlySpan<double> d, Span<double> w)
    {
        int m = c.Rows, n = c.Columns;
        if (m > _capacity || n > _capacity) throw new ShapeMismatchException($"C is {m} x {n} but the solver was planned for at most {_capacity} x {_capacity}", nameof(c));
        if (d.Length != m) throw new ShapeMismatchException($"d has length {d.Length} but C has {m} rows", nameof(d));
        if (w.Length != n) throw new ShapeMismatchException($"w has length {w.Length} but C has {n} columns", nameof(w));
        w.Clear();
        Array.Clear(_passive, 0, n);
        double cNorm = 0, dNorm = 0;
        for (int j = 0; j < n; j++)
        {
            double column = 0;
            for (int i = 0; i < m; i++) column += Math.Abs(c[i, j]);
            cNorm = Math.Max(cNorm, column);
        }
        for (int i = 0; i < m; i++) dNorm = Math.Max(dNorm, Math.Abs(d[i]));
        // MATLAB's lsqnonneg tolerance, made relative to the scale of d.
        double tolerance = 10 * 2.220446049250313e-16 * cNorm * Math.Max(m, n) * dNorm;
        if (dNorm == 0) return;

        for (int outer = 0; outer < 3 * n; outer++)
        {
            Gradient(c, d, w);
            int entering = -1;
            double best = tolerance;
            for (int j = 0; j < n; j++)
                if (!_passive[j] && _gradient[j] > best) { best = _gradient[j]; entering = j; }
            if (entering < 0) return;
            _passive[entering] = true;
            for (int inner = 0; inner < 3 * n; inner++)
            {
                LeastSquaresOnPassive(c, d);
                double step = 1;
                bool feasible = true;
                for (int j = 0; j < n; j++)
                {
                    if (!_passive[j] || _z[j] > 0) continue;
                    feasible = false;
                    double denominator = w[j] - _z[j];
                    if (denominator > 0) step = Math.Min(step, w[j] / denominator);
                }
                if (feasible)
                {
                    for (int j = 0; j < n; j++) w[j] = _passive[j] ? _z[j] : 0;
                    break;
                }
                // Move towards z until a passive variable reaches zero; it leaves the passive set.
                for (int j = 0; j < n; j++)
                {
                    if (!_passive[j]) continue;
                    w[j] += step * (_z[j] - w[j]);
                    if (w[j] <= tolerance) { w[j] = 0; _passive[j] = false; }
                }
            }
        }
    }

    private void Gradient(DenseMatrix<double> c, ReadOnlySpan<double> d, ReadOnlySpan<double> w)
    {
        int m = c.Rows, n = c.Columns;
        for (int i = 0; i < m; i++)
        {
            double sum = d[i];
            for (int j = 0; j < n; j++) sum -= c[i, j] * w[j];
            _residual[i] = sum;
        }
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < m; i++) sum += c[i, j] * _residual[i];
            _gradient[j] = sum;
        }
    }

    /// <summary>z = argmin ‖C_P·z_P − d‖ over the passive columns P (z = 0 elsewhere), by Householder QR.</summary>
    private void LeastSquaresOnPassive(DenseMatrix<double> c, ReadOnlySpan<double> d)
    {
        int m = c.Rows, n = c.Columns, p = 0;
        for (int j = 0; j < n; j++) { _z[j] = 0; if (_passive[j]) _columns[p++] = j; }
        // _qr is m × p, column-major.
        for (int k = 0; k < p; k++)
            for (int i = 0; i < m; i++) _qr[k * m + i] = c[i, _columns[k]];
        for (int i = 0; i < m; i++) _rhs[i] = d[i];
        int rank = Math.Min(m, p);
        for (int k = 0; k < rank; k++)
        {
            var column = _qr.AsSpan(k * m, m);
            double norm = 0;
            for (int i = k; i < m; i++) norm += column[i] * column[i];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = column[k] > 0 ? -norm : norm;
            // v = x − α·e_k, stored in place of the column below the diagonal (v_k kept separately).
            double vk = column[k] - alpha, vNorm2 = vk * vk;
            for (int i = k + 1; i < m; i++) vNorm2 += column[i] * column[i];
            column[k] = vk;
            for (int l = k + 1; l < p; l++) Reflect(column, _qr.AsSpan(l * m, m), k, m, vNorm2);
            Reflect(column, _rhs, k, m, vNorm2);
            column[k] = alpha;   // R's diagonal
        }
        // Back substitution R·z_P = (Qᵀd)[0..p); a zero pivot (dependent column) gives 0.
        for (int k = rank - 1; k >= 0; k--)
        {
            double sum = _rhs[k];
            for (int l = k + 1; l < rank; l++) sum -= _qr[l * m + k] * _z[_columns[l]];
            double pivot = _qr[k * m + k];
            _z[_columns[k]] = Math.Abs(pivot) > 1e-300 ? sum / pivot : 0;
        }
    }

    /// <summary>target ← (I − 2vvᵀ/‖v‖²)·target on rows k..m, v in <paramref name="v"/>[k..m).</summary>
    private static void Reflect(ReadOnlySpan<double> v, Span<double> target, int k, int m, double vNorm2)
    {
        if (vNorm2 == 0) return;
        double dot = 0;
        for (int i = k; i < m; i++) dot += v[i] * target[i];
        double f = 2 * dot / vNorm2;
        for (int i = k; i < m; i++) target[i] -= f * v[i];
    }
}
