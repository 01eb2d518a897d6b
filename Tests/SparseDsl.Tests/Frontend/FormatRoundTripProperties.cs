using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.IR;
using Xunit;

namespace SparseDsl.Tests.Frontend;

/// <summary>Property: a format declaration printed from random valid parameters lowers back to those parameters.</summary>
public class FormatRoundTripProperties
{
    [Fact]
    public void PrintedFormatDeclarationsLowerToTheirParameters()
    {
        var blockSize = Gen.Choose(1, 32);
        var gen =
            from kind in Gen.Elements("csr", "csc", "coo", "dia", "bsr", "nm", "sell", "dense")
            from f64 in Gen.Elements(true, false)
            from rows in blockSize
            from cols in blockSize
            from m in Gen.Choose(2, 32)
            from n in Gen.Choose(1, 31)
            from slicePower in Gen.Choose(0, 6)
            from sortMultiple in Gen.Choose(1, 8)
            from columnMajor in Gen.Elements(true, false)
            select (kind, f64, rows, cols, m, n: System.Math.Min(n, m - 1), slice: 1 << slicePower, sortMultiple, columnMajor);

        Prop.ForAll(gen.ToArbitrary(), p =>
        {
            var element = p.f64 ? "f64" : "f32";
            var args = p.kind switch
            {
                "bsr" => $"(block: {p.rows}x{p.cols})",
                "nm" => $"({p.n}:{p.m})",
                "sell" => $"(slice: {p.slice}, sort: {p.slice * p.sortMultiple})",
                "dense" => p.columnMajor ? "(layout: col)" : "(layout: row)",
                _ => "",
            };
            var spec = $"format F = {p.kind}<{element}>{args};\nkernel K(A: F) : y = A * x;";
            var result = SpecCompiler.Compile("prop.sparse", spec);
            Assert.Empty(result.Diagnostics);
            var format = result.Ir!.Kernels.Single().Matrix.Storage;
            Assert.Equal(p.f64 ? ScalarType.F64 : ScalarType.F32, format.Element);
            switch (p.kind)
            {
                case "bsr": var bsr = Assert.IsType<BsrStorage>(format); Assert.Equal((p.rows, p.cols), (bsr.BlockRows, bsr.BlockColumns)); break;
                case "nm": var nm = Assert.IsType<NmStorage>(format); Assert.Equal((p.n, p.m), (nm.GroupNonzeros, nm.GroupSize)); break;
                case "sell": var sell = Assert.IsType<SellStorage>(format); Assert.Equal((p.slice, p.slice * p.sortMultiple), (sell.SliceHeight, sell.SortWindow)); break;
                case "dense": Assert.Equal(p.columnMajor, Assert.IsType<DenseStorage>(format).ColumnMajor); break;
            }
        }).QuickCheckThrowOnFailure();
    }
}
