using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace SparseDsl.Tests.Runtime;

/// <summary>A random matrix as triplets (duplicates and zeros included) plus its dense reference built independently.</summary>
public sealed record TripletCase(int Rows, int Columns, (int Row, int Column, double Value)[] Triplets)
{
    public double[,] Dense(int rows, int columns)
    {
        var d = new double[rows, columns];
        foreach (var t in Triplets) d[t.Row, t.Column] += t.Value;
        return d;
    }

    public CsrMatrix<double> Csr() => CsrMatrix<double>.FromCoo(CooMatrix<double>.FromTriplets(Rows, Columns, Triplets));

    public override string ToString() =>
        $"{Rows}x{Columns}: " + string.Join(" ", Triplets.Select(t => $"({t.Row},{t.Column})={t.Value}"));

    public static Gen<TripletCase> Generator(int maxSize = 9) =>
        from rows in Gen.Choose(0, maxSize)
        from cols in Gen.Choose(0, maxSize)
        from raw in Gen.ArrayOf(
            from r in Gen.Choose(0, 1000)
            from c in Gen.Choose(0, 1000)
            from v in Gen.Choose(-3, 3)
            select (r, c, v))
        select new TripletCase(rows, cols, rows == 0 || cols == 0
            ? Array.Empty<(int, int, double)>()
            : raw.Select(t => (t.r % rows, t.c % cols, (double)t.v)).ToArray());

    /// <summary>Hand-picked structures the random generator rarely hits.</summary>
    public static IEnumerable<TripletCase> Adversarial()
    {
        yield return new TripletCase(0, 0, Array.Empty<(int, int, double)>());
        yield return new TripletCase(3, 4, Array.Empty<(int, int, double)>());                       // 0 nonzeros
        yield return new TripletCase(1, 1, new[] { (0, 0, 2.0) });                                    // 1x1
        yield return new TripletCase(1, 5000, Enumerable.Range(0, 5000).Where(c => c % 3 != 1).Select(c => (0, c, (double)(c % 7 - 3))).ToArray());
        yield return new TripletCase(6, 5, Enumerable.Range(0, 5).Select(c => (4, c, (double)(c + 1))).ToArray()); // one dense row, others empty
        yield return new TripletCase(7, 3, new[] { (0, 0, 1.0), (6, 2, -2.0), (3, 1, 5.0) });        // non-square, empty rows
        yield return new TripletCase(2, 9, new[] { (1, 8, 1.0), (1, 8, -1.0), (0, 0, 4.0) });        // duplicates summing to 0
    }
}
