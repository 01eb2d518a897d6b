using System;

namespace SparseDsl;

/// <summary>
/// The GP-PDE solution at arbitrary points: u(x) = k(x, X)·K⁻¹·U with k the product of the per-dimension kernels,
/// i.e. (K*_1 ⊗ … ⊗ K*_d)·β with β = (K_1⁻¹ ⊗ … ⊗ K_d⁻¹)·U computed once (per-dimension Cholesky solves). A
/// derivative replaces that dimension's k by k′ or k″. K carries the jitter and k* does not, so at a grid point the
/// prediction differs from U by jitter·β.
/// </summary>
public sealed class GpPdePredictor
{
    private readonly GpPdeDimension[] _dimensions;
    private readonly SpectralMixtureKernel[] _kernels;
    private readonly double[] _weights;
    private readonly int[] _shape;

    internal GpPdePredictor(GpPdeDimension[] dimensions, SpectralMixtureKernel[] kernels, GpPdeFactor[] factors, ReadOnlySpan<double> u)
    {
        _dimensions = dimensions;
        _kernels = kernels;
        _shape = Array.ConvertAll(dimensions, d => d.Points);
        var beta = u.ToArray();
        var scratch = new double[beta.Length];
        for (int k = 0; k < _shape.Length; k++)
        {
            // β ← β ×_k K_k⁻¹: along axis 0 by triangular solves, along the others by K_k⁻¹ formed once from its Cholesky factor.
            int n = _shape[k];
            if (k == 0)
            {
                GpPdeDense.CholeskySolve(factors[0].Cholesky, n, beta, beta.Length / n);   // axis 0: the other axes are the columns
                continue;
            }
            var inverse = factors[k].Inverse ?? IdentitySolve(factors[k]);
            GpPdeDense.ModeProduct(beta, _shape, k, inverse, n, scratch);
            (beta, scratch) = (scratch, beta);
        }
        _weights = beta;
    }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>K⁻¹·U on the grid (first dimension slowest).</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>u at one point (one coordinate per dimension).</summary>
    public double Evaluate(ReadOnlySpan<double> point) => Evaluate(point, -1, 0);

    /// <summary>∂^order u/∂x_dimension^order at one point (order 0, 1 or 2).</summary>
    public double Derivative(ReadOnlySpan<double> point, int dimension, int order)
    {
        if (dimension < 0 || dimension >= Rank) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"the predictor has {Rank} dimension(s)");
        if (order is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(order), order, "orders 0, 1 and 2");
        return Evaluate(point, dimension, order);
    }

    /// <summary>
    /// u (or ∂^order u/∂x_dimension^order; dimension −1: u itself) on the product grid of the given coordinates per
    /// dimension; the values first dimension slowest (length Π points[k].Length).
    /// </summary>
    public double[] Evaluate(double[][] points, int dimension = -1, int order = 0)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length != Rank) throw new ShapeMismatchException($"{points.Length} coordinate lists for a {Rank}-dimensional predictor", nameof(points));
        if (dimension < -1 || dimension >= Rank) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"−1 or a dimension below {Rank}");
        if (order is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(order), order, "orders 0, 1 and 2");
        var current = _weights;
        var shape = (int[])_shape.Clone();
        for (int k = 0; k < Rank; k++)
        {
            var coordinates = points[k] ?? throw new ArgumentNullException(nameof(points), $"coordinates {k} are null");
            int m = coordinates.Length, n = _shape[k];
            var cross = new double[m * n];
            for (int i = 0; i < m; i++)
            {
                if (!double.IsFinite(coordinates[i])) throw new ArgumentException($"coordinate {i} of dimension {k} is {coordinates[i]}", nameof(points));
                for (int j = 0; j < n; j++) cross[i * n + j] = Kernel(k, coordinates[i] - _dimensions[k].Point(j), k == dimension ? order : 0);
            }
            int size = current.Length / n * m;
            var next = new double[size];
            GpPdeDense.ModeProduct(current, shape, k, cross, m, next);
            shape[k] = m;
            current = next;
        }
        return current;
    }

    private double Evaluate(ReadOnlySpan<double> point, int dimension, int order)
    {
        if (point.Length != Rank) throw new ShapeMismatchException($"a point with {point.Length} coordinates for a {Rank}-dimensional predictor", nameof(point));
        var grid = new double[Rank][];
        for (int k = 0; k < Rank; k++) grid[k] = new[] { point[k] };
        return Evaluate(grid, dimension, order)[0];
    }

    private double Kernel(int k, double d, int order)
    {
        var (value, first, second) = _kernels[k].Evaluate(d);
        return order switch { 0 => value, 1 => first, _ => second };
    }

    private static double[] IdentitySolve(GpPdeFactor factor)
    {
        int n = factor.N;
        var inverse = new double[n * n];
        for (int i = 0; i < n; i++) inverse[i * n + i] = 1;
        GpPdeDense.CholeskySolve(factor.Cholesky, n, inverse, n);
        return inverse;
    }
}
