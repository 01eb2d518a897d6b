using System;
using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;

namespace SparseDsl;

/// <summary>How <see cref="ChebyshevCollocation.Solve2D"/> solves the linear collocation system.</summary>
public enum ChebyshevMethod2D
{
    /// <summary>Eigen for a linear problem, DenseLu when there is a cubic term (its Newton Jacobian is no Kronecker sum).</summary>
    Auto,

    /// <summary>
    /// The Sylvester equation Ax·V + V·Ayᵀ = R of the interior unknowns, by the eigendecompositions of the two 1-D
    /// interior operators, with iterative refinement on the residual: O(nx³ + ny³ + nx·ny·(nx + ny)). Linear problems only.
    /// </summary>
    Eigen,

    /// <summary>
    /// The Kronecker sum Ax ⊗ I + I ⊗ Ay formed as a dense (nx − 1)(ny − 1)-square matrix and LU-factored: at most
    /// <see cref="ChebyshevCollocation.DenseUnknownLimit"/> interior unknowns.
    /// </summary>
    DenseLu,
}

/// <summary>Options of <see cref="ChebyshevCollocation"/>: the cubic term and its Newton iteration, the 2-D method.</summary>
public sealed record ChebyshevOptions
{
    /// <summary>c in L u + c·u³ = f; 0 (the default) makes the problem linear and solves it directly.</summary>
    public double CubicCoefficient { get; init; }

    /// <summary>Newton stops when max |δu| ≤ Tolerance · max(1, max |u|).</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>Newton steps allowed before <see cref="ArithmeticException"/>.</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>The 2-D solution method.</summary>
    public ChebyshevMethod2D Method { get; init; } = ChebyshevMethod2D.Auto;
}

/// <summary>
/// A polynomial of degree N on [a, b] held by its values at the N + 1 Chebyshev–Gauss–Lobatto points (ascending),
/// evaluated anywhere in [a, b] by the barycentric formula.
/// </summary>
public sealed class ChebyshevSolution1D
{
    private readonly double[] _weights;

    /// <summary>The interpolant through <paramref name="values"/> at <see cref="ChebyshevCollocation.Nodes"/>(values.Length − 1, a, b).</summary>
    public ChebyshevSolution1D(double a, double b, double[] values) : this(a, b, values, 0) { }

    internal ChebyshevSolution1D(double a, double b, double[] values, int newtonIterations)
    {
        ArgumentNullException.ThrowIfNull(values);
        ChebyshevCollocation.CheckInterval(a, b, nameof(a));
        if (values.Length < 2) throw new ArgumentException($"a Chebyshev interpolant needs at least 2 values; got {values.Length}.", nameof(values));
        A = a; B = b;
        Values = values;
        Nodes = ChebyshevCollocation.Nodes(values.Length - 1, a, b);
        _weights = ChebyshevCollocation.BarycentricWeights(values.Length - 1);
        NewtonIterations = newtonIterations;
    }

    /// <summary>The left end of the interval.</summary>
    public double A { get; }

    /// <summary>The right end of the interval.</summary>
    public double B { get; }

    /// <summary>N.</summary>
    public int Degree => Values.Length - 1;

    /// <summary>The N + 1 Chebyshev–Gauss–Lobatto points, ascending (Nodes[0] = a, Nodes[N] = b).</summary>
    public double[] Nodes { get; }

    /// <summary>u at <see cref="Nodes"/>.</summary>
    public double[] Values { get; }

    /// <summary>The Newton steps taken (0 for a linear problem).</summary>
    public int NewtonIterations { get; }

    /// <summary>u(x) for x in [a, b].</summary>
    /// <exception cref="ArgumentOutOfRangeException">x is outside [a, b] or not finite.</exception>
    public double Evaluate(double x)
    {
        Span<double> result = stackalloc double[1];
        Evaluate([x], result);
        return result[0];
    }

    /// <summary>y[i] = u(x[i]).</summary>
    /// <exception cref="ShapeMismatchException">x and y differ in length.</exception>
    public void Evaluate(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != y.Length)
            throw new ShapeMismatchException($"Evaluate: x has {x.Length} points but y has length {y.Length}.", nameof(y));
        for (int i = 0; i < x.Length; i++)
            y[i] = ChebyshevCollocation.Barycentric(Nodes, _weights, Values, 1, 0, ChebyshevCollocation.CheckPoint(x[i], A, B, nameof(x)));
    }
}

/// <summary>
/// A tensor polynomial of degree (Nx, Ny) on [a1, b1] × [a2, b2] held by its values on the Chebyshev–Gauss–Lobatto
/// grid, Values[i·(Ny + 1) + j] = u(NodesX[i], NodesY[j]); evaluated by barycentric interpolation along each axis.
/// </summary>
public sealed class ChebyshevSolution2D
{
    private readonly double[] _weightsX, _weightsY;

    /// <summary>The interpolant through <paramref name="values"/> (row-major, (nx + 1) × (ny + 1), the x index slow).</summary>
    public ChebyshevSolution2D(int nx, int ny, double a1, double b1, double a2, double b2, double[] values)
        : this(nx, ny, a1, b1, a2, b2, values, 0, ChebyshevMethod2D.Auto) { }

    internal ChebyshevSolution2D(int nx, int ny, double a1, double b1, double a2, double b2, double[] values, int newtonIterations, ChebyshevMethod2D method)
    {
        ArgumentNullException.ThrowIfNull(values);
        ChebyshevCollocation.CheckDegree(nx, nameof(nx));
        ChebyshevCollocation.CheckDegree(ny, nameof(ny));
        ChebyshevCollocation.CheckInterval(a1, b1, nameof(a1));
        ChebyshevCollocation.CheckInterval(a2, b2, nameof(a2));
        if (values.Length != (long)(nx + 1) * (ny + 1))
            throw new ShapeMismatchException($"a degree ({nx}, {ny}) grid has {(long)(nx + 1) * (ny + 1)} values; got {values.Length}.", nameof(values));
        A1 = a1; B1 = b1; A2 = a2; B2 = b2;
        NodesX = ChebyshevCollocation.Nodes(nx, a1, b1);
        NodesY = ChebyshevCollocation.Nodes(ny, a2, b2);
        _weightsX = ChebyshevCollocation.BarycentricWeights(nx);
        _weightsY = ChebyshevCollocation.BarycentricWeights(ny);
        Values = values;
        NewtonIterations = newtonIterations;
        Method = method;
    }

    public double A1 { get; }
    public double B1 { get; }
    public double A2 { get; }
    public double B2 { get; }

    /// <summary>The x grid (Nx + 1 points, ascending).</summary>
    public double[] NodesX { get; }

    /// <summary>The y grid (Ny + 1 points, ascending).</summary>
    public double[] NodesY { get; }

    /// <summary>u on the grid, row-major with the x index slow.</summary>
    public double[] Values { get; }

    /// <summary>u(NodesX[i], NodesY[j]).</summary>
    public double this[int i, int j] => Values[i * NodesY.Length + j];

    /// <summary>The Newton steps taken (0 for a linear problem).</summary>
    public int NewtonIterations { get; }

    /// <summary>The method that solved the system (Auto for an interpolant built directly).</summary>
    public ChebyshevMethod2D Method { get; }

    /// <summary>u(x, y) for (x, y) in the rectangle: O(Nx·Ny).</summary>
    public double Evaluate(double x, double y)
    {
        Span<double> result = stackalloc double[1];
        EvaluateGrid([x], [y], result);
        return result[0];
    }

    /// <summary>
    /// values[p·ys.Length + q] = u(xs[p], ys[q]), separably: the interpolation rows along x applied to the grid, then
    /// along y — O(|xs|·Nx·Ny + |xs|·|ys|·Ny) instead of O(|xs|·|ys|·Nx·Ny).
    /// </summary>
    /// <exception cref="ShapeMismatchException">values is not |xs|·|ys| long.</exception>
    /// <exception cref="ArgumentOutOfRangeException">a point lies outside the rectangle.</exception>
    public void EvaluateGrid(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, Span<double> values)
    {
        if ((long)xs.Length * ys.Length != values.Length)
            throw new ShapeMismatchException($"EvaluateGrid: {xs.Length} x {ys.Length} points need {(long)xs.Length * ys.Length} values; the output has length {values.Length}.", nameof(values));
        int my = NodesY.Length;
        var alongX = new double[my];       // u(xs[p], NodesY[j]) for one p
        for (int p = 0; p < xs.Length; p++)
        {
            double x = ChebyshevCollocation.CheckPoint(xs[p], A1, B1, nameof(xs));
            for (int j = 0; j < my; j++) alongX[j] = ChebyshevCollocation.Barycentric(NodesX, _weightsX, Values, my, j, x);
            for (int q = 0; q < ys.Length; q++)
                values[p * ys.Length + q] = ChebyshevCollocation.Barycentric(NodesY, _weightsY, alongX, 1, 0, ChebyshevCollocation.CheckPoint(ys[q], A2, B2, nameof(ys)));
        }
    }
}

/// <summary>
/// Chebyshev collocation, the classical spectral baseline for smooth boundary-value problems: L u + c·u³ = f with
/// Dirichlet values, where L u = Σ c_k ∂^k u/∂x_d^k over terms (Coefficient, Dimension, Order), k ∈ {0, 1, 2},
/// constant coefficients. 1-D on [a, b] with N + 1 Chebyshev–Gauss–Lobatto points, 2-D on a tensor grid. The
/// differentiation matrices come from the barycentric formula with the negative-sum trick (each diagonal entry is
/// minus the sum of its row's others, so a constant is differentiated to zero exactly); the interior equations are
/// solved by dense LU (1-D), by the eigendecompositions of the 1-D interior operators (2-D, linear) or by a dense LU
/// of the Kronecker sum (2-D, small), all on MathNet. A cubic term is solved by Newton from the boundary data's
/// linear interpolant.
/// </summary>
public static class ChebyshevCollocation
{
    /// <summary>The most interior unknowns the dense 2-D method accepts (about 40², where one LU is a few seconds).</summary>
    public const int DenseUnknownLimit = 1600;

    /// <summary>The largest degree accepted (the 1-D system is a dense N-square matrix).</summary>
    public const int MaxDegree = 4096;

    /// <summary>The N + 1 Chebyshev–Gauss–Lobatto points of [a, b], ascending: a + (b − a)(1 − cos(jπ/N))/2, symmetric to rounding.</summary>
    public static double[] Nodes(int n, double a, double b)
    {
        CheckDegree(n, nameof(n));
        CheckInterval(a, b, nameof(a));
        var nodes = new double[n + 1];
        double mid = 0.5 * (a + b), half = 0.5 * (b - a);
        // −cos(jπ/N) written as sin(π(2j − N)/(2N)): exact symmetry about the midpoint, exact ends.
        for (int j = 0; j <= n; j++) nodes[j] = mid + half * Math.Sin(Math.PI * (2 * j - n) / (2.0 * n));
        nodes[0] = a;
        nodes[n] = b;
        return nodes;
    }

    /// <summary>
    /// The (N + 1)-square matrix D⁽ᵏ⁾ with (D⁽ᵏ⁾u)_i = p⁽ᵏ⁾(x_i) for the degree-N interpolant p of u at <see cref="Nodes"/>
    /// (order 0: the identity).
    /// </summary>
    public static DenseMatrix<double> DifferentiationMatrix(int n, double a, double b, int order)
    {
        CheckDegree(n, nameof(n));
        CheckInterval(a, b, nameof(a));
        if (order is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(order), $"order {order}: the differentiation matrices are of order 0, 1 or 2.");
        var m = Differentiation(n, a, b)[order];
        return new DenseMatrix<double>(n + 1, n + 1, m);
    }

    /// <summary>
    /// Solves L u + c·u³ = f on [a, b] with u(a) = left, u(b) = right at the N + 1 points <see cref="Nodes"/>(n, a, b);
    /// the terms are (Coefficient, Dimension = 0, Order ∈ {0, 1, 2}), repeated terms add.
    /// </summary>
    /// <exception cref="ArgumentException">a bad term, interval, degree or boundary value; f not finite at a node.</exception>
    /// <exception cref="ArithmeticException">the collocation matrix is singular, or Newton did not converge.</exception>
    public static ChebyshevSolution1D Solve1D(int n, double a, double b, (double Coefficient, int Dimension, int Order)[] terms,
        Func<double, double> f, double left, double right, ChebyshevOptions? options = null)
    {
        CheckDegree(n, nameof(n));
        CheckInterval(a, b, nameof(a));
        ArgumentNullException.ThrowIfNull(f);
        options ??= new ChebyshevOptions();
        CheckOptions(options);
        if (!double.IsFinite(left)) throw new ArgumentException($"the boundary value u(a) = {left} is not finite.", nameof(left));
        if (!double.IsFinite(right)) throw new ArgumentException($"the boundary value u(b) = {right} is not finite.", nameof(right));
        var l = Operator(n, a, b, terms, 0, 1);
        var x = Nodes(n, a, b);
        int size = n + 1, m = n - 1;
        var u = new double[size];
        u[0] = left;
        u[n] = right;
        var fValues = new double[m];
        var rhs = new double[m];
        for (int i = 1; i < n; i++)
        {
            fValues[i - 1] = Finite(f(x[i]), $"f({x[i]:R})", nameof(f));
            rhs[i - 1] = fValues[i - 1] - l[i * size] * left - l[i * size + n] * right;
        }
        var interior = Matrix<double>.Build.Dense(m, m, (i, j) => l[(i + 1) * size + j + 1]);

        double c = options.CubicCoefficient;
        if (c == 0)
        {
            var solution = SolveChecked(interior, rhs);
            for (int i = 0; i < m; i++) u[i + 1] = solution[i];
            return new ChebyshevSolution1D(a, b, u, 0);
        }

        for (int i = 1; i < n; i++) u[i] = left + (right - left) * (x[i] - a) / (b - a);
        var residual = new double[m];
        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            // R_i = (L u)_i + c·u_i³ − f_i over the interior; J = L_interior + 3c·diag(u²).
            var jacobian = interior.Clone();
            for (int i = 1; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < size; j++) sum += l[i * size + j] * u[j];
                residual[i - 1] = sum + c * u[i] * u[i] * u[i] - fValues[i - 1];
                jacobian[i - 1, i - 1] += 3 * c * u[i] * u[i];
            }
            var step = SolveChecked(jacobian, residual);
            double stepSize = 0, scale = 1;
            for (int i = 0; i < m; i++) { u[i + 1] -= step[i]; stepSize = Math.Max(stepSize, Math.Abs(step[i])); }
            foreach (double v in u) scale = Math.Max(scale, Math.Abs(v));
            if (stepSize <= options.Tolerance * scale) return new ChebyshevSolution1D(a, b, u, iteration);
        }
        throw new ArithmeticException($"Newton did not converge in {options.MaxIterations} iterations (tolerance {options.Tolerance:G3}).");
    }

    /// <summary>
    /// Solves L u + c·u³ = f on [a1, b1] × [a2, b2] with u = boundary(x, y) on the edges, on the (nx + 1) × (ny + 1)
    /// Chebyshev–Gauss–Lobatto grid. Dimension 0 is x, 1 is y; an order-0 term may name either.
    /// </summary>
    /// <exception cref="ArgumentException">a bad term, rectangle or degree; f or boundary not finite at a node; DenseLu above <see cref="DenseUnknownLimit"/>; Eigen with a cubic term.</exception>
    /// <exception cref="ArithmeticException">the system is singular, or Newton did not converge.</exception>
    public static ChebyshevSolution2D Solve2D(int nx, int ny, double a1, double b1, double a2, double b2,
        (double Coefficient, int Dimension, int Order)[] terms, Func<double, double, double> f, Func<double, double, double> boundary,
        ChebyshevOptions? options = null)
    {
        CheckDegree(nx, nameof(nx));
        CheckDegree(ny, nameof(ny));
        CheckInterval(a1, b1, nameof(a1));
        CheckInterval(a2, b2, nameof(a2));
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(boundary);
        options ??= new ChebyshevOptions();
        CheckOptions(options);
        CheckTerms(terms, 2);
        double c = options.CubicCoefficient;
        var method = options.Method == ChebyshevMethod2D.Auto ? (c == 0 ? ChebyshevMethod2D.Eigen : ChebyshevMethod2D.DenseLu) : options.Method;
        if (method == ChebyshevMethod2D.Eigen && c != 0)
            throw new ArgumentException("the Eigen method solves linear problems only; a cubic term needs DenseLu (Newton's Jacobian is no Kronecker sum).", nameof(options));
        int mx = nx - 1, my = ny - 1;
        if (method == ChebyshevMethod2D.DenseLu && (long)mx * my > DenseUnknownLimit)
            throw new ArgumentException($"DenseLu: {mx} x {my} = {(long)mx * my} interior unknowns exceed the limit of {DenseUnknownLimit}; use Eigen for a linear problem.", nameof(options));

        var lx = Operator(nx, a1, b1, terms, 0, 2);
        var ly = Operator(ny, a2, b2, terms, 1, 2);
        var xs = Nodes(nx, a1, b1);
        var ys = Nodes(ny, a2, b2);
        int sx = nx + 1, sy = ny + 1;
        var u = new double[sx * sy];
        for (int i = 0; i < sx; i++)
            for (int j = 0; j < sy; j++)
                if (i == 0 || i == nx || j == 0 || j == ny)
                    u[i * sy + j] = Finite(boundary(xs[i], ys[j]), $"boundary({xs[i]:R}, {ys[j]:R})", nameof(boundary));
        var fValues = new double[mx * my];
        for (int i = 1; i < nx; i++)
            for (int j = 1; j < ny; j++)
                fValues[(i - 1) * my + j - 1] = Finite(f(xs[i], ys[j]), $"f({xs[i]:R}, {ys[j]:R})", nameof(f));
        var ax = Matrix<double>.Build.Dense(mx, mx, (i, j) => lx[(i + 1) * sx + j + 1]);
        var ay = Matrix<double>.Build.Dense(my, my, (i, j) => ly[(i + 1) * sy + j + 1]);

        if (c == 0)
        {
            // R = F − L·U_b, U_b the boundary values with a zero interior.
            var r = Matrix<double>.Build.Dense(mx, my, (i, j) => fValues[i * my + j] - ApplyAt(lx, ly, u, sx, sy, i + 1, j + 1));
            var v = method == ChebyshevMethod2D.Eigen ? Sylvester(ax, ay, r) : Unflatten(SolveChecked(DenseKroneckerSum(ax, ay, null), Flatten(r)), mx, my);
            for (int i = 0; i < mx; i++) for (int j = 0; j < my; j++) u[(i + 1) * sy + j + 1] = v[i, j];
            return new ChebyshevSolution2D(nx, ny, a1, b1, a2, b2, u, 0, method);
        }

        // Newton from the bilinear blend of the boundary data (a Coons patch).
        for (int i = 1; i < nx; i++)
            for (int j = 1; j < ny; j++)
            {
                double s = (xs[i] - a1) / (b1 - a1), t = (ys[j] - a2) / (b2 - a2);
                u[i * sy + j] = (1 - s) * u[j] + s * u[nx * sy + j] + (1 - t) * u[i * sy] + t * u[i * sy + ny]
                    - ((1 - s) * (1 - t) * u[0] + s * (1 - t) * u[nx * sy] + (1 - s) * t * u[ny] + s * t * u[nx * sy + ny]);
            }
        var residual = Vector<double>.Build.Dense(mx * my);
        var cubeDerivative = new double[mx * my];
        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            for (int i = 1; i < nx; i++)
                for (int j = 1; j < ny; j++)
                {
                    double value = u[i * sy + j];
                    int k = (i - 1) * my + j - 1;
                    residual[k] = ApplyAt(lx, ly, u, sx, sy, i, j) + c * value * value * value - fValues[k];
                    cubeDerivative[k] = 3 * c * value * value;
                }
            var step = SolveChecked(DenseKroneckerSum(ax, ay, cubeDerivative), residual);
            double stepSize = 0, scale = 1;
            for (int i = 0; i < mx; i++)
                for (int j = 0; j < my; j++)
                {
                    u[(i + 1) * sy + j + 1] -= step[i * my + j];
                    stepSize = Math.Max(stepSize, Math.Abs(step[i * my + j]));
                }
            foreach (double value in u) scale = Math.Max(scale, Math.Abs(value));
            if (stepSize <= options.Tolerance * scale) return new ChebyshevSolution2D(nx, ny, a1, b1, a2, b2, u, iteration, method);
        }
        throw new ArithmeticException($"Newton did not converge in {options.MaxIterations} iterations (tolerance {options.Tolerance:G3}).");
    }

    // ---- operators -----------------------------------------------------------------------------------

    /// <summary>[D⁰, D¹, D²] on [a, b], row-major (N + 1)-square.</summary>
    private static double[][] Differentiation(int n, double a, double b)
    {
        int size = n + 1;
        var w = BarycentricWeights(n);
        var d1 = new double[size * size];
        var d2 = new double[size * size];
        var theta = new double[size];
        for (int j = 0; j <= n; j++) theta[j] = Math.PI * j / n;
        for (int i = 0; i <= n; i++)
        {
            double diagonal1 = 0;
            for (int j = 0; j <= n; j++)
            {
                if (j == i) continue;
                // t_i − t_j for t = −cos θ, as a product of sines: no cancellation between close nodes.
                double difference = 2 * Math.Sin(0.5 * (theta[i] + theta[j])) * Math.Sin(0.5 * (theta[i] - theta[j]));
                double entry = w[j] / w[i] / difference;
                d1[i * size + j] = entry;
                diagonal1 -= entry;
            }
            d1[i * size + i] = diagonal1;
            double diagonal2 = 0;
            for (int j = 0; j <= n; j++)
            {
                if (j == i) continue;
                double difference = 2 * Math.Sin(0.5 * (theta[i] + theta[j])) * Math.Sin(0.5 * (theta[i] - theta[j]));
                double entry = 2 * d1[i * size + j] * (diagonal1 - 1 / difference);   // Welfert's recursion for the second derivative
                d2[i * size + j] = entry;
                diagonal2 -= entry;
            }
            d2[i * size + i] = diagonal2;
        }
        double scale = 2 / (b - a);
        for (int k = 0; k < d1.Length; k++) { d1[k] *= scale; d2[k] *= scale * scale; }
        var d0 = new double[size * size];
        for (int i = 0; i < size; i++) d0[i * size + i] = 1;
        return [d0, d1, d2];
    }

    /// <summary>Σ c·D^(order) over the terms of <paramref name="dimension"/>, row-major (N + 1)-square.</summary>
    private static double[] Operator(int n, double a, double b, (double Coefficient, int Dimension, int Order)[] terms, int dimension, int dimensions)
    {
        CheckTerms(terms, dimensions);
        var d = Differentiation(n, a, b);
        var l = new double[(n + 1) * (n + 1)];
        foreach (var (coefficient, termDimension, order) in terms)
        {
            if (termDimension != dimension) continue;
            var source = d[order];
            for (int k = 0; k < l.Length; k++) l[k] += coefficient * source[k];
        }
        return l;
    }

    /// <summary>(L u)(x_i, y_j) = Σ_k Lx[i, k]·u[k, j] + Σ_k Ly[j, k]·u[i, k].</summary>
    private static double ApplyAt(double[] lx, double[] ly, double[] u, int sx, int sy, int i, int j)
    {
        double sum = 0;
        for (int k = 0; k < sx; k++) sum += lx[i * sx + k] * u[k * sy + j];
        for (int k = 0; k < sy; k++) sum += ly[j * sy + k] * u[i * sy + k];
        return sum;
    }

    /// <summary>
    /// V with Ax·V + V·Ayᵀ = R, from Ax = P·Λ·P⁻¹ and Ay = Q·M·Q⁻¹: V = P·W·Qᵀ, W_ij = (P⁻¹·R·Q⁻ᵀ)_ij / (λ_i + μ_j);
    /// then iterative refinement on the residual (up to <see cref="RefinementSteps"/> steps, while each step at least
    /// halves it): for non-normal operators (strong first-order terms) P and Q are ill-conditioned and one solve
    /// alone is accurate only to about κ(P)·κ(Q)·ε.
    /// </summary>
    private static Matrix<double> Sylvester(Matrix<double> ax, Matrix<double> ay, Matrix<double> r)
    {
        var solve = EigenSolver(ax, ay);
        var ayT = ay.Transpose();
        var best = solve(r);
        var residual = r - ax * best - best * ayT;
        double bestNorm = residual.FrobeniusNorm();
        for (int step = 0; step < RefinementSteps && bestNorm > 0; step++)
        {
            var candidate = best + solve(residual);
            var candidateResidual = r - ax * candidate - candidate * ayT;
            double norm = candidateResidual.FrobeniusNorm();
            if (!(norm < 0.5 * bestNorm)) break;
            (best, residual, bestNorm) = (candidate, candidateResidual, norm);
        }
        foreach (double value in best.Enumerate())
            if (!double.IsFinite(value)) throw new ArithmeticException("the collocation system is singular (the eigen solve produced a non-finite value).");
        return best;
    }

    /// <summary>The most refinement steps <see cref="Sylvester"/> takes.</summary>
    private const int RefinementSteps = 3;

    /// <summary>R ↦ P·[(P⁻¹·R·Q⁻ᵀ)_ij / (λ_i + μ_j)]·Qᵀ, in real arithmetic when both spectra are real, else in complex.</summary>
    private static Func<Matrix<double>, Matrix<double>> EigenSolver(Matrix<double> ax, Matrix<double> ay)
    {
        var ex = ax.Evd();
        var ey = ay.Evd();
        bool real = true;
        foreach (var value in ex.EigenValues) real &= value.Imaginary == 0;
        foreach (var value in ey.EigenValues) real &= value.Imaginary == 0;
        if (real)
        {
            var p = ex.EigenVectors;
            var q = ey.EigenVectors;
            var pInverse = p.Inverse();
            var qInverseT = q.Inverse().Transpose();
            var qT = q.Transpose();
            var denominator = Matrix<double>.Build.Dense(ax.RowCount, ay.RowCount, (i, j) => Denominator(ex.EigenValues[i].Real + ey.EigenValues[j].Real));
            return r => p * (pInverse * r * qInverseT).PointwiseDivide(denominator) * qT;
        }
        else
        {
            // Complex eigenvalues (first-order terms): the same in complex arithmetic; V is real to rounding.
            var cx = ax.ToComplex().Evd();
            var cy = ay.ToComplex().Evd();
            var p = cx.EigenVectors;
            var q = cy.EigenVectors;
            var pInverse = p.Inverse();
            var qInverseT = q.Inverse().Transpose();
            var qT = q.Transpose();
            var denominator = Matrix<Complex>.Build.Dense(ax.RowCount, ay.RowCount, (i, j) => Denominator(cx.EigenValues[i] + cy.EigenValues[j]));
            return r => (p * (pInverse * r.ToComplex() * qInverseT).PointwiseDivide(denominator) * qT).Real();
        }
    }

    private static T Denominator<T>(T value) where T : System.Numerics.INumberBase<T>
        => T.IsZero(value) ? throw new ArithmeticException("the collocation system is singular: λ_i + μ_j = 0 for eigenvalues of the two interior operators.") : value;

    /// <summary>The LU of Ax ⊗ I + I ⊗ Ay (+ diag(extra)), unknowns ordered (i, j) → i·my + j.</summary>
    private static MathNet.Numerics.LinearAlgebra.Factorization.LU<double> DenseKroneckerSum(Matrix<double> ax, Matrix<double> ay, double[]? extra)
    {
        int mx = ax.RowCount, my = ay.RowCount;
        var k = Matrix<double>.Build.Dense(mx * my, mx * my);
        for (int i = 0; i < mx; i++)
            for (int j = 0; j < my; j++)
            {
                int row = i * my + j;
                for (int l = 0; l < mx; l++) k[row, l * my + j] += ax[i, l];
                for (int l = 0; l < my; l++) k[row, i * my + l] += ay[j, l];
                if (extra is not null) k[row, row] += extra[row];
            }
        return k.LU();
    }

    private static Vector<double> Flatten(Matrix<double> r)
    {
        var v = Vector<double>.Build.Dense(r.RowCount * r.ColumnCount);
        for (int i = 0; i < r.RowCount; i++) for (int j = 0; j < r.ColumnCount; j++) v[i * r.ColumnCount + j] = r[i, j];
        return v;
    }

    private static Matrix<double> Unflatten(Vector<double> v, int rows, int columns) => Matrix<double>.Build.Dense(rows, columns, (i, j) => v[i * columns + j]);

    private static Vector<double> SolveChecked(Matrix<double> a, double[] rhs) => SolveChecked(a.LU(), Vector<double>.Build.Dense(rhs));

    private static Vector<double> SolveChecked(MathNet.Numerics.LinearAlgebra.Factorization.LU<double> lu, Vector<double> rhs)
    {
        var solution = lu.Solve(rhs);
        foreach (double value in solution)
            if (!double.IsFinite(value)) throw new ArithmeticException("the collocation matrix is singular (the LU solve produced a non-finite value).");
        return solution;
    }

    // ---- barycentric interpolation -------------------------------------------------------------------

    /// <summary>The Chebyshev–Gauss–Lobatto barycentric weights (−1)^j, halved at the ends.</summary>
    internal static double[] BarycentricWeights(int n)
    {
        var w = new double[n + 1];
        for (int j = 0; j <= n; j++) w[j] = (j % 2 == 0 ? 1 : -1) * (j == 0 || j == n ? 0.5 : 1);
        return w;
    }

    /// <summary>p(x) = Σ (w_j/(x − x_j))·v_j / Σ w_j/(x − x_j), the values read at values[offset + j·stride]; exact at a node.</summary>
    internal static double Barycentric(double[] nodes, double[] w, double[] values, int stride, int offset, double x)
    {
        double numerator = 0, denominator = 0;
        for (int j = 0; j < nodes.Length; j++)
        {
            double difference = x - nodes[j];
            if (difference == 0) return values[offset + j * stride];
            double weight = w[j] / difference;
            numerator += weight * values[offset + j * stride];
            denominator += weight;
        }
        return numerator / denominator;
    }

    // ---- input checks --------------------------------------------------------------------------------

    internal static void CheckDegree(int n, string name)
    {
        if (n < 2 || n > MaxDegree)
            throw new ArgumentOutOfRangeException(name, $"degree {n}: Chebyshev collocation needs 2 ≤ N ≤ {MaxDegree} (N + 1 points, at least one interior).");
    }

    internal static void CheckInterval(double a, double b, string name)
    {
        if (!double.IsFinite(a) || !double.IsFinite(b) || !(a < b))
            throw new ArgumentException($"the interval [{a}, {b}] must have finite ends with a < b.", name);
    }

    internal static double CheckPoint(double x, double a, double b, string name)
        => x >= a && x <= b ? x : throw new ArgumentOutOfRangeException(name, $"the point {x:R} lies outside [{a:R}, {b:R}].");

    private static void CheckTerms((double Coefficient, int Dimension, int Order)[] terms, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Length == 0) throw new ArgumentException("the operator needs at least one term.", nameof(terms));
        bool nonzero = false;
        for (int i = 0; i < terms.Length; i++)
        {
            var (coefficient, dimension, order) = terms[i];
            if (!double.IsFinite(coefficient)) throw new ArgumentException($"term {i}: the coefficient {coefficient} is not finite.", nameof(terms));
            if (dimension < 0 || dimension >= dimensions)
                throw new ArgumentException($"term {i}: dimension {dimension} does not exist in a {dimensions}-D problem (dimensions are 0{(dimensions > 1 ? $" to {dimensions - 1}" : "")}).", nameof(terms));
            if (order is < 0 or > 2) throw new ArgumentException($"term {i}: order {order}; the terms are of order 0, 1 or 2.", nameof(terms));
            nonzero |= coefficient != 0;
        }
        if (!nonzero) throw new ArgumentException("every term's coefficient is zero: the operator is zero.", nameof(terms));
    }

    private static void CheckOptions(ChebyshevOptions options)
    {
        if (!double.IsFinite(options.CubicCoefficient)) throw new ArgumentException($"the cubic coefficient {options.CubicCoefficient} is not finite.", nameof(options));
        if (!(options.Tolerance > 0)) throw new ArgumentException($"the Newton tolerance {options.Tolerance} must be positive.", nameof(options));
        if (options.MaxIterations < 1) throw new ArgumentException($"MaxIterations {options.MaxIterations} must be at least 1.", nameof(options));
        if (!Enum.IsDefined(options.Method)) throw new ArgumentException($"unknown 2-D method {options.Method}.", nameof(options));
    }

    private static double Finite(double value, string what, string name)
        => double.IsFinite(value) ? value : throw new ArgumentException($"{what} = {value} is not finite.", name);
}
