using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using SparseDsl.Tests.Kernels;
using Xunit;

namespace SparseDsl.Tests.Generator;

/// <summary>
/// Spec names that are C# keywords, or that equal a type, a namespace or a member the generated code uses, still give
/// code that compiles warning-free through the real generator (and computes the right product); where the user must
/// rename something, a located SPD error says so.
/// </summary>
public class GeneratedNamesTests
{
    private delegate void CsrMatVec(CsrMatrix<float> a, ReadOnlySpan<float> x, Span<float> y);

    private const string Csr = "format F = csr<f32>;\n";

    /// <summary>Runs the generator over the specs; asserts no error from it and no warning or error compiling its output.</summary>
    internal static GeneratorRun CompileClean(params (string RelativePath, string Text)[] specs)
    {
        var run = GeneratorHarness.Run(null, specs);
        Assert.Null(run.Single.Exception);
        Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var problems = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        return run;
    }

    internal static Assembly Load(GeneratorRun run, string name)
    {
        using var stream = new MemoryStream();
        var result = run.Output.WithAssemblyName(name).Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        stream.Position = 0;
        return new AssemblyLoadContext(name, isCollectible: true).LoadFromStream(stream);
    }

    /// <summary>Checks a generated <c>(CsrMatrix&lt;float&gt;, ReadOnlySpan&lt;float&gt;, Span&lt;float&gt;)</c> kernel against the dense reference.</summary>
    internal static void CheckCsrMatVec(Assembly assembly, string type, string method, bool transposed = false)
    {
        var kernel = assembly.GetType(type, throwOnError: true)!.Kernel(method).CreateDelegate<CsrMatVec>();
        var m = KernelTestData.Random(37, 29, 0.2, 5);
        var a = m.ToCsr<float>();
        KernelTestData.CheckMatVec<float>(m, method, (x, y) => kernel(a, x, y), transposed: transposed);
    }

    public static TheoryData<string> Keywords() => new() { "class", "int", "event", "params", "this", "fixed", "static", "false", "interface", "__arglist", "__makeref", "nameof", "var", "global", "unsafe" };

    [Theory]
    [MemberData(nameof(Keywords))]
    public void KeywordKernelNamesAreEscapedOrMangled(string keyword)
    {
        var run = CompileClean(("Specs/Words.sparse", Csr + $"kernel {keyword}(A: F) : y = A * x;\nkernel {keyword}T(A: F) : y = A' * x;\n"));
        var assembly = Load(run, "Keyword_" + keyword);
        string method = keyword.StartsWith("__", StringComparison.Ordinal) ? keyword + "_" : keyword;
        CheckCsrMatVec(assembly, "SparseDsl.Generated.Words", method);
        CheckCsrMatVec(assembly, "SparseDsl.Generated.Words", keyword + "T", transposed: true);
    }

    [Fact]
    public void KernelNamesThatHideTypesAndHelpersCompile()
    {
        var names = new[] { "Unsafe", "Vector128", "Vector256", "Vector512", "Avx2", "Sse", "Math", "ArgumentNullException", "ArgumentException", "SparseExecution",
            "ParallelRunner", "WorkPartition", "ShapeMismatchException", "ReferenceKernels", "ReferenceEquals", "CsrMatrix", "GridShape", "DenseMatrix", "DenseLayout",
            "Span", "ReadOnlySpan", "GpuDevice", "DeviceVector", "DeviceCsrMatrix", "ArrayView", "Index1D", "Index2D", "Atomic", "Accelerator", "Func", "Action", "System", "ILGPU", "SparseDsl",
            "K", "KContext", "KWorker", "KRange", "KKernel", "KKernelLoader", "KPrescale", "KPrescaleLoader" };
        string header = "namespace Acme.Names;\n" + Csr + "format D = dense<f64>;\nstencil L<f32>(grid: nx x ny) { [0,0] = 4; [-1,0] = -1; [1,0] = -1; [0,1] = -1; [0,-1] = -1; }\n";
        string Kernels(IEnumerable<string> some) => string.Concat(some.Select(n => (Array.IndexOf(names, n) % 3) switch
        {
            0 => $"kernel {n}(A: F) : y = A * x;\n",
            1 => $"kernel {n}(A: F) : y = A' * x;\n",
            _ => $"kernel {n}(A: D) : Y = A * X;\n",
        }));
        // Two specs of one class (at most 32 kernels each).
        var run = CompileClean(
            ("Specs/one/Names.sparse", header + Kernels(names.Take(21)) + "kernel Stencil(S: L) : y = S * x;\n"),
            ("Specs/two/Names.sparse", header + Kernels(names.Skip(21))));
        var assembly = Load(run, "HidingNames");
        for (int n = 0; n < names.Length; n++)
            if (n % 3 != 2) CheckCsrMatVec(assembly, "Acme.Names.Names", names[n], transposed: n % 3 == 1);
    }

    public static TheoryData<string, string, string, int> ReservedNames() => new()
    {
        { "Specs/Kernels.sparse", "kernel Kernels(A: F) : y = A * x;", "the name of the class generated for this spec", 2 },
        { "Specs/Kernels.sparse", "kernel Gpu(A: F) : y = A * x;", "nested class `Gpu`", 2 },
        // at the first kernel with a GPU variant: the one that would need the nested class
        { "Specs/gpu.sparse", "kernel Spmv(A: F) : y = A * x;", "the class generated for this spec is named `Gpu`", 1 },
        // an operator's class is nested in the spec's class, beside Gpu
        { "Specs/Kernels.sparse", "operator Kernels = kron(A: dense<f64>, B: dense<f64>);", "operator `Kernels` has the name of the class generated for this spec", 2 },
        { "Specs/Kernels.sparse", "operator Gpu = kron(A: dense<f64>, B: dense<f64>);", "operator `Gpu` has the name of the nested class `Gpu`", 2 },
        { "Specs/Kernels.sparse", "operator Product = kron(A: dense<f64>, B: dense<f64>);", "operator `Product` has the name of a member of its own generated class", 2 },
        { "Specs/Kernels.sparse", "pipeline Kernels { dictionary H = kron(A: dense<f64>, B: dense<f64>); solve x = kron_sbl(H, y); }", "pipeline `Kernels` has the name of the class generated for this spec", 2 },
        { "Specs/Kernels.sparse", "pipeline P { dictionary Rows = kron(A: dense<f64>, B: dense<f64>); solve x = kron_sbl(Rows, y); }", "the dictionary `Rows` of pipeline `P` has the name of a member", 2 },
        // a family's class may not be named like its own members (C# forbids a member named like its type)
        { "Specs/Kernels.sparse", "pipeline Solve = gp_pde<f64> { domain x in [0, 1] grid 9; kernel spectral_mixture(); equation d2(u, x) = f(x); boundary u = 0; }", "pipeline `Solve` has the name of a member of its own generated class", 2 },
        { "Specs/Kernels.sparse", "network Train = bayes_mlp<f32> { layers 4 -> 2; }", "network `Train` has the name of a member of its own generated class", 2 },
        { "Specs/Kernels.sparse", "network Kernels = bayes_mlp<f32> { layers 4 -> 2; }", "network `Kernels` has the name of the class generated for this spec", 2 },
    };

    [Theory]
    [MemberData(nameof(ReservedNames))]
    public void NamesTheGeneratedCodeNeedsAreSpd201AtTheKernel(string path, string kernel, string message, int line)
    {
        var run = GeneratorHarness.Run(null, (path, Csr + "kernel Other(A: F) : y = A * x;\n" + kernel + "\n"));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SPD201", diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var span = diagnostic.Location.GetLineSpan();
        Assert.EndsWith(path, span.Path);
        Assert.Equal(line, span.StartLinePosition.Line); // 0-based
        Assert.Equal(0, span.StartLinePosition.Character);
        // The rest of the spec still compiles, warning-free.
        var problems = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    /// <summary>
    /// Operators and factors named like C# keywords, runtime members and each other: the class is escaped
    /// (<c>@class</c>, and every lower-case-only name: <c>@record</c>, <c>@scoped</c>, <c>@file</c>), factor parameters are escaped and numbered where their lower-cased names meet (A and a), and
    /// a kernel parameter typed by the operator keeps its own name.
    /// </summary>
    [Fact]
    public void OperatorsWithHostileNamesCompile()
    {
        var run = CompileClean(("Specs/Hostile.sparse", "namespace Acme.Ops;\n"
            + "operator class = kron(int: dense<f64>[2 x 2], A: dense<f64>, a: dense<f64>(layout: col), Rows: dense<f64>);\n"
            + "operator Pairs = kron(x: dense<c128>, y: dense<c128>);\n"
            + "operator record = kron(q: dense<f32>, r: dense<f32>);\noperator scoped = kron(q: dense<f32>, r: dense<f32>);\noperator file = kron(q: dense<f32>, r: dense<f32>);\n"
            + "kernel Rec(R: record) : y = R.' * x;\n"
            + "kernel Apply(Rows: class) : y = alpha * Rows' * x + y;\n"
            + "kernel Columns(P: Pairs) : Y = P * X;\n"));
        var source = run.Single.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public sealed class @class : global::SparseDsl.ILinearOperator<double>", source);
        Assert.Contains("public @class(global::SparseDsl.DenseMatrix<double> @int, global::SparseDsl.DenseMatrix<double> a, global::SparseDsl.DenseMatrix<double> a2, global::SparseDsl.DenseMatrix<double> rows)", source);
        Assert.Contains("public static void Apply(global::Acme.Ops.Hostile.@class rows, global::System.ReadOnlySpan<double> x, global::System.Span<double> y, double alpha)", source);
    }

    /// <summary>A pipeline, its dictionary and its data named like C# keywords, contextual keywords and the generated method's own parameters and locals.</summary>
    [Fact]
    public void PipelinesWithHostileNamesCompile()
    {
        var run = CompileClean(("Specs/Solvers.sparse", "namespace Acme.Solvers;\n"
            + "pipeline record { dictionary @class = kron(A: dense<f64>, B: dense<f64>); solve options = kron_sbl(@class, settings) { noise: known; } }\n".Replace("@", "")
            + "pipeline Progress { dictionary noiseVariance = kron(A: dense<c128>, a: dense<c128>); solve cancellationToken = kron_sbl(noiseVariance, progress); }\n"
            + "kernel K(H: H0) : y = H * x;\noperator H0 = kron(A: dense<f64>, B: dense<f64>);\n"));
        var source = run.Single.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public static class @record", source);
        Assert.Contains("Solve(@class @class, global::System.ReadOnlySpan<double> settings, double noiseVariance, global::SparseDsl.KroneckerSblOptions? options = null", source);
        Assert.Contains("Solve(noiseVariance noiseVariance, global::System.ReadOnlySpan<global::System.Numerics.Complex> progress, global::SparseDsl.KroneckerSblOptions? options = null, global::System.IProgress<global::SparseDsl.SolverProgress>? progress2 = null", source);
    }

    /// <summary>
    /// Family classes named `var` and like runtime types, with data named like the class's own members (`Grid`,
    /// `DefaultOptions`) and locals: nothing the body refers to is hidden (the fuzz found `var settings = …` inside a
    /// class named `var`).
    /// </summary>
    [Fact]
    public void FamiliesWithHostileNamesCompile()
    {
        var run = CompileClean(("Specs/Families.sparse", "namespace Acme.Families;\n"
            + "pipeline var = gp_pde<f64> { domain x in [0, 1] grid 9; kernel spectral_mixture(); equation d2(u, x) = DefaultOptions(x); boundary u = Grid; training fixed; }\n"
            + "pipeline Span = gp_pde<f64> { domain point in [0, 1] grid 9; domain settings in [0, 1] grid 9; kernel spectral_mixture(); equation d2(options, point) + d2(options, settings) = Equation(point, settings); boundary options = Solve; training fixed; }\n"
            + "network Stream = bayes_mlp<f32> { layers 4 -> 2; }\n"
            + "operator I = kron(A: dense<f64>, B: dense<f64>);\ngradient Grad of I : wrt input;\n"));
        var source = run.Single.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public static class @var", source);
        Assert.Contains("Solve(global::System.Func<double, double> DefaultOptions2, global::System.Func<double, double> Grid2,", source);
    }

    [Fact]
    public void NamespacesWithKeywordsAndTypeNamesCompileBesideOtherSpecs()
    {
        CompileClean(
            ("Specs/A.sparse", "namespace Acme.class;\n" + Csr + "kernel Spmv(A: F) : y = A * x;\n"),
            ("Specs/B.sparse", "namespace Acme.Unsafe;\n" + Csr + "kernel Spmv(A: F) : y = A * x;\n"),
            ("Specs/C.sparse", "namespace Acme.Vector256.ILGPU;\n" + Csr + "kernel Spmv(A: F) : y = A * x;\n"),
            ("Specs/D.sparse", "namespace Acme;\n" + Csr + "format D = dense<f32>;\nkernel Spmv(A: F) : y = A * x;\nkernel Mm(A: D) : Y = A * X;\nkernel T(A: F) : y = A' * x;\n"),
            ("Specs/E.sparse", "namespace Acme.SparseDsl.System;\n" + Csr + "kernel Spmv(A: F) : y = A * x;\n"));
    }

    public static TheoryData<string> CollidingOperands() => new()
    {
        "kernel K(A: F) : y = A * a;",
        "kernel K(Y: F) : y = Y * x;",
        "kernel K(X: F) : y = X * x;",
        "kernel M(A: F) : a = A * x;",
        "kernel M(B: F) : y = B * b;",
        "kernel M(K: F) : y = K * x;",
        "kernel M(A: F) : y = A * nameof;",
        "kernel M(A: F) : parts = A * k;",
        "kernel M(A: F) : xPointer = A * yPointer;",
    };

    [Theory]
    [MemberData(nameof(CollidingOperands))]
    public void OperandNamesThatMeetInCSharpAreRenamedAndComputeTheProduct(string kernel)
    {
        var run = CompileClean(("Specs/Ops.sparse", Csr + kernel + "\n"));
        string name = kernel.Substring(7, 1);
        CheckCsrMatVec(Load(run, "Operands" + Math.Abs(kernel.GetHashCode())), "SparseDsl.Generated.Ops", name);
    }

    [Fact]
    public void MatMatWithAMatrixNamedKUsesItsOwnLocal()
    {
        var run = CompileClean(("Specs/Mm.sparse", "format D = csr<f64>;\nkernel M(K: D) : Y = K * X;\nkernel N(k: D) : Y = k * X;\n"));
        var source = run.Single.GeneratedSources.Single().SourceText.ToString();
        Assert.DoesNotContain("k_.NonZeroCount", source.Replace("k_ = ", ""));
        Assert.Contains("k.NonZeroCount * (long)k_", source);
    }
}

/// <summary>Several specs in one project: hint names stay unique, and two specs writing one kernel into one class get SPD202.</summary>
public class MultiSpecTests
{
    private const string Spec = "namespace Acme;\nformat F = csr<f32>;\nkernel Spmv(A: F) : y = A * x;\n";

    private static GeneratorRun Run(bool withProjectDirectory, params (string Path, string Text)[] specs)
    {
        var compilation = GeneratorHarness.ConsumerCompilation();
        var driver = GeneratorHarness.CreateDriver(specs.Select(s => (Microsoft.CodeAnalysis.AdditionalText)new InMemoryAdditionalText(s.Path, s.Text)), null, withProjectDirectory);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics, TestContext.Current.CancellationToken);
        return new GeneratorRun(driver, driver.GetRunResult(), (Microsoft.CodeAnalysis.CSharp.CSharpCompilation)output, diagnostics);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SameNamedSpecsOutsideTheProjectGetUniqueHintNames(bool withProjectDirectory)
    {
        var run = Run(withProjectDirectory,
            ("/repo/shared/Kernels.sparse", "namespace Shared;\n" + Spec.Substring(Spec.IndexOf('\n') + 1)),
            ("/repo/other/Kernels.sparse", "namespace Other;\n" + Spec.Substring(Spec.IndexOf('\n') + 1)));
        Assert.Null(run.Single.Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(new[] { "other.Kernels.sparse.g.cs", "shared.Kernels.sparse.g.cs" }, run.Single.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Empty(run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void TwoSpecsGeneratingOneKernelIntoOneClassAreSpd202NamingTheOtherFile()
    {
        var run = GeneratorHarness.Run(null, ("Specs/a/Kernels.sparse", Spec), ("Specs/b/Kernels.sparse", Spec + "kernel Only(A: F) : y = A' * x;\n"));
        var errors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("SPD202", e.Id));
        Assert.EndsWith("Specs/a/Kernels.sparse", errors[0].Location.GetLineSpan().Path);
        Assert.Contains("Specs/b/Kernels.sparse", errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("Specs/b/Kernels.sparse", errors[1].Location.GetLineSpan().Path);
        Assert.Contains("Specs/a/Kernels.sparse", errors[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var error in errors) Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(2, 0), error.Location.GetLineSpan().StartLinePosition);
        Assert.Equal(2, run.Single.GeneratedSources.Length);
    }

    [Theory]
    // a's Spmv is multi-threaded (SpmvContext, SpmvWorker) and has a GPU variant (Gpu.SpmvKernelLoader, ...).
    [InlineData("SpmvContext", "SpmvContext", "Acme.Kernels")]
    [InlineData("SpmvRange", "SpmvRange", "Acme.Kernels")]
    [InlineData("SpmvKernelLoader", "SpmvKernelLoader", "Acme.Kernels.Gpu")]
    public void AKernelNamedLikeAnotherSpecsHelperIsSpd204AtTheHelpersKernel(string kernel, string member, string scope)
    {
        var run = GeneratorHarness.Run(null, ("Specs/a/Kernels.sparse", Spec), ("Specs/b/Kernels.sparse", Spec.Replace("Spmv", kernel)));
        var error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SPD204", error.Id);
        Assert.EndsWith("Specs/a/Kernels.sparse", error.Location.GetLineSpan().Path);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(2, 0), error.Location.GetLineSpan().StartLinePosition);
        Assert.Equal($"kernel `Spmv` generates the member `{member}`, which Specs/b/Kernels.sparse also generates in the class `{scope}`; rename one of the kernels, or give the specs different namespaces",
            error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AKernelNamedLikeAGpuLaunchThatIsNotPlannedCompiles()
        // y = A * x over CSR is a gather on the GPU: one launch, no SpmvPrescale or SpmvPrescaleLoader.
        => GeneratedNamesTests.CompileClean(("Specs/a/Kernels.sparse", Spec), ("Specs/b/Kernels.sparse", Spec.Replace("Spmv", "SpmvPrescale")));

    [Fact]
    public void AKernelNamedLikeAHelperThatIsNotGeneratedCompiles()
        // y = A' * x over CSR is single-threaded: it has SpmvRange but no SpmvContext or SpmvWorker to clash with.
        => GeneratedNamesTests.CompileClean(("Specs/a/Kernels.sparse", Spec.Replace("A * x", "A' * x")), ("Specs/b/Kernels.sparse", Spec.Replace("Spmv", "SpmvWorker")));

    [Fact]
    public void SpecsSharingAClassWithDistinctKernelsCompile()
        => GeneratedNamesTests.CompileClean(("Specs/a/Kernels.sparse", Spec), ("Specs/b/Kernels.sparse", Spec.Replace("Spmv", "Other")));
}

/// <summary>Specs that bind cleanly give C# that compiles with every warning on (nullable enabled) and valid literals.</summary>
public class WarningFreeTests
{
    public static TheoryData<string> LiteralGrids() => new() { "5 x 7", "4 x 1", "1 x 1 x 1", "nx x 1", "1 x ny", "3 x 4 x 5", "nx x 1 x 1", "6", "1" };

    [Theory]
    [MemberData(nameof(LiteralGrids))]
    public void LiteralGridStencilsCompileWithoutWarnings(string grid)
    {
        int rank = grid.Split(" x ").Length;
        string center = "[" + string.Join(",", Enumerable.Repeat("0", rank)) + "]";
        string left = "[" + string.Join(",", new[] { "-1" }.Concat(Enumerable.Repeat("0", rank - 1))) + "]";
        string spec = $"stencil S<f32>(grid: {grid}) {{ {center} = 2; {left} = -1; }}\n"
            + $"stencil C<f64>(grid: {grid}) {{ {center} = 3; }}\n"
            + "kernel A(L: S) : y = L * x;\nkernel B(L: S) : y = L' * x;\nkernel M(L: S) : Y = L * X;\nkernel D(L: C) : y = 2 * L * x + y;\nkernel E(L: C) : Y = L * X;\n";
        GeneratedNamesTests.CompileClean(("Specs/Grid.sparse", spec));
    }

    [Theory]
    [InlineData("f32", "1e300")]
    [InlineData("f32", "-1e300")]
    [InlineData("f32", "1e-300")]
    [InlineData("f32", "3.4028235e38")]
    [InlineData("f64", "1.7976931348623157e308")]
    [InlineData("f64", "5e-324")]
    [InlineData("f64", "0.1")]
    public void ExtremeLiteralsGiveValidCSharp(string type, string literal)
    {
        var run = GeneratorHarness.Run(null, ("Specs/Lit.sparse", $"format F = csr<{type}>;\nstencil S<{type}>(grid: n) {{ [0] = {literal}; [1] = 2; }}\n"
            + $"kernel A(A: F) : y = {literal} * A * x + {literal} * y;\nkernel B(L: S) : y = L * x;\nkernel C(A: F) : Y = {literal} * A * X;\n"));
        if (run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // The language may reject a literal out of its type's range; then nothing uncompilable may be emitted either.
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "SPD900");
        }
        string source = string.Concat(run.Single.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.DoesNotContain("Infinity", source.Replace(".PositiveInfinity", "").Replace(".NegativeInfinity", ""));
        Assert.DoesNotContain("NaN", source);
        var problems = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    public static TheoryData<string> LineBreaks() => new() { "\u0085", "\u2028", "\u2029", "\r", "\v", "\f" };

    [Theory]
    [MemberData(nameof(LineBreaks))]
    public void LineBreaksInCopiedTextStayInsideTheirComments(string lineBreak)
    {
        string spec = "format F = csr<f32>;\nstencil S<f32>(grid: n) { [0] = 2; }\n"
            + $"kernel A(A: F) : y ={lineBreak}A * x;\nkernel B(L: S) : y = L{lineBreak}* x;\nkernel C(A: F) :{lineBreak}y = 2 * A' * x + y;\n";
        var run = GeneratorHarness.Run(null, ($"Specs/we{lineBreak}ird/Sp{lineBreak}ec.sparse", spec));
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        string source = run.Single.GeneratedSources.Single().SourceText.ToString();
        foreach (char c in "\r\u0085\u2028\u2029\v\f") Assert.DoesNotContain(c, source);
        var problems = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.Contains("<c>y = A * x</c>", source);
    }

    [Fact]
    public void TheBoundDeclarationsOfASpecWithErrorsCompile()
    {
        string spec = "namespace Acme.Broken;\nformat F = csr<f32>;\nformat G = csr<f33>;\nstencil S<f64>(grid: nx x ny) { [0,0] = 4; [0,0] = 1; [5,0] = 1; [0] = 2; }\n"
            + "kernel Good(A: F) : y = A * x;\nkernel Good(A: F) : y = A' * x;\nkernel Bad(A: G) : y = A * x;\nkernel Apply(L: S) : y = L * x;\n"
            + "kernel Odd(A: F) : y = x * A;\nkernel Kernels(A: F) : y = A * x;\nkernel Gpu(A: F) : y = A * x;\nkernel Fine(A: F, B: F) : Y = A * X;\n";
        var run = GeneratorHarness.Run(null, ("Specs/Kernels.sparse", spec));
        Assert.Contains(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "SPD900");
        var problems = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.Contains("void Good(", run.Single.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void KernelsBeyondTheLimitAreSpd203AtTheFirstOneAndGetNoCode()
    {
        int limit = SparseDsl.Generator.Emit.SpecChecks.MaxKernelsPerSpec;
        string spec = "format F = csr<f32>;\n" + string.Concat(Enumerable.Range(0, limit + 3).Select(n => $"kernel K{n}(A: F) : y = A * x;\n"));
        var run = GeneratorHarness.Run(null, ("Specs/Many.sparse", spec));
        var error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("SPD203", error.Id);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(limit + 1, 0), error.Location.GetLineSpan().StartLinePosition); // 0-based: the kernel after the limit
        Assert.Contains($"{limit + 3} kernels", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        string source = run.Single.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains($"void K{limit - 1}(", source);
        Assert.DoesNotContain($"void K{limit}(", source);
        var problems = run.Output.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }
}
