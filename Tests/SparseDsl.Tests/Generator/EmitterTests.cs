using System;
using System.Linq;
using System.Reflection;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.IR;
using SparseDsl.Tests.Kernels;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>The spec emitter on hand-built IR: compiles warning-free, runs correctly, reports SPD200 where it falls back.</summary>
public class EmitterTests
{
    private delegate void MatVec<T>(CsrMatrix<T> a, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, System.Numerics.INumber<T>;

    private static readonly Lazy<Assembly> CsrAssembly = new(() =>
        GeneratorHarness.CompileAndLoad(SpecEmitter.Emit(TestIr.CsrSpec(), "Specs/CsrKernels.sparse").Source, "HandBuiltCsr"));

    [Fact]
    public void CsrSpecCompilesWithoutWarnings()
    {
        var result = SpecEmitter.Emit(TestIr.CsrSpec(), "Specs/CsrKernels.sparse");
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileDiagnostics(result.Source));
    }

    [Fact]
    public void HandBuiltCsrSpmvMatchesDenseReference()
    {
        var type = CsrAssembly.Value.GetType("SparseDsl.HandBuilt.CsrKernels")!;
        var spmv = type.Kernel("SpmvF64").CreateDelegate<MatVec<double>>();
        foreach (var m in KernelTestData.Adversarial())
        {
            var x = KernelTestData.Vector(m.Columns, 1);
            var y = KernelTestData.Filled<double>(m.Rows, double.NaN);
            spmv(m.ToCsr<double>(), x, y);
            var (expected, magnitude) = KernelTestData.MatVec(m, x, null, 1, null);
            KernelTestData.AssertClose<double>(expected, magnitude, y, m.ToString());
        }
    }

    [Fact]
    public void KernelOfAnUnregisteredFormatFallsBackWithSpd200()
    {
        var kernel = TestIr.Kernel("DiaSpmv", KernelAction.Apply, TestIr.Dia("Band", ScalarType.F64), "y = A * x");
        var spec = TestIr.Spec("Fallback", "Band", "Band.sparse", kernel);
        // A registry without DIA (every registered format specializes y = A * x, so none can be left out for real).
        Func<FormatKind, SparseDsl.Generator.Emit.Cpu.FormatKernels?> withoutDia =
            kind => kind == FormatKind.Dia ? null : SparseDsl.Generator.Emit.Storage.StorageDescriptors.CpuFor(kind);
        var result = SpecEmitter.Emit(spec, "Band.sparse", withoutDia);
        Assert.Equal("SPD200", Assert.Single(result.Diagnostics).Code);
        // The emitter sees no positions; the generator's diagnostics step locates SPD200 through the source map.
        var diagnostic = Assert.Single(SpecChecks.Diagnostics(spec, TestIr.Map((kernel, 7)), withoutDia));
        Assert.Equal("SPD200", diagnostic.Code);
        Assert.Equal(7, diagnostic.Span.Line);
        Assert.Contains("ReferenceKernels.MatVec(a, x, y, 1d, 0d);", result.Source);
        Assert.DoesNotContain("DiaSpmvRange", result.Source);
        Assert.Empty(GeneratorHarness.CompileDiagnostics(result.Source));
    }
}
