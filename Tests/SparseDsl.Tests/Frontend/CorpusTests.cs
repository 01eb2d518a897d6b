using System.IO;
using System.Linq;
using SparseDsl.Language.Compilation;
using SparseDsl.Language.IR;
using Xunit;

namespace SparseDsl.Tests.Frontend;

/// <summary>The valid corpus compiles clean, and its IR says what the specs say.</summary>
public class CorpusTests
{
    public static TheoryData<string> ValidSpecNames() => new(SpecFiles.ValidSpecs.Select(Path.GetFileName)!);

    public static TheoryData<string> ErrorSpecNames() => new(SpecFiles.ErrorSpecs.Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(ValidSpecNames))]
    public void ValidSpecCompilesWithoutDiagnostics(string fileName)
    {
        var path = Path.Combine(SpecFiles.SpecsDirectory, fileName);
        var result = SpecCompiler.Compile(fileName, File.ReadAllText(path));
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.Ir);
        // Every valid spec generates something: kernels, or pipelines, networks and gradients.
        Assert.True(result.Ir!.Kernels.Count + result.Ir.Pipelines.Count + result.Ir.Gradients.Count > 0, $"{fileName} generates nothing");
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), result.Ir.ClassName);
    }

    [Theory]
    [MemberData(nameof(ErrorSpecNames))]
    public void ErrorSpecReportsExactlyTheExpectedDiagnostics(string fileName)
    {
        var path = Path.Combine(SpecFiles.SpecsDirectory, "errors", fileName);
        var expected = File.ReadAllLines(Path.ChangeExtension(path, ".diagnostics.txt")).Where(l => l.Length > 0).ToArray();
        var actual = SpecCompiler.Compile(fileName, File.ReadAllText(path)).Diagnostics.Select(d => d.ToString()).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ErrorCorpusCoversEveryLanguageDiagnosticCode()
    {
        var seen = SpecFiles.ErrorSpecs
            .SelectMany(p => File.ReadAllLines(Path.ChangeExtension(p, ".diagnostics.txt")))
            .Select(l => l.Split(' ').First(w => w.StartsWith("SPD")).TrimEnd(':'))
            .ToHashSet();
        // Codes only reachable through limits too large for a spec file are covered by HostileInputTests and
        // AdversarialInputTests; SPD2xx/9xx by the generator tests.
        var byLimits = new[] { "SPD005", "SPD007", "SPD008", "SPD012" };
        var all = typeof(SparseDsl.Language.Diagnostics.Diagnostics).GetFields()
            .Select(f => ((SparseDsl.Language.Diagnostics.DiagnosticDescriptor)f.GetValue(null)!).Code)
            .Where(c => string.CompareOrdinal(c, "SPD200") < 0 && !byLimits.Contains(c));
        Assert.Equal(new string[0], all.Where(c => !seen.Contains(c)).ToArray());
    }

    [Fact]
    public void QuickStartSpecLowersToTheDocumentedKernels()
    {
        var text = File.ReadAllText(Path.Combine(SpecFiles.SpecsDirectory, "Kernels.sparse"));
        var compilation = SpecCompiler.Compile("Specs/Kernels.sparse", text);
        var ir = compilation.Ir!;
        Assert.Equal("Acme.Physics", ir.Namespace);
        Assert.Equal("Kernels", ir.ClassName);

        var spmv = ir.Kernels.Single(k => k.Name == "Spmv");
        Assert.Equal((KernelAction.Apply, FormatKind.Csr, ScalarType.F32), (spmv.Action, spmv.Matrix.Storage.Kind, spmv.Matrix.Storage.Element));
        Assert.Equal(("A", "x", "y"), (spmv.Matrix.ParameterName, spmv.Input.Name, spmv.Output.Name));
        Assert.Equal(ScalarKind.Default, spmv.Epilogue.Alpha.Kind);
        Assert.Equal(ScalarKind.Default, spmv.Epilogue.Beta.Kind);
        Assert.Equal(11, compilation.SourceMap.KernelSpan("Spmv").Line);
        Assert.Equal("kernel Spmv(A: Csr32) : y = A * x;", spmv.SourceText);

        var axpby = ir.Kernels.Single(k => k.Name == "Axpby");
        var blocks = Assert.IsType<BsrStorage>(axpby.Matrix.Storage);
        Assert.Equal((4, 4), (blocks.BlockRows, blocks.BlockColumns));
        Assert.Equal(new Scalar(ScalarKind.Parameter, 1.0, "alpha"), axpby.Epilogue.Alpha);
        Assert.Equal(new Scalar(ScalarKind.Parameter, 1.0, "beta"), axpby.Epilogue.Beta);

        var project = ir.Kernels.Single(k => k.Name == "Project");
        Assert.Equal((KernelAction.ApplyToBlock, FormatKind.NM, 2, 4), (project.Action, project.Matrix.Storage.Kind, ((NmStorage)project.Matrix.Storage).GroupNonzeros, ((NmStorage)project.Matrix.Storage).GroupSize));

        var apply = ir.Kernels.Single(k => k.Name == "Apply");
        Assert.Equal(FormatKind.Stencil, apply.Matrix.Storage.Kind);
        Assert.Equal(new[] { "nx", "ny" }, ((StencilStorage)apply.Matrix.Storage).Grid.Select(g => g.Name));
        Assert.Equal(5, ((StencilStorage)apply.Matrix.Storage).Taps.Count);
        Assert.Equal(4.0, ((StencilStorage)apply.Matrix.Storage).Taps.Single(t => t.Offsets.All(o => o == 0)).Coefficient);
    }

    [Fact]
    public void CompilingTheSameTextTwiceGivesEqualModels()
    {
        foreach (var path in SpecFiles.ValidSpecs)
        {
            var text = File.ReadAllText(path);
            var first = SpecCompiler.Compile(path, text);
            var second = SpecCompiler.Compile(path, text);
            Assert.Equal(first, second);
            Assert.Equal(first.GetHashCode(), second.GetHashCode());
        }
    }
}
