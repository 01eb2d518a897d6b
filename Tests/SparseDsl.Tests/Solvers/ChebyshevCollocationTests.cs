using System;
using System.Linq;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>
/// Chebyshev collocation against closed forms: the differentiation matrices on polynomials (exact derivatives),
/// spectral convergence on manufactured solutions in 1-D and 2-D (second- and first-order terms), Allen–Cahn by
/// Newton (and its discrete residual formed independently from the matrices), the two 2-D methods against each other,
/// the barycentric evaluator against the interpolated function, and the input checks.
/// </summary>
public class ChebyshevCollocationTests
{
    private static double[] Uniform(double a, double b, int count) => Enumerable.Range(0, count).Select(i => a + (b - a) * i / (count - 1)).ToArray();

    private static double MaxError(ChebyshevSolution1D solution, Func<double, double> exact, int count = 301)
    {
        var x = Uniform(solution.A, solution.B, count);
        var y = new double[count];
        solution.Evaluate(x, y);
        return x.Select((v, i) => Math.Abs(y[i] - exact(v))).Max();
    }

    private static double MaxError(ChebyshevSolution2D solution, Func<double, double, double> exact, int count = 61)
    {
        var xs = Uniform(solution.A1, solution.B1, count);
        var ys = Uniform(solution.A2, solution.B2, count + 3);
        var values = new double[xs.Length * ys.Length];
        solution.EvaluateGrid(xs, ys, values);
        double error = 0;
        for (int p = 0; p < xs.Length; p++)
            for (int q = 0; q < ys.Length; q++) error = Math.Max(error, Math.Abs(values[p * ys.Length + q] - exact(xs[p], ys[q])));
        return error;
    }

    [Fact]
    public void NodesAreAscendingSymmetricAndIncludeTheEnds()
    {
        var x = ChebyshevCollocation.Nodes(7, -1, 3);
        Assert.Equal(-1, x[0]);
        Assert.Equal(3, x[7]);
        for (int j = 0; j <= 7; j++)
        {
            Assert.Equal(1 + 2 * -Math.Cos(j * Math.PI / 7), x[j], 1e-14);
            Assert.Equal(2.0, x[j] + x[7 - j], 1e-14);
            if (j > 0) Assert.True(x[j] > x[j - 1]);
        }
    }

    [Theory]
    [InlineData(5, -1.0, 1.0)]
    [InlineData(12, -0.5, 2.0)]
    [InlineData(31, 3.0, 3.25)]
    public void DifferentiationMatricesAreExactOnPolynomialsOfTheDegree(int n, double a, double b)
    {
        // p(x) = Σ c_k s^k with s = (x − mid)/half ∈ [−1, 1]; its derivatives in closed form.
        var random = new Random(n);
        var coefficients = Enumerable.Range(0, n + 1).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double mid = 0.5 * (a + b), half = 0.5 * (b - a);
        double P(double x, int order)
        {
            double s = (x - mid) / half, sum = 0;
            for (int k = order; k <= n; k++)
            {
                double factor = 1;
                for (int m = 0; m < order; m++) factor *= k - m;
                sum += coefficients[k] * factor * Math.Pow(s, k - order);
            }
            return sum / Math.Pow(half, order);
        }
        var x = ChebyshevCollocation.Nodes(n, a, b);
        var values = x.Select(v => P(v, 0)).ToArray();
        for (int order = 0; order <= 2; order++)
        {
            var d = ChebyshevCollocation.DifferentiationMatrix(n, a, b, order);
            double scale = x.Max(v => Math.Abs(P(v, order))) + 1;
            for (int i = 0; i <= n; i++)
            {
                double sum = 0;
                for (int j = 0; j <= n; j++) sum += d[i, j] * values[j];
                Assert.True(Math.Abs(sum - P(x[i], order)) < 1e-10 * scale * Math.Pow(n, 2 * order), $"order {order}, row {i}: {sum} vs {P(x[i], order)}");
            }
        }
    }

    [Fact]
    public void PoissonErrorFallsSpectrallyBelow1e10ByN40()
    {
        // u = sin(3x) on [−1, 2]: u″ = −9 sin 3x.
        (double, int, int)[] terms = [(1.0, 0, 2)];
        double Error(int n) => MaxError(ChebyshevCollocation.Solve1D(n, -1, 2, terms, x => -9 * Math.Sin(3 * x), Math.Sin(-3), Math.Sin(6)), x => Math.Sin(3 * x));
        var errors = new[] { 8, 16, 24, 40 }.Select(Error).ToArray();
        Assert.True(errors[0] > 1e-4, $"N = 8 error {errors[0]:G3} is too small for a degree-8 polynomial");
        for (int k = 1; k < errors.Length; k++) Assert.True(errors[k] < errors[k - 1] * 1e-2 || errors[k] < 1e-12, $"errors {string.Join(", ", errors.Select(e => e.ToString("G3")))}");
        Assert.True(errors[^1] < 1e-10, $"N = 40 error {errors[^1]:G3}");
    }

    [Fact]
    public void FirstOrderTermsResolveABoundaryLayer()
    {
        // ε u″ + u′ = 1, u(0) = u(1) = 0: u = x − (1 − e^{−x/ε}) / (1 − e^{−1/ε}).
        const double epsilon = 0.05;
        double Exact(double x) => x - (1 - Math.Exp(-x / epsilon)) / (1 - Math.Exp(-1 / epsilon));
        var solution = ChebyshevCollocation.Solve1D(64, 0, 1, [(epsilon, 0, 2), (1.0, 0, 1)], _ => 1, 0, 0);
        Assert.True(MaxError(solution, Exact) < 1e-9, $"error {MaxError(solution, Exact):G3}");
        // Dropping the advection term changes the answer: the term is not ignored.
        var diffusionOnly = ChebyshevCollocation.Solve1D(64, 0, 1, [(epsilon, 0, 2)], _ => 1, 0, 0);
        Assert.True(MaxError(diffusionOnly, Exact) > 0.1);
    }

    [Fact]
    public void AllenCahnByNewtonMatchesAManufacturedSolution()
    {
        // u″ + u(u² − 1) = f for u = 0.8 sin 2x + 0.3x on [0, 3]: terms u″ − u, cubic coefficient 1.
        double U(double x) => 0.8 * Math.Sin(2 * x) + 0.3 * x;
        double F(double x) => -3.2 * Math.Sin(2 * x) + U(x) * (U(x) * U(x) - 1);
        (double, int, int)[] terms = [(1.0, 0, 2), (-1.0, 0, 0)];
        var options = new ChebyshevOptions { CubicCoefficient = 1 };
        var solution = ChebyshevCollocation.Solve1D(40, 0, 3, terms, F, U(0), U(3), options);
        Assert.True(MaxError(solution, U) < 1e-10, $"error {MaxError(solution, U):G3}");
        Assert.InRange(solution.NewtonIterations, 2, 12);

        // The discrete equations, formed here from D²: D²u − u + u³ − f = 0 at every interior node.
        var d2 = ChebyshevCollocation.DifferentiationMatrix(40, 0, 3, 2);
        for (int i = 1; i < 40; i++)
        {
            double sum = 0;
            for (int j = 0; j <= 40; j++) sum += d2[i, j] * solution.Values[j];
            double u = solution.Values[i];
            Assert.True(Math.Abs(sum - u + u * u * u - F(solution.Nodes[i])) < 1e-8, $"residual at node {i}");
        }
        var linear = ChebyshevCollocation.Solve1D(40, 0, 3, terms, F, U(0), U(3));
        Assert.Equal(0, linear.NewtonIterations);
        Assert.True(MaxError(linear, U) > 1e-2, "without the cubic term the answer must differ");
        Assert.Throws<ArithmeticException>(() => ChebyshevCollocation.Solve1D(40, 0, 3, terms, F, U(0), U(3), options with { MaxIterations = 1 }));
    }

    private static double U2(double x, double y) => Math.Exp(x) * Math.Sin(2 * y) + x * y * y;

    // 0.5 u_xx + u_yy + 0.3 u_x − 0.2 u_y + 1.5 u (1.5 u split over both dimensions) of U2.
    private static readonly (double, int, int)[] Terms2 = [(0.5, 0, 2), (1.0, 1, 2), (0.3, 0, 1), (-0.2, 1, 1), (1.0, 0, 0), (0.5, 1, 0)];

    private static double F2(double x, double y)
    {
        double e = Math.Exp(x), s = Math.Sin(2 * y), c = Math.Cos(2 * y);
        double uxx = e * s, uyy = -4 * e * s + 2 * x, ux = e * s + y * y, uy = 2 * e * c + 2 * x * y;
        return 0.5 * uxx + uyy + 0.3 * ux - 0.2 * uy + 1.5 * U2(x, y);
    }

    [Theory]
    [InlineData(ChebyshevMethod2D.Eigen)]
    [InlineData(ChebyshevMethod2D.DenseLu)]
    public void Manufactured2DSolutionWithAdvectionIsRecovered(ChebyshevMethod2D method)
    {
        var solution = ChebyshevCollocation.Solve2D(22, 26, -1, 1, 0, 2, Terms2, F2, U2, new ChebyshevOptions { Method = method });
        Assert.Equal(method, solution.Method);
        Assert.True(MaxError(solution, U2) < 1e-10, $"{method}: error {MaxError(solution, U2):G3}");
    }

    [Fact]
    public void EigenAndDenseLuAgreeOnTheDiscreteSolution()
    {
        // A coarse grid (far from converged): both methods must give the same discrete solution, not just a good one.
        var eigen = ChebyshevCollocation.Solve2D(5, 7, -1, 1, 0, 2, Terms2, F2, U2, new ChebyshevOptions { Method = ChebyshevMethod2D.Eigen });
        var dense = ChebyshevCollocation.Solve2D(5, 7, -1, 1, 0, 2, Terms2, F2, U2, new ChebyshevOptions { Method = ChebyshevMethod2D.DenseLu });
        Assert.True(MaxError(eigen, U2) > 1e-8, "the coarse grid should not have converged");
        for (int k = 0; k < eigen.Values.Length; k++) Assert.True(Math.Abs(eigen.Values[k] - dense.Values[k]) < 1e-11, $"value {k}");

        // Pure diffusion: real eigenvalues, the real-arithmetic path. Poisson for sin 2x · cos 3y.
        static double P(double x, double y) => Math.Sin(2 * x) * Math.Cos(3 * y);
        (double, int, int)[] laplace = [(1.0, 0, 2), (1.0, 1, 2)];
        var poisson = ChebyshevCollocation.Solve2D(30, 34, 0, 1.5, -1, 1, laplace, (x, y) => -13 * P(x, y), P);
        Assert.True(MaxError(poisson, P) < 1e-11, $"Poisson error {MaxError(poisson, P):G3}");
    }

    [Fact]
    public void StrongAdvectionTakesTheComplexEigenPathAndAgreesWithDenseLu()
    {
        // 0.02 u_xx + u_x + u_yy on [0, 1]²: the discrete x operator has complex eigenvalues (checked here), so the
        // eigen solve runs in complex arithmetic; the dense LU of the formed Kronecker sum is the reference. The operator
        // is far from normal (ill-conditioned eigenvectors): one eigen solve alone agrees only to ~3e-10 here, and the
        // iterative refinement on the residual brings it to rounding.
        (double, int, int)[] terms = [(0.02, 0, 2), (1.0, 0, 1), (1.0, 1, 2)];
        const int nx = 24, ny = 10;
        var d1 = ChebyshevCollocation.DifferentiationMatrix(nx, 0, 1, 1);
        var d2 = ChebyshevCollocation.DifferentiationMatrix(nx, 0, 1, 2);
        var ax = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(nx - 1, nx - 1, (i, j) => 0.02 * d2[i + 1, j + 1] + d1[i + 1, j + 1]);
        Assert.Contains(ax.Evd().EigenValues, v => v.Imaginary != 0);
        static double U(double x, double y) => Math.Cos(2 * x + y) + x * x * y;
        static double F(double x, double y) => 0.02 * (-4 * Math.Cos(2 * x + y) + 2 * y) + (-2 * Math.Sin(2 * x + y) + 2 * x * y) - Math.Cos(2 * x + y);
        var eigen = ChebyshevCollocation.Solve2D(nx, ny, 0, 1, 0, 1, terms, F, U, new ChebyshevOptions { Method = ChebyshevMethod2D.Eigen });
        var dense = ChebyshevCollocation.Solve2D(nx, ny, 0, 1, 0, 1, terms, F, U, new ChebyshevOptions { Method = ChebyshevMethod2D.DenseLu });
        for (int k = 0; k < eigen.Values.Length; k++) Assert.True(Math.Abs(eigen.Values[k] - dense.Values[k]) < 1e-12, $"value {k}: {eigen.Values[k]} vs {dense.Values[k]}");
        Assert.True(MaxError(dense, U) < 1e-8, $"dense error {MaxError(dense, U):G3}");
        Assert.True(MaxError(eigen, U) < 1e-8, $"eigen error {MaxError(eigen, U):G3}");
    }

    [Fact]
    public void AllenCahn2DByNewtonOnTheDenseSystem()
    {
        static double U(double x, double y) => 0.5 * Math.Sin(x + 2 * y) + 0.2;
        static double F(double x, double y) => -0.5 * 5 * Math.Sin(x + 2 * y) + U(x, y) * (U(x, y) * U(x, y) - 1);
        var solution = ChebyshevCollocation.Solve2D(18, 16, 0, 2, 0, 1, [(1.0, 0, 2), (1.0, 1, 2), (-1.0, 0, 0)], F, U,
            new ChebyshevOptions { CubicCoefficient = 1 });
        Assert.Equal(ChebyshevMethod2D.DenseLu, solution.Method);
        Assert.InRange(solution.NewtonIterations, 2, 12);
        Assert.True(MaxError(solution, U) < 1e-10, $"error {MaxError(solution, U):G3}");
    }

    [Fact]
    public void BarycentricEvaluatorMatchesTheInterpolatedFunction()
    {
        static double G(double x) => Math.Exp(x) * Math.Cos(4 * x);
        var nodes = ChebyshevCollocation.Nodes(40, -1, 2);
        var interpolant = new ChebyshevSolution1D(-1, 2, nodes.Select(G).ToArray());
        Assert.True(MaxError(interpolant, G, 997) < 1e-12);
        Assert.Equal(G(nodes[17]), interpolant.Evaluate(nodes[17]));   // exact at a node
        Assert.Equal(G(2), interpolant.Evaluate(2));

        // A degree-6 polynomial is reproduced exactly by 7 nodes.
        static double Poly(double x) => 1 - 2 * x + 0.5 * Math.Pow(x, 3) - 0.25 * Math.Pow(x, 6);
        var sextic = new ChebyshevSolution1D(-1, 2, ChebyshevCollocation.Nodes(6, -1, 2).Select(Poly).ToArray());
        Assert.True(MaxError(sextic, Poly, 101) < 1e-12);
        var fewer = new ChebyshevSolution1D(-1, 2, ChebyshevCollocation.Nodes(5, -1, 2).Select(Poly).ToArray());
        Assert.True(MaxError(fewer, Poly, 101) > 1e-3, "degree 5 cannot reproduce a degree-6 polynomial");

        // Tensor: the separable grid evaluation and the pointwise one agree with the function.
        static double H(double x, double y) => Math.Exp(x) * Math.Sin(3 * y) + x * y;
        var xs = ChebyshevCollocation.Nodes(24, 0, 1);
        var ys = ChebyshevCollocation.Nodes(30, -2, 0);
        var grid = new double[xs.Length * ys.Length];
        for (int i = 0; i < xs.Length; i++) for (int j = 0; j < ys.Length; j++) grid[i * ys.Length + j] = H(xs[i], ys[j]);
        var tensor = new ChebyshevSolution2D(24, 30, 0, 1, -2, 0, grid);
        Assert.True(MaxError(tensor, H) < 1e-12);
        Assert.Equal(H(0.37, -1.21), tensor.Evaluate(0.37, -1.21), 1e-12);
        Assert.Equal(H(xs[3], ys[5]), tensor[3, 5]);
    }

    [Fact]
    public void BadInputThrowsNamingTheProblem()
    {
        (double, int, int)[] terms = [(1.0, 0, 2)];
        Func<double, double> f = x => x;
        Assert.Contains("degree 1", Assert.Throws<ArgumentOutOfRangeException>(() => ChebyshevCollocation.Solve1D(1, 0, 1, terms, f, 0, 0)).Message);
        Assert.Contains("a < b", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 1, 1, terms, f, 0, 0)).Message);
        Assert.Contains("a < b", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 0, double.NaN, terms, f, 0, 0)).Message);
        Assert.Contains("order 3", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, [(1.0, 0, 3)], f, 0, 0)).Message);
        Assert.Contains("dimension 1", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, [(1.0, 1, 2)], f, 0, 0)).Message);
        Assert.Contains("dimension 2", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve2D(8, 8, 0, 1, 0, 1, [(1.0, 2, 2)], (x, y) => 0, (x, y) => 0)).Message);
        Assert.Contains("at least one term", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, [], f, 0, 0)).Message);
        Assert.Contains("zero", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, [(0.0, 0, 2)], f, 0, 0)).Message);
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, [(double.NaN, 0, 2)], f, 0, 0)).Message);
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, terms, x => x > 0.5 ? double.NaN : 0, 0, 0)).Message);
        Assert.Contains("u(b)", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, terms, f, 0, double.PositiveInfinity)).Message);
        Assert.Throws<ArgumentNullException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, terms, null!, 0, 0));
        Assert.Throws<ArgumentNullException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, null!, f, 0, 0));
        Assert.Contains("MaxIterations", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve1D(8, 0, 1, terms, f, 0, 0, new ChebyshevOptions { MaxIterations = 0 })).Message);
        Assert.Contains("order 4", Assert.Throws<ArgumentOutOfRangeException>(() => ChebyshevCollocation.DifferentiationMatrix(8, 0, 1, 4)).Message);

        (double, int, int)[] laplace = [(1.0, 0, 2), (1.0, 1, 2)];
        Assert.Contains("exceed the limit", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve2D(42, 42, 0, 1, 0, 1, laplace, (x, y) => 0, (x, y) => 0,
            new ChebyshevOptions { Method = ChebyshevMethod2D.DenseLu })).Message);
        Assert.Contains("linear problems only", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve2D(8, 8, 0, 1, 0, 1, laplace, (x, y) => 0, (x, y) => 0,
            new ChebyshevOptions { Method = ChebyshevMethod2D.Eigen, CubicCoefficient = 1 })).Message);
        Assert.Contains("boundary(", Assert.Throws<ArgumentException>(() => ChebyshevCollocation.Solve2D(8, 8, 0, 1, 0, 1, laplace, (x, y) => 0, (x, y) => double.NaN)).Message);

        var solution = new ChebyshevSolution1D(0, 1, [1.0, 2.0, 3.0]);
        Assert.Contains("outside", Assert.Throws<ArgumentOutOfRangeException>(() => solution.Evaluate(1.5)).Message);
        Assert.Throws<ShapeMismatchException>(() => solution.Evaluate(new double[3], new double[2]));
        Assert.Throws<ShapeMismatchException>(() => new ChebyshevSolution2D(2, 2, 0, 1, 0, 1, new double[8]));
        var tensor = new ChebyshevSolution2D(2, 2, 0, 1, 0, 1, new double[9]);
        Assert.Throws<ShapeMismatchException>(() => tensor.EvaluateGrid(new double[2], new double[3], new double[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tensor.Evaluate(0.5, -0.1));
    }
}
