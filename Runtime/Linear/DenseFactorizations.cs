using System;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace SparseDsl;

/// <summary>A = V·diag(λ)·Vᴴ for a symmetric (Hermitian) A: real eigenvalues ascending, the orthonormal eigenvectors as the columns of V.</summary>
public sealed record SymmetricEigen<T>(double[] Values, DenseMatrix<T> Vectors) where T : unmanaged, INumberBase<T>;

/// <summary>The thin SVD A = U·diag(σ)·Vᴴ of an m × n matrix: U is m × r, σ descending (r = min(m, n)), Vᴴ is r × n.</summary>
public sealed record SingularValueDecomposition<T>(DenseMatrix<T> U, double[] Values, DenseMatrix<T> VAdjoint) where T : unmanaged, INumberBase<T>;

/// <summary>The thin QR A = Q·R of an m × n matrix (m ≥ n): Q is m × n with orthonormal columns, R is n × n upper triangular.</summary>
public sealed record QrDecomposition<T>(DenseMatrix<T> Q, DenseMatrix<T> R) where T : unmanaged, INumberBase<T>;

/// <summary>A symmetric (Hermitian) matrix that is not positive definite where a factorization needs it to be.</summary>
public sealed class NotPositiveDefiniteException(string message) : ArithmeticException(message);

/// <summary>
/// Dense factorizations of the small and medium matrices the structured operators and solvers use (Kronecker
/// factors, per-factor covariances), for <c>double</c>, <c>float</c> and <c>System.Numerics.Complex</c>, on
/// MathNet.Numerics (its managed provider; see the README for why). Every input is checked first: a matrix with
/// NaN or Inf, a non-square matrix where a square one is needed, a matrix that is not symmetric (Hermitian) to
/// rounding where that is assumed, each throws an exception that names the problem. Results are new
/// <see cref="DenseMatrix{T}"/>s, row-major.
/// </summary>
public static class DenseFactorizations
{
    /// <summary>Relative asymmetry ‖A − Aᴴ‖max / ‖A‖max accepted as rounding (A·Γ·Aᴴ formed in floating point is Hermitian only to rounding).</summary>
    public const double SymmetryTolerance = 1e-10;

    /// <summary>The eigendecomposition of a symmetric (Hermitian) matrix: A = V·diag(λ)·Vᴴ, λ ascending.</summary>
    /// <exception cref="ShapeMismatchException">A is not square.</exception>
    /// <exception cref="ArgumentException">A holds NaN or Inf, or is not symmetric (Hermitian) to <see cref="SymmetryTolerance"/>.</exception>
    public static SymmetricEigen<T> SymmetricEigen<T>(DenseMatrix<T> a) where T : unmanaged, INumberBase<T>
    {
        CheckSquare(a, nameof(SymmetricEigen));
        var m = Hermitian(a, nameof(SymmetricEigen));
        var evd = m.Evd(Symmetricity.Hermitian);
        int n = a.Rows;
        var order = new int[n];
        var values = new double[n];
        for (int i = 0; i < n; i++) { order[i] = i; values[i] = evd.EigenValues[i].Real; }
        Array.Sort(values, order);
        var vectors = new DenseMatrix<T>(n, n);
        var source = evd.EigenVectors;
        for (int column = 0; column < n; column++)
            for (int row = 0; row < n; row++) vectors[row, column] = source[row, order[column]];
        return new SymmetricEigen<T>(values, vectors);
    }

    /// <summary>The Cholesky factor L (lower triangular, A = L·Lᴴ) of a symmetric (Hermitian) positive-definite matrix.</summary>
    /// <exception cref="NotPositiveDefiniteException">A is not positive definite (a pivot is not positive).</exception>
    public static DenseMatrix<T> Cholesky<T>(DenseMatrix<T> a) where T : unmanaged, INumberBase<T>
    {
        CheckSquare(a, nameof(Cholesky));
        var m = Hermitian(a, nameof(Cholesky));
        Matrix<T> factor;
        try
        {
            factor = m.Cholesky().Factor;
        }
        catch (ArgumentException e)
        {
            throw new NotPositiveDefiniteException($"{nameof(Cholesky)}: the {a.Rows} x {a.Rows} matrix is not positive definite ({e.Message})");
        }
        return FromMathNet(factor);
    }

    /// <summary>The thin singular value decomposition A = U·diag(σ)·Vᴴ, σ descending.</summary>
    public static SingularValueDecomposition<T> Svd<T>(DenseMatrix<T> a) where T : unmanaged, INumberBase<T>
    {
        var m = ToMathNet(a, nameof(Svd));
        var svd = m.Svd(computeVectors: true);
        int r = Math.Min(a.Rows, a.Columns);
        var values = new double[r];
        for (int i = 0; i < r; i++) values[i] = Real(svd.S[i]);
        var u = new DenseMatrix<T>(a.Rows, r);
        for (int row = 0; row < a.Rows; row++) for (int column = 0; column < r; column++) u[row, column] = svd.U[row, column];
        var vh = new DenseMatrix<T>(r, a.Columns);
        for (int row = 0; row < r; row++) for (int column = 0; column < a.Columns; column++) vh[row, column] = svd.VT[row, column];
        return new SingularValueDecomposition<T>(u, values, vh);
    }

    /// <summary>The thin QR decomposition A = Q·R of a matrix with at least as many rows as columns (Householder reflections).</summary>
    /// <exception cref="ShapeMismatchException">A has more columns than rows.</exception>
    public static QrDecomposition<T> Qr<T>(DenseMatrix<T> a) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Rows < a.Columns)
            throw new ShapeMismatchException($"{nameof(Qr)}: A is {a.Rows} x {a.Columns}; the thin QR needs at least as many rows as columns", nameof(a));
        var qr = ToMathNet(a, nameof(Qr)).QR(QRMethod.Thin);
        return new QrDecomposition<T>(FromMathNet(qr.Q), FromMathNet(qr.R));
    }

    // ---- bridge to MathNet -------------------------------------------------------------------------

    private static void CheckSquare<T>(DenseMatrix<T> a, string operation) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Rows != a.Columns)
            throw new ShapeMismatchException($"{operation}: A is {a.Rows} x {a.Columns}; it must be square", nameof(a));
    }

    /// <summary>A as a MathNet matrix after checking it is finite and Hermitian to rounding; the Hermitian part (A + Aᴴ)/2, so the factorization sees exact symmetry.</summary>
    private static Matrix<T> Hermitian<T>(DenseMatrix<T> a, string operation) where T : unmanaged, INumberBase<T>
    {
        var m = ToMathNet(a, operation);
        int n = a.Rows;
        double scale = 0, asymmetry = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                scale = Math.Max(scale, Magnitude(a[i, j]));
                asymmetry = Math.Max(asymmetry, Magnitude(a[i, j] - Conjugate(a[j, i])));
            }
        if (asymmetry > SymmetryTolerance * scale)
            throw new ArgumentException($"{operation}: the {n} x {n} matrix is not {(IsComplex<T>() ? "Hermitian" : "symmetric")} (max |A - A{(IsComplex<T>() ? "ᴴ" : "ᵀ")}| = {asymmetry:G3}, max |A| = {scale:G3})", nameof(a));
        T half = T.CreateChecked(0.5);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                T value = half * (a[i, j] + Conjugate(a[j, i]));
                m[i, j] = value;
                m[j, i] = Conjugate(value);
            }
        return m;
    }

    private static Matrix<T> ToMathNet<T>(DenseMatrix<T> a, string operation) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float) && typeof(T) != typeof(Complex))
            throw new NotSupportedException($"{operation}: dense factorizations take double, float or System.Numerics.Complex, not {typeof(T).Name}");
        var m = Matrix<T>.Build.Dense(a.Rows, a.Columns);
        for (int i = 0; i < a.Rows; i++)
            for (int j = 0; j < a.Columns; j++)
            {
                T value = a[i, j];
                if (!T.IsFinite(value))
                    throw new ArgumentException($"{operation}: A[{i}, {j}] is {value}; the matrix must be finite", nameof(a));
                m[i, j] = value;
            }
        return m;
    }

    private static DenseMatrix<T> FromMathNet<T>(Matrix<T> m) where T : unmanaged, INumberBase<T>
    {
        var result = new DenseMatrix<T>(m.RowCount, m.ColumnCount);
        for (int i = 0; i < m.RowCount; i++) for (int j = 0; j < m.ColumnCount; j++) result[i, j] = m[i, j];
        return result;
    }

    private static bool IsComplex<T>() => typeof(T) == typeof(Complex);

    private static T Conjugate<T>(T value) where T : unmanaged, INumberBase<T>
        => typeof(T) == typeof(Complex) ? (T)(object)Complex.Conjugate((Complex)(object)value) : value;

    private static double Magnitude<T>(T value) where T : unmanaged, INumberBase<T>
        => typeof(T) == typeof(Complex) ? Complex.Abs((Complex)(object)value) : Math.Abs(double.CreateTruncating(value));

    private static double Real<T>(T value) where T : unmanaged, INumberBase<T>
        => typeof(T) == typeof(Complex) ? ((Complex)(object)value).Real : double.CreateTruncating(value);
}
