using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// K = K1 ⊗ … ⊗ Kk for symmetric (Hermitian) factors through the factors' eigendecompositions K_i = V_i·Λ_i·V_iᴴ:
/// K = (⊗V_i)·(⊗Λ_i)·(⊗V_i)ᴴ, so solves with K + σI, its log-determinant and products with K cost a few Kronecker
/// products and O(N) work (N = Π n_i) after O(Σ n_i³) once — K is never formed. This is what Gaussian-process
/// models on product grids and the Kronecker-SBL E-step need. One instance is not for concurrent calls (it owns its
/// workspace).
/// </summary>
public sealed class KroneckerEigenSystem<T> where T : unmanaged, INumberBase<T>
{
    private readonly SymmetricEigen<T>[] _factors;
    private readonly T[] _workspace;

    /// <summary>Factorizes each factor (<see cref="DenseFactorizations.SymmetricEigen{T}"/>: square, finite, symmetric/Hermitian to rounding).</summary>
    public KroneckerEigenSystem(params DenseMatrix<T>[] factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Length == 0) throw new ArgumentException("a Kronecker product needs at least one factor", nameof(factors));
        _factors = new SymmetricEigen<T>[factors.Length];
        var vectors = new DenseMatrix<T>[factors.Length];
        var values = new double[factors.Length][];
        for (int i = 0; i < factors.Length; i++)
        {
            if (factors[i] is null) throw new ArgumentNullException(nameof(factors), $"factor {i + 1} is null");
            _factors[i] = DenseFactorizations.SymmetricEigen(factors[i]);
            vectors[i] = _factors[i].Vectors;
            values[i] = _factors[i].Values;
        }
        Eigenvectors = new KroneckerOperator<T>(vectors);
        Eigenvalues = Kronecker.Diagonal(values);
        Size = Eigenvectors.Rows;
        _workspace = new T[Size];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double value in Eigenvalues) { min = Math.Min(min, value); max = Math.Max(max, value); }
        MinEigenvalue = min;
        MaxEigenvalue = max;
    }

    /// <summary>N = Π n_i, the order of K.</summary>
    public int Size { get; }

    /// <summary>Each factor's eigendecomposition, in factor order.</summary>
    public ReadOnlySpan<SymmetricEigen<T>> FactorEigen => _factors;

    /// <summary>⊗V_i: the orthonormal eigenvectors of K as a Kronecker operator.</summary>
    public KroneckerOperator<T> Eigenvectors { get; }

    /// <summary>λ1 ⊗ … ⊗ λk: the eigenvalues of K in the order of <see cref="Eigenvectors"/>' columns (not sorted).</summary>
    public double[] Eigenvalues { get; }

    /// <summary>The smallest and largest eigenvalue of K.</summary>
    public double MinEigenvalue { get; }

    /// <inheritdoc cref="MinEigenvalue"/>
    public double MaxEigenvalue { get; }

    /// <summary>x = (K + shift·I)⁻¹·b.</summary>
    /// <exception cref="NotPositiveDefiniteException">K + shift·I is singular or indefinite (its smallest eigenvalue is not positive).</exception>
    /// <exception cref="ShapeMismatchException">b or x does not have length <see cref="Size"/>.</exception>
    public void SolveShifted(double shift, ReadOnlySpan<T> b, Span<T> x)
    {
        CheckShift(shift, nameof(SolveShifted));
        Eigenvectors.ApplyAdjoint(b, _workspace);
        for (int j = 0; j < _workspace.Length; j++) _workspace[j] *= T.CreateTruncating(1.0 / (Eigenvalues[j] + shift));
        Eigenvectors.Apply(_workspace, x);
    }

    /// <summary>y = (K + shift·I)·x, by the same eigenbasis (shift may be 0).</summary>
    public void ApplyShifted(double shift, ReadOnlySpan<T> x, Span<T> y)
    {
        if (!double.IsFinite(shift)) throw new ArgumentOutOfRangeException(nameof(shift), shift, "the shift must be finite");
        Eigenvectors.ApplyAdjoint(x, _workspace);
        for (int j = 0; j < _workspace.Length; j++) _workspace[j] *= T.CreateTruncating(Eigenvalues[j] + shift);
        Eigenvectors.Apply(_workspace, y);
    }

    /// <summary>log det(K + shift·I) = Σ_j log(λ_j + shift).</summary>
    /// <exception cref="NotPositiveDefiniteException">K + shift·I is not positive definite.</exception>
    public double LogDeterminantShifted(double shift)
    {
        CheckShift(shift, nameof(LogDeterminantShifted));
        double sum = 0;
        foreach (double value in Eigenvalues) sum += Math.Log(value + shift);
        return sum;
    }

    private void CheckShift(double shift, string operation)
    {
        if (!double.IsFinite(shift)) throw new ArgumentOutOfRangeException(nameof(shift), shift, "the shift must be finite");
        if (!(MinEigenvalue + shift > 0))
            throw new NotPositiveDefiniteException($"{operation}: K + {shift:G6}·I is not positive definite (the smallest eigenvalue of K is {MinEigenvalue:G6})");
    }
}
