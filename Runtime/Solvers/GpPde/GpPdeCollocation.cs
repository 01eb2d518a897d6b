using System;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace SparseDsl;

/// <summary>The checked problem: the grid, its boundary and interior, the equation grouped by dimension.</summary>
internal sealed class GpPdeProblem
{
    private GpPdeProblem(GpPdeDimension[] dimensions, GpPdeEquation equation)
    {
        Dimensions = dimensions;
        Equation = equation;
        Shape = Array.ConvertAll(dimensions, d => d.Points);
        InteriorShape = Array.ConvertAll(dimensions, d => d.Points - 2);
        int size = 1, interior = 1;
        foreach (int n in Shape) { size *= n; interior *= n - 2; }
        Size = size;
        Interior = new int[interior];
        IsBoundary = new bool[size];
        var index = new int[Shape.Length];
        int next = 0;
        for (int flat = 0; flat < size; flat++)
        {
            int rest = flat;
            bool boundary = false;
            for (int k = Shape.Length - 1; k >= 0; k--)
            {
                index[k] = rest % Shape[k];
                rest /= Shape[k];
                boundary |= index[k] == 0 || index[k] == Shape[k] - 1;
            }
            IsBoundary[flat] = boundary;
            if (!boundary) Interior[next++] = flat;
        }
    }

    public GpPdeDimension[] Dimensions { get; }
    public GpPdeEquation Equation { get; }
    public int[] Shape { get; }
    public int[] InteriorShape { get; }
    /// <summary>N = Π n_k.</summary>
    public int Size { get; }
    /// <summary>The flat indices of the interior points, ascending (they form the product of the 1-D interiors).</summary>
    public int[] Interior { get; }
    public bool[] IsBoundary { get; }
    public int Rank => Shape.Length;

    /// <summary>Whether the equation has a term of this order in dimension k.</summary>
    public bool Uses(int k, int order) => Array.Exists(Equation.Terms, t => t.Dimension == k && t.Order == order);

    /// <summary>The coordinates of grid point <paramref name="flat"/>.</summary>
    public double[] Point(int flat)
    {
        var point = new double[Rank];
        for (int k = Rank - 1; k >= 0; k--) { point[k] = Dimensions[k].Point(flat % Shape[k]); flat /= Shape[k]; }
        return point;
    }

    /// <exception cref="ArgumentException">A malformed grid or equation; the message names the problem.</exception>
    public static GpPdeProblem Create(GpPdeDimension[] dimensions, GpPdeEquation equation)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(equation);
        if (dimensions.Length is < 1 or > 3) throw new ArgumentException($"a GP-PDE grid has 1, 2 or 3 dimensions, not {dimensions.Length}", nameof(dimensions));
        long size = 1;
        for (int k = 0; k < dimensions.Length; k++)
        {
            var d = dimensions[k] ?? throw new ArgumentNullException(nameof(dimensions), $"dimension {k} is null");
            string name = string.IsNullOrEmpty(d.Name) ? $"dimension {k}" : $"dimension {k} ('{d.Name}')";
            if (d.Points < 3) throw new ArgumentException($"{name} has {d.Points} grid points; a boundary and an interior need at least 3", nameof(dimensions));
            if (!double.IsFinite(d.Lower) || !double.IsFinite(d.Upper) || !(d.Upper > d.Lower))
                throw new ArgumentException($"{name} spans [{d.Lower}, {d.Upper}]; the bounds must be finite with lower < upper", nameof(dimensions));
            size *= d.Points;
        }
        if (size > 1 << 26) throw new ArgumentException($"the grid has {size} points; the limit is {1 << 26}", nameof(dimensions));
        if (equation.Terms is null || equation.Terms.Length == 0) throw new ArgumentException("the equation has no terms", nameof(equation));
        for (int t = 0; t < equation.Terms.Length; t++)
        {
            var term = equation.Terms[t];
            if (term.Dimension < 0 || term.Dimension >= dimensions.Length)
                throw new ArgumentException($"term {t} differentiates in dimension {term.Dimension}, but the grid has {dimensions.Length} dimension(s)", nameof(equation));
            if (term.Order is < 0 or > 2) throw new ArgumentException($"term {t} has derivative order {term.Order}; orders 0, 1 and 2 are supported", nameof(equation));
            if (!double.IsFinite(term.Coefficient)) throw new ArgumentException($"term {t} has coefficient {term.Coefficient}; it must be finite", nameof(equation));
        }
        if (!double.IsFinite(equation.Cubic)) throw new ArgumentException($"the cubic coefficient is {equation.Cubic}; it must be finite", nameof(equation));
        if (!Array.Exists(equation.Terms, t => t.Order > 0)) throw new ArgumentException("the equation has no derivative term", nameof(equation));
        return new GpPdeProblem((GpPdeDimension[])dimensions.Clone(), equation);
    }
}

/// <summary>
/// The collocation system of the paper's derivative model for fixed kernels, in the limit of large noise precisions:
/// U = g at the boundary, (L U)_i + c·U_i³ = f_i at the interior, with L = Σ_k (I ⊗ … ⊗ M_k ⊗ … ⊗ I) and
/// M_k = Σ_{terms in k} coefficient·D_k⁽ᵒ⁾ (order 0: coefficient·I). L is a Kronecker sum, and so is its
/// restriction to the interior (the interior of a product grid is the product of the 1-D interiors):
/// L_II = ⊕_k (M_k)_II. With the boundary values known, the interior unknowns solve L_II·U_I = f_I − (L·Ḡ)_I
/// (Ḡ: g on the boundary, 0 inside). In 1-D that is one LU of an (n − 2)-square matrix. In 2-D and 3-D,
/// (M_k)_II = P_k·Λ_k·P_k⁻¹ (complex in general: the D⁽ᵒ⁾ are not symmetric) gives L_II⁻¹ = (⊗P_k)·diag(1/Σλ)·(⊗P_k⁻¹)
/// at O(N·Σ n_k) per solve, and iterative refinement against L_II applied by mode products removes the error the
/// eigenvector conditioning costs; the N × N system is never formed. A cubic term is handled by Newton on U_I: the
/// Jacobian L_II + diag(3c·U_I²) is factorized in 1-D and, in 2-D/3-D, solved by the same refinement with the
/// Kronecker-sum solve shifted by the mean of the diagonal as preconditioner.
/// </summary>
internal sealed class GpPdeCollocation
{
    private readonly GpPdeProblem _problem;
    private readonly double[][] _operators;      // M_k, n_k × n_k
    private readonly double[][] _interior;       // (M_k)_II
    private readonly double[][]? _vectorsRe, _vectorsIm, _inverseRe, _inverseIm, _valuesRe, _valuesIm;
    private GpPdeLu? _lu;                         // 1-D: the last factorized Jacobian

    public GpPdeCollocation(GpPdeProblem problem, GpPdeFactor[] factors)
    {
        _problem = problem;
        int rank = problem.Rank;
        _operators = new double[rank][];
        _interior = new double[rank][];
        for (int k = 0; k < rank; k++)
        {
            int n = problem.Shape[k];
            var m = new double[n * n];
            foreach (var term in problem.Equation.Terms)
            {
                if (term.Dimension != k) continue;
                if (term.Order == 0) for (int i = 0; i < n; i++) m[i * n + i] += term.Coefficient;
                else GpPdeDense.Axpy(term.Coefficient, factors[k].Derivative(term.Order), m);
            }
            _operators[k] = m;
            _interior[k] = InteriorBlock(m, n);
        }
        if (rank == 1) return;
        _vectorsRe = new double[rank][]; _vectorsIm = new double[rank][];
        _inverseRe = new double[rank][]; _inverseIm = new double[rank][];
        _valuesRe = new double[rank][]; _valuesIm = new double[rank][];
        for (int k = 0; k < rank; k++)
        {
            int n = problem.InteriorShape[k];
            var block = _interior[k];
            var matrix = Matrix<Complex>.Build.Dense(n, n, (i, j) => new Complex(block[i * n + j], 0));
            var evd = matrix.Evd(Symmetricity.Asymmetric);
            var vectors = evd.EigenVectors;
            var inverse = vectors.Inverse();
            (_vectorsRe[k], _vectorsIm[k]) = Parts(vectors, n);
            (_inverseRe[k], _inverseIm[k]) = Parts(inverse, n);
            _valuesRe[k] = new double[n]; _valuesIm[k] = new double[n];
            for (int i = 0; i < n; i++) { _valuesRe[k][i] = evd.EigenValues[i].Real; _valuesIm[k][i] = evd.EigenValues[i].Imaginary; }
        }
    }

    /// <summary>L·U on the whole grid.</summary>
    public void Apply(ReadOnlySpan<double> u, Span<double> result) => KroneckerSum(_operators, _problem.Shape, u, result);

    /// <summary>
    /// Solves the collocation system for U (boundary g, interior by Newton when there is a cubic term); returns the
    /// Newton iterations, the max interior residual after each, and whether the last step met the tolerance.
    /// </summary>
    public (double[] U, int Iterations, double[] Trace, bool Converged) Solve(ReadOnlySpan<double> f, ReadOnlySpan<double> g, int newtonIterations, double newtonTolerance)
    {
        var p = _problem;
        var u = new double[p.Size];
        for (int i = 0; i < p.Size; i++) if (p.IsBoundary[i]) u[i] = g[i];
        var lu = new double[p.Size];
        var rhs = new double[p.Interior.Length];
        Apply(u, lu);
        for (int i = 0; i < rhs.Length; i++) rhs[i] = f[p.Interior[i]] - lu[p.Interior[i]];
        SolveInterior(rhs, null);
        for (int i = 0; i < rhs.Length; i++) u[p.Interior[i]] = rhs[i];
        double cubic = p.Equation.Cubic;
        var trace = new System.Collections.Generic.List<double>();
        if (cubic == 0)
        {
            trace.Add(MaxResidual(u, f, lu));
            return (u, 1, trace.ToArray(), true);
        }
        var shift = new double[rhs.Length];
        for (int iteration = 1; iteration <= newtonIterations; iteration++)
        {
            double residual = MaxResidual(u, f, lu, rhs);      // rhs ← R_I
            trace.Add(residual);
            if (!double.IsFinite(residual)) return (u, iteration, trace.ToArray(), false);
            for (int i = 0; i < rhs.Length; i++)
            {
                double v = u[p.Interior[i]];
                shift[i] = 3 * cubic * v * v;
                rhs[i] = -rhs[i];
            }
            SolveInterior(rhs, shift);
            double step = 0, size = 1;
            for (int i = 0; i < rhs.Length; i++)
            {
                u[p.Interior[i]] += rhs[i];
                step = Math.Max(step, Math.Abs(rhs[i]));
                size = Math.Max(size, Math.Abs(u[p.Interior[i]]));
            }
            if (!double.IsFinite(step)) return (u, iteration, trace.ToArray(), false);
            if (step <= newtonTolerance * size)
            {
                trace[^1] = MaxResidual(u, f, lu);
                return (u, iteration, trace.ToArray(), true);
            }
        }
        return (u, newtonIterations, trace.ToArray(), false);
    }

    /// <summary>max_i |(L U)_i + c·U_i³ − f_i| over the interior; the interior residuals go to <paramref name="residual"/> when given.</summary>
    public double MaxResidual(ReadOnlySpan<double> u, ReadOnlySpan<double> f, Span<double> scratch, Span<double> residual = default)
    {
        var p = _problem;
        Apply(u, scratch);
        double max = 0, c = p.Equation.Cubic;
        for (int i = 0; i < p.Interior.Length; i++)
        {
            int at = p.Interior[i];
            double r = scratch[at] + c * u[at] * u[at] * u[at] - f[at];
            if (!residual.IsEmpty) residual[i] = r;
            max = Math.Max(max, Math.Abs(r));
        }
        return max;
    }

    /// <summary>x ← (L_II + diag(shift))⁻¹·x on the interior (shift null: 0).</summary>
    public void SolveInterior(Span<double> x, double[]? shift)
    {
        if (_problem.Rank == 1)
        {
            int n = _problem.InteriorShape[0];
            var a = (double[])_interior[0].Clone();
            if (shift is not null) for (int i = 0; i < n; i++) a[i * n + i] += shift[i];
            _lu = new GpPdeLu(a, n);
            _lu.Solve(x);
            return;
        }
        RefinedSolve(x, shift);
    }

    /// <summary>x ← (L_II + diag(shift))⁻ᵀ·x, with the matrix factorized by the last <see cref="SolveInterior"/> (1-D only).</summary>
    public void SolveInteriorTransposed(Span<double> x)
    {
        if (_lu is null) throw new InvalidOperationException("the transposed solve is for 1-D grids after a solve");
        _lu.SolveTransposed(x);
    }

    /// <summary>The interior operator (M)_II of one dimension (1-D: the collocation matrix), row-major.</summary>
    public ReadOnlySpan<double> InteriorOperator(int k) => _interior[k];

    public ReadOnlySpan<double> Operator(int k) => _operators[k];

    private void RefinedSolve(Span<double> x, double[]? shift)
    {
        var shape = _problem.InteriorShape;
        int size = x.Length;
        double mean = 0;
        if (shift is not null) { foreach (double s in shift) mean += s; mean /= size; }
        var r = x.ToArray();
        var solution = new double[size];
        var correction = (double[])r.Clone();
        var applied = new double[size];
        double norm = MaxAbs(r), best = double.PositiveInfinity;
        var bestSolution = new double[size];
        for (int iteration = 0; iteration < 60; iteration++)
        {
            EigenSolve(correction, mean);
            for (int i = 0; i < size; i++) solution[i] += correction[i];
            KroneckerSum(_interior, shape, solution, applied);
            for (int i = 0; i < size; i++) correction[i] = r[i] - applied[i] - (shift is null ? 0 : shift[i] * solution[i]);
            double residual = MaxAbs(correction);
            if (!double.IsFinite(residual)) throw new NotPositiveDefiniteException("the Kronecker-sum solve produced a non-finite iterate");
            if (residual < best) { best = residual; Array.Copy(solution, bestSolution, size); }
            else if (iteration > 2) break;            // stagnation at rounding level (or divergence: keep the best)
            if (residual <= 1e-15 * norm) break;
        }
        bestSolution.CopyTo(x);
    }

    /// <summary>x ← (⊕(M_k)_II + shift·I)⁻¹·x through the eigendecompositions.</summary>
    private void EigenSolve(double[] x, double shift)
    {
        var shape = _problem.InteriorShape;
        int size = x.Length;
        var re = (double[])x.Clone();
        var im = new double[size];
        var re2 = new double[size];
        var im2 = new double[size];
        for (int k = 0; k < shape.Length; k++)
        {
            GpPdeDense.ModeProduct(re, im, shape, k, _inverseRe![k], _inverseIm![k], re2, im2);
            (re, re2) = (re2, re); (im, im2) = (im2, im);
        }
        var index = new int[shape.Length];
        for (int flat = 0; flat < size; flat++)
        {
            double dr = shift, di = 0;
            for (int k = 0; k < shape.Length; k++) { dr += _valuesRe![k][index[k]]; di += _valuesIm![k][index[k]]; }
            double d = dr * dr + di * di;
            if (!(d > 0)) throw new NotPositiveDefiniteException("the interior collocation operator is singular (an eigenvalue sum is 0)");
            double a = re[flat], b = im[flat];
            re[flat] = (a * dr + b * di) / d;
            im[flat] = (b * dr - a * di) / d;
            for (int k = shape.Length - 1; k >= 0; k--) { if (++index[k] < shape[k]) break; index[k] = 0; }
        }
        for (int k = 0; k < shape.Length; k++)
        {
            GpPdeDense.ModeProduct(re, im, shape, k, _vectorsRe![k], _vectorsIm![k], re2, im2);
            (re, re2) = (re2, re); (im, im2) = (im2, im);
        }
        Array.Copy(re, x, size);
    }

    /// <summary>y = Σ_k x ×_k A_k.</summary>
    internal static void KroneckerSum(double[][] operators, int[] shape, ReadOnlySpan<double> x, Span<double> y)
    {
        y.Clear();
        var scratch = new double[x.Length];
        for (int k = 0; k < shape.Length; k++)
        {
            GpPdeDense.ModeProduct(x, shape, k, operators[k], shape[k], scratch);
            GpPdeDense.Axpy(1, scratch, y);
        }
    }

    private static double[] InteriorBlock(double[] m, int n)
    {
        int size = n - 2;
        var block = new double[size * size];
        for (int i = 0; i < size; i++) m.AsSpan((i + 1) * n + 1, size).CopyTo(block.AsSpan(i * size, size));
        return block;
    }

    private static (double[] Re, double[] Im) Parts(Matrix<Complex> m, int n)
    {
        var re = new double[n * n];
        var im = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { re[i * n + j] = m[i, j].Real; im[i * n + j] = m[i, j].Imaginary; }
        return (re, im);
    }

    private static double MaxAbs(ReadOnlySpan<double> x)
    {
        double max = 0;
        foreach (double v in x) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
