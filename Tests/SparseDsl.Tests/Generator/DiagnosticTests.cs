using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SparseDsl.Generator;
using SparseDsl.Generator.Emit;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;
using SparseDsl.Language.Text;
using Xunit;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace SparseDsl.Tests.Generator;

/// <summary>Diagnostics reach Roslyn located in the .sparse file; internal failures become SPD900, never exceptions.</summary>
public class DiagnosticTests
{
    private const string BrokenSpec = "namespace Test.Broken;\nformat Csr = csr<f64>;\nkernel K(A: Missing) : y = A * x;\n";

    [Fact]
    public void BrokenSpecReportsSpdCodeAtItsLineAndColumn()
    {
        var run = GeneratorHarness.Run(null, ("Specs/Broken.sparse", BrokenSpec));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "SPD101");
        Assert.Equal(RoslynSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.ProjectDirectory + "Specs/Broken.sparse", span.Path);
        // 'Missing' starts at line 3, column 13 (1-based) = LinePosition(2, 12).
        Assert.Equal(new LinePosition(2, 12), span.StartLinePosition);
        Assert.Equal(new LinePosition(2, 12 + "Missing".Length), span.EndLinePosition);
        Assert.Equal("SparseDsl", diagnostic.Descriptor.Category);
        Assert.Contains("Missing", diagnostic.GetMessage());
        // Declarations that bound cleanly are still generated (no cascade of C# errors); the broken kernel is not.
        Assert.All(run.Single.GeneratedSources, s => Assert.DoesNotContain(" K(", s.SourceText.ToString()));
    }

    [Fact]
    public void InfoBecomesRoslynDiagnosticWithZeroBasedPositions()
    {
        var info = Diagnostics.UnknownName.At(new SourceSpan(40, 7, 3, 13, 3, 20), "Missing", "");
        var diagnostic = RoslynDiagnostics.Create(info, "/p/Specs/Kernels.sparse");
        Assert.Equal("SPD101", diagnostic.Id);
        Assert.Equal(RoslynSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/p/Specs/Kernels.sparse", span.Path);
        Assert.Equal(new LinePosition(2, 12), span.StartLinePosition);
        Assert.Equal(new LinePosition(2, 19), span.EndLinePosition);
        Assert.Equal(new TextSpan(40, 7), diagnostic.Location.SourceSpan);
        Assert.Equal(info.Message, diagnostic.GetMessage());
        Assert.Equal("/p/Specs/Kernels.sparse(3,13): error SPD101: " + info.Message, diagnostic.ToString());
    }

    [Fact]
    public void EveryCatalogCodeHasARoslynDescriptor()
    {
        var codes = typeof(Diagnostics).GetFields().Select(f => f.GetValue(null)).OfType<Language.Diagnostics.DiagnosticDescriptor>().Select(d => d.Code).ToList();
        Assert.Contains("SPD200", codes);
        foreach (var code in codes)
        {
            Assert.True(RoslynDiagnostics.Descriptors.TryGetValue(code, out var descriptor), code);
            Assert.Equal("SparseDsl", descriptor!.Category);
        }
    }

    [Fact]
    public void FallbackKernelWarnsSpd200AtItsSpanAndStillCompiles()
    {
        var kernel = TestIr.Kernel("SpmvT", KernelAction.ApplyTransposed, TestIr.Csr("Csr", ScalarType.F64), "y = alpha * A' * x + beta * y", TestIr.Param("alpha"), TestIr.Param("beta"));
        var spec = TestIr.Spec("Fallback.Test", "Fallback", "Fallback.sparse", kernel);
        var result = SpecEmitter.Emit(spec, "Specs/Fallback.sparse", _ => null);
        Assert.Equal("SPD200", Assert.Single(result.Diagnostics).Code);
        var map = TestIr.Map((kernel, 9));
        var info = Assert.Single(SpecChecks.Diagnostics(spec, map, _ => null));
        Assert.Equal("SPD200", info.Code);
        Assert.Equal(Language.Diagnostics.DiagnosticSeverity.Warning, info.Severity);
        Assert.Equal(map.KernelSpan("SpmvT"), info.Span);
        Assert.Contains("`SpmvT`", info.Message);
        Assert.Contains("ReferenceKernels.MatVecTransposed(a, x, y, alpha, beta);", result.Source);
        Assert.DoesNotContain("SpmvTRange", result.Source);
        Assert.Empty(GeneratorHarness.CompileDiagnostics(result.Source));
        var roslyn = RoslynDiagnostics.Create(info, "/p/Specs/Fallback.sparse");
        Assert.Equal(RoslynSeverity.Warning, roslyn.Severity);
        Assert.Equal(8, roslyn.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void CompileFailureBecomesSpd900NamingTheSpec()
    {
        var generator = new SparseGenerator(faultInjection: (stage, path) =>
        {
            if (stage == SparseDslSteps.Compile && path.EndsWith("Exploding.sparse", System.StringComparison.Ordinal))
                throw new System.InvalidOperationException("boom");
        });
        var run = GeneratorHarness.Run(generator, ("Specs/Exploding.sparse", "namespace A;\n"), ("Specs/Calm.sparse", "namespace B;\n"));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "SPD900");
        Assert.Equal(RoslynSeverity.Error, diagnostic.Severity);
        Assert.Contains("Specs/Exploding.sparse", diagnostic.GetMessage());
        Assert.Contains("boom", diagnostic.GetMessage());
        Assert.Equal(GeneratorHarness.ProjectDirectory + "Specs/Exploding.sparse", diagnostic.Location.GetLineSpan().Path);
        Assert.Null(run.Single.Exception);
    }

    [Fact]
    public void EmitFailureBecomesSpd900()
    {
        var generator = new SparseGenerator(PipelineTests.FakeCompile, (stage, _) =>
        {
            if (stage == SparseDslSteps.Emit) throw new System.NotSupportedException("emit exploded");
        });
        var run = GeneratorHarness.Run(generator, ("Specs/Fake.sparse", "kernel A\n"));
        Assert.Null(run.Single.Exception);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == "SPD900");
        Assert.Contains("emit exploded", diagnostic.GetMessage());
        Assert.Empty(run.Single.GeneratedSources);
    }
}
