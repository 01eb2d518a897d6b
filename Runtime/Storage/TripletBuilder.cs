using System.Collections.Generic;
using System.Numerics;

namespace SparseDsl;

/// <summary>Collects entries of a padded format on the way to CSR (zeros are skipped: padding cannot be told apart from them).</summary>
internal sealed class TripletBuilder<T> where T : unmanaged, INumber<T>
{
    private readonly List<int> _rows = new();
    private readonly List<int> _columns = new();
    private readonly List<T> _values = new();

    public void AddNonZero(int row, int column, T value)
    {
        if (value == T.Zero) return;
        _rows.Add(row); _columns.Add(column); _values.Add(value);
    }

    public CsrMatrix<T> ToCsr(int rows, int columns) =>
        CsrMatrix<T>.FromCoo(new CooMatrix<T>(rows, columns, _rows.ToArray(), _columns.ToArray(), _values.ToArray(), owned: true));
}
