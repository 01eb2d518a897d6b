using System.Numerics;

namespace SparseDsl.Tests.Verification;

/// <summary>The independent reference the Kronecker tests compare against: the product formed entry by entry.</summary>
internal static class KroneckerReference
{
    /// <summary>(A⊗B⊗…)[i·p + k, j·q + l] = A[i, j]·B[k, l]·…, the first factor varying slowest.</summary>
    public static T[,] Formed<T>(params DenseMatrix<T>[] factors) where T : unmanaged, INumberBase<T>
    {
        T[,] result = { { T.One } };
        foreach (var f in factors)
        {
            int rows = result.GetLength(0), columns = result.GetLength(1);
            var next = new T[rows * f.Rows, columns * f.Columns];
            for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++)
                for (int k = 0; k < f.Rows; k++) for (int l = 0; l < f.Columns; l++)
                    next[i * f.Rows + k, j * f.Columns + l] = result[i, j] * f[k, l];
            result = next;
        }
        return result;
    }

    /// <summary>The formed product as a row-major <see cref="DenseMatrix{T}"/>.</summary>
    public static DenseMatrix<T> FormedMatrix<T>(params DenseMatrix<T>[] factors) where T : unmanaged, INumberBase<T>
    {
        var formed = Formed(factors);
        var m = new DenseMatrix<T>(formed.GetLength(0), formed.GetLength(1));
        for (int i = 0; i < m.Rows; i++) for (int j = 0; j < m.Columns; j++) m[i, j] = formed[i, j];
        return m;
    }
}
