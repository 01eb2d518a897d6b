using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using Xunit;

namespace SparseDsl.Tests.Solvers;

/// <summary>The fixed-kernel GP-PDE solve (<see cref="GpPdeSolver"/>, Training = Fixed) against manufactured solutions and against the collocation system formed densely; the Kronecker solve and log-determinant against dense ones; the input checks.</summary>
public class GpPdeFixedTests
{
    private static SpectralMixtureKernel Kernel(SpectralComponent component, double lengthScale, params double[] frequencies)
        => new(component, frequencies.Select(_ => 0.0).ToArray(), frequencies.Select(_ => Math.Log(lengthScale)).ToArray(), frequencies);

    private static GpPdeOptions Fixed(params SpectralMixtureKernel[] kernels) => new() { Training = GpPdeTraining.Fixed, Kernels = kernels };

    internal static GpPdeResult Solve(GpPdeDimension[] dims, GpPdeEquation equation, Func<double[], double> f, Func<double[], double> g, GpPdeOptions options)
        => GpPdeSolver.Solve(dims, equation, f, g, options, cancellationToken: TestContext.Current.CancellationToken);

    internal static GpPdeResult Solve(GpPdeDimension[] dims, GpPdeEquation equation, double[] f, double[] g, GpPdeOptions options)
        => GpPdeSolver.Solve(dims, equation, f, g, options, cancellationToken: TestContext.Current.CancellationToken);

    internal static double RelativeL2(double[] predicted, double[] exact)
    {
        double num = 0, den = 0;
        for (int i = 0; i < exact.Length; i++) { num += (predicted[i] - exact[i]) * (predicted[i] - exact[i]); den += exact[i] * exact[i]; }
        return Math.Sqrt(num / den);
    }

    internal static double[] Linspace(double lower, double upper, int count) => Enumerable.Range(0, count).Select(i => lower + (upper - lower) * i / (count - 1)).ToArray();

    [Fact]
    public void Poisson1DSin100xWithTheTrueFrequencyReaches1e6()
    {
        // u = sin(100x) on [0, 2π], N = 400, one Matérn component at 100/(2π); the error on a 300-point test grid through the predictor.
        var dims = new[] { new GpPdeDimension("x", 0, 2 * Math.PI, 400) };
        var equation = new GpPdeEquation(new[] { new GpPdeTerm(1, 0, 2) });
        var result = Solve(dims, equation, x => -1e4 * Math.Sin(100 * x[0]), x => Math.Sin(100 * x[0]),
            Fixed(Kernel(SpectralComponent.StudentT, 3, 100 / (2 * Math.PI))));
        var test = Linspace(0, 2 * Math.PI, 300);
        double error = RelativeL2(result.Predictor.Evaluate(new[] { test }), test.Select(x => Math.Sin(100 * x)).ToArray());
        Assert.True(error <= 1e-6, $"relative L2 {error:E3}");
        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.Equal(400, result.Solution.Length);
        Assert.True(result.Trace[0] < 1e-6, $"max interior residual {result.Trace[0]:E3}");
    }

    /// <summary>The collocation system [U_B = g; (Σ c·K⁽ᵒ⁾K⁻¹ on the full grid)_I·U = f_I] formed densely (N × N, Kronecker products explicit) and solved by MathNet's LU.</summary>
    private static double[] DenseCollocation(GpPdeDimension[] dims, SpectralMixtureKernel[] kernels, GpPdeTerm[] terms, double[] f, double[] g, double jitter = 1e-6)
    {
        int rank = dims.Length;
        var ops = new Matrix<double>[rank];
        for (int k = 0; k < rank; k++)
        {
            var points = Enumerable.Range(0, dims[k].Points).Select(dims[k].Point).ToArray();
            var (kk, k1, k2) = kernels[k].GridMatrices(points, jitter);
            var kinv = ToMathNet(kk).Inverse();
            var m = Matrix<double>.Build.Dense(points.Length, points.Length);
            foreach (var t in terms.Where(t => t.Dimension == k))
                m += t.Coefficient * (t.Order == 0 ? Matrix<double>.Build.DenseIdentity(points.Length) : (t.Order == 1 ? ToMathNet(k1) : ToMathNet(k2)) * kinv);
            ops[k] = m;
        }
        Matrix<double> full = null!;
        for (int k = 0; k < rank; k++)
        {
            Matrix<double> term = Matrix<double>.Build.DenseIdentity(1);
            for (int j = 0; j < rank; j++) term = term.KroneckerProduct(j == k ? ops[k] : Matrix<double>.Build.DenseIdentity(dims[j].Points));
            full = full is null ? term : full + term;
        }
        int n = f.Length;
        var rhs = Vector<double>.Build.Dense(n);
        for (int i = 0; i < n; i++)
        {
            bool boundary = IsBoundary(dims, i);
            if (boundary) { full.ClearRow(i); full[i, i] = 1; rhs[i] = g[i]; }
            else rhs[i] = f[i];
        }
        return full.LU().Solve(rhs).ToArray();
    }

    private static bool IsBoundary(GpPdeDimension[] dims, int flat)
    {
        for (int k = dims.Length - 1; k >= 0; k--)
        {
            int i = flat % dims[k].Points;
            if (i == 0 || i == dims[k].Points - 1) return true;
            flat /= dims[k].Points;
        }
        return false;
    }

    private static Matrix<double> ToMathNet(DenseMatrix<double> a) => Matrix<double>.Build.Dense(a.Rows, a.Columns, (i, j) => a[i, j]);

    private static (double[] F, double[] G) OnGrid(GpPdeDimension[] dims, Func<double[], double> f, Func<double[], double> u)
    {
        int n = dims.Aggregate(1, (s, d) => s * d.Points);
        var fv = new double[n];
        var gv = new double[n];
        for (int flat = 0; flat < n; flat++)
        {
            var point = new double[dims.Length];
            int rest = flat;
            for (int k = dims.Length - 1; k >= 0; k--) { point[k] = dims[k].Point(rest % dims[k].Points); rest /= dims[k].Points; }
            fv[flat] = f(point);
            gv[flat] = u(point);
        }
        return (fv, gv);
    }

    [Fact]
    public void Manufactured1DMatchesTheDenseSystemAndTheExactSolution()
    {
        // u = sin(3x) + x² on [0, 1]: u'' = −9 sin(3x) + 2.
        var dims = new[] { new GpPdeDimension("x", 0, 1, 40) };
        var terms = new[] { new GpPdeTerm(1, 0, 2) };
        var kernels = new[] { Kernel(SpectralComponent.StudentT, 0.5, 0, 3 / (2 * Math.PI)) };
        Func<double[], double> u = x => Math.Sin(3 * x[0]) + x[0] * x[0];
        Func<double[], double> f = x => -9 * Math.Sin(3 * x[0]) + 2;
        var (fv, gv) = OnGrid(dims, f, u);
        var result = Solve(dims, new GpPdeEquation(terms), fv, gv, Fixed(kernels));
        var dense = DenseCollocation(dims, kernels, terms, fv, gv);
        for (int i = 0; i < dense.Length; i++) Assert.Equal(dense[i], result.Solution[i], 1e-7 * (1 + Math.Abs(dense[i])));
        var test = Linspace(0, 1, 300);
        double error = RelativeL2(result.Predictor.Evaluate(new[] { test }), test.Select(x => u(new[] { x })).ToArray());
        Assert.True(error < 2e-4, $"relative L2 {error:E3}");
        // The delegate overload reads the same values.
        var viaDelegates = Solve(dims, new GpPdeEquation(terms), f, u, Fixed(kernels));
        Assert.Equal(result.Solution, viaDelegates.Solution);
    }

    [Fact]
    public void Manufactured2DPoissonMatchesTheDenseSystemAndTheExactSolution()
    {
        // u = sin(2x)·cos(3y) on [0, 1] × [0, 1.5]: Δu = −13 u.
        var dims = new[] { new GpPdeDimension("x", 0, 1, 14), new GpPdeDimension("y", 0, 1.5, 17) };
        var terms = new[] { new GpPdeTerm(1, 0, 2), new GpPdeTerm(1, 1, 2) };
        var kernels = new[] { Kernel(SpectralComponent.StudentT, 2, 2 / (2 * Math.PI)), Kernel(SpectralComponent.Gaussian, 0.6, 0, 3 / (2 * Math.PI)) };
        Func<double[], double> u = x => Math.Sin(2 * x[0]) * Math.Cos(3 * x[1]);
        var (fv, gv) = OnGrid(dims, x => -13 * u(x), u);
        var result = Solve(dims, new GpPdeEquation(terms), fv, gv, Fixed(kernels));
        var dense = DenseCollocation(dims, kernels, terms, fv, gv);
        for (int i = 0; i < dense.Length; i++) Assert.Equal(dense[i], result.Solution[i], 1e-8);
        var tx = Linspace(0, 1, 23);
        var ty = Linspace(0, 1.5, 19);
        var exact = tx.SelectMany(x => ty.Select(y => u(new[] { x, y }))).ToArray();
        double error = RelativeL2(result.Predictor.Evaluate(new[] { tx, ty }), exact);
        Assert.True(error < 1e-4, $"relative L2 {error:E3}");
        // One point through the scalar evaluation and a derivative: ∂u/∂y = −3 sin(2x) sin(3y).
        Assert.Equal(u(new[] { 0.37, 0.81 }), result.Predictor.Evaluate(new[] { 0.37, 0.81 }), 1e-4);
        Assert.Equal(-3 * Math.Sin(2 * 0.37) * Math.Sin(3 * 0.81), result.Predictor.Derivative(new[] { 0.37, 0.81 }, 1, 1), 2e-3);
    }

    [Fact]
    public void ConvectionDiffusion2DFirstOrderTermsInBothDimensions()
    {
        // Δu + 2 u_x + u_y = f with u = sin(2x)·cos(3y): first-order terms in both dimensions through the same Kronecker-sum solve.
        // (Pure advection with Dirichlet data on the whole boundary is ill-posed; its collocation system is nearly singular.)
        var dims = new[] { new GpPdeDimension("x", 0, 1, 14), new GpPdeDimension("y", 0, 1.5, 17) };
        var terms = new[] { new GpPdeTerm(1, 0, 2), new GpPdeTerm(1, 1, 2), new GpPdeTerm(2, 0, 1), new GpPdeTerm(1, 1, 1) };
        var kernels = new[] { Kernel(SpectralComponent.StudentT, 2, 2 / (2 * Math.PI)), Kernel(SpectralComponent.Gaussian, 0.6, 0, 3 / (2 * Math.PI)) };
        Func<double[], double> u = x => Math.Sin(2 * x[0]) * Math.Cos(3 * x[1]);
        Func<double[], double> f = x => -13 * u(x) + 4 * Math.Cos(2 * x[0]) * Math.Cos(3 * x[1]) - 3 * Math.Sin(2 * x[0]) * Math.Sin(3 * x[1]);
        var (fv, gv) = OnGrid(dims, f, u);
        var result = Solve(dims, new GpPdeEquation(terms), fv, gv, Fixed(kernels));
        var dense = DenseCollocation(dims, kernels, terms, fv, gv);
        for (int i = 0; i < dense.Length; i++) Assert.Equal(dense[i], result.Solution[i], 1e-8);
        var exact = OnGrid(dims, u, u).F;
        double error = RelativeL2(result.Solution, exact);   // 2.2e-4 measured on this 14 × 17 grid
        Assert.True(error < 1e-3, $"relative L2 {error:E3}");
    }

    [Fact]
    public void KroneckerWeightsAndLogDeterminantMatchDenseOnes()
    {
        var dims = new[] { new GpPdeDimension("x", 0, 1, 7), new GpPdeDimension("y", -1, 1, 9) };
        var kernels = new[] { Kernel(SpectralComponent.StudentT, 0.5, 0, 1.3), Kernel(SpectralComponent.Gaussian, 0.3, 0.7) };
        var problem = GpPdeProblem.Create(dims, new GpPdeEquation(new[] { new GpPdeTerm(1, 0, 2), new GpPdeTerm(1, 1, 2) }));
        var factors = GpPdeSolver.Factors(problem, kernels, 1e-6, inverse: false);
        var rng = new Random(5);
        var u = Enumerable.Range(0, 63).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var predictor = new GpPdePredictor(dims, kernels, factors, u);
        var k = Matrix<double>.Build.DenseIdentity(1);
        for (int d = 0; d < 2; d++)
        {
            var points = Enumerable.Range(0, dims[d].Points).Select(dims[d].Point).ToArray();
            k = k.KroneckerProduct(ToMathNet(kernels[d].GridMatrices(points, 1e-6).K));
        }
        var beta = k.Solve(Vector<double>.Build.DenseOfArray(u));
        for (int i = 0; i < u.Length; i++) Assert.Equal(beta[i], predictor.Weights[i], 1e-6 * (1 + Math.Abs(beta[i])));
        double logDet = 9 * factors[0].LogDeterminant + 7 * factors[1].LogDeterminant;
        Assert.Equal(k.Cholesky().DeterminantLn, logDet, 1e-8 * Math.Abs(logDet));
        Assert.Equal(k.Cholesky().DeterminantLn, GpPdeTrainer.LogDeterminant(factors), 1e-8 * Math.Abs(logDet));
    }

    [Fact]
    public void BadInputThrowsNamingTheProblem()
    {
        var dims = new[] { new GpPdeDimension("x", 0, 1, 10) };
        var poisson = new GpPdeEquation(new[] { new GpPdeTerm(1, 0, 2) });
        var options = Fixed(Kernel(SpectralComponent.Gaussian, 0.5, 0));
        Func<double[], double> zero = _ => 0;
        Assert.Contains("source at grid point 3", Assert.Throws<ArgumentException>(() => Solve(dims, poisson, x => Math.Abs(x[0] - 1 / 3.0) < 1e-9 ? double.NaN : 0, zero, options)).Message);
        Assert.Contains("boundary value", Assert.Throws<ArgumentException>(() => Solve(dims, poisson, zero, _ => double.PositiveInfinity, options)).Message);
        Assert.Contains("at least 3", Assert.Throws<ArgumentException>(() => Solve(new[] { new GpPdeDimension("x", 0, 1, 2) }, poisson, zero, zero, options)).Message);
        Assert.Contains("1, 2 or 3 dimensions", Assert.Throws<ArgumentException>(() => Solve(Enumerable.Repeat(dims[0], 4).ToArray(), poisson, zero, zero, options)).Message);
        Assert.Contains("1, 2 or 3 dimensions", Assert.Throws<ArgumentException>(() => Solve(Array.Empty<GpPdeDimension>(), poisson, zero, zero, options)).Message);
        Assert.Contains("dimension 1", Assert.Throws<ArgumentException>(() => Solve(dims, new GpPdeEquation(new[] { new GpPdeTerm(1, 1, 2) }), zero, zero, options)).Message);
        Assert.Contains("order 3", Assert.Throws<ArgumentException>(() => Solve(dims, new GpPdeEquation(new[] { new GpPdeTerm(1, 0, 3) }), zero, zero, options)).Message);
        Assert.Contains("lower < upper", Assert.Throws<ArgumentException>(() => Solve(new[] { new GpPdeDimension("x", 1, 1, 10) }, poisson, zero, zero, options)).Message);
        Assert.Contains("no derivative term", Assert.Throws<ArgumentException>(() => Solve(dims, new GpPdeEquation(new[] { new GpPdeTerm(1, 0, 0) }), zero, zero, options)).Message);
        Assert.Contains("one per dimension", Assert.Throws<ArgumentException>(() => Solve(dims, poisson, zero, zero, options with { Kernels = new[] { options.Kernels![0], options.Kernels[0] } })).Message);
        Assert.Contains("needs the kernels", Assert.Throws<ArgumentException>(() => Solve(dims, poisson, zero, zero, new GpPdeOptions { Training = GpPdeTraining.Fixed })).Message);
        Assert.Throws<ShapeMismatchException>(() => Solve(dims, poisson, new double[9], new double[10], options));
        Assert.Throws<ArgumentOutOfRangeException>(() => Solve(dims, poisson, zero, zero, options with { Jitter = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Solve(dims, poisson, zero, zero, options with { PruneThreshold = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Solve(dims, poisson, zero, zero, options with { MaxIterations = 0 }));
        // A singular covariance (no jitter, a pure cosine kernel of rank 2) is reported, not returned as garbage.
        Assert.Throws<NotPositiveDefiniteException>(() => Solve(dims, poisson, zero, zero, options with { Jitter = 0, Kernels = new[] { Kernel(SpectralComponent.Gaussian, 1e6, 2) } }));
    }
}
