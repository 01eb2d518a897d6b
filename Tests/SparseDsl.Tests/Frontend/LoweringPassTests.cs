using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;
using SparseDsl.Language.Lowering;
using SparseDsl.Language.Syntax;
using Superpower.Model;
using Xunit;

namespace SparseDsl.Tests.Frontend;

/// <summary>
/// Each kernel-lowering pass (bind → normalize → recognize → plan) called on its own, on a kernel parsed from a
/// one-line spec with hand-built formats: its output, its diagnostics and their positions.
/// </summary>
public class LoweringPassTests
{
    private static readonly CsrStorage Csr32 = new("Csr32", ScalarType.F32, IndexWidth.I32, null);
    private static readonly CsrStorage Csr64 = new("Csr64", ScalarType.F64, IndexWidth.I32, null);

    /// <summary>A kernel parsed from <paramref name="text"/> and a context holding Csr32 and Csr64 (Broken is declared but did not bind).</summary>
    private static (KernelSyntax Kernel, LoweringContext Context) Parse(string text)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var tokens = new List<Token<SparseToken>>(SparseTokenizer.Instance.Tokenize(text));
        var spec = SparseParser.ParseSpec(tokens, diagnostics);
        Assert.Empty(diagnostics);
        var formats = new Dictionary<string, StorageFormat> { ["Csr32"] = Csr32, ["Csr64"] = Csr64 };
        var context = new LoweringContext(text, formats, new List<DiagnosticInfo>(),
            name => name == "Broken", name => name.StartsWith("Csr") ? "Csr32" : null);
        return (Assert.Single(spec.Declarations.OfType<KernelSyntax>()), context);
    }

    private static BoundKernel Bind(string text, out LoweringContext context)
    {
        var (kernel, c) = Parse(text);
        context = c;
        return BindPass.Run(kernel, context)!;
    }

    private static NormalForm Normalize(string text, out LoweringContext context)
    {
        var bound = Bind(text, out context);
        Assert.Empty(context.Diagnostics);
        return NormalizePass.Run(bound, context)!;
    }

    private static (BoundKernel Bound, RecognizedKernel? Recognized, LoweringContext Context) Recognize(string text)
    {
        var bound = Bind(text, out var context);
        var normal = NormalizePass.Run(bound, context)!;
        return (bound, RecognizePass.Run(bound, normal, context), context);
    }

    private static void AssertAt(DiagnosticInfo diagnostic, string code, int column)
    {
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal((1, column), (diagnostic.Span.Line, diagnostic.Span.Column));
    }

    // ---- bind ------------------------------------------------------------------------------------------

    [Fact]
    public void BindResolvesParametersToTheirFormatsAndCollectsReferences()
    {
        var bound = Bind("kernel K(A: Csr32) : y = alpha * A * x + y;", out var context);
        Assert.Empty(context.Diagnostics);
        Assert.True(bound.Ok);
        Assert.Same(Csr32, Assert.Single(bound.Parameters).Value.Format);
        Assert.True(bound.IsMatrix("A"));
        Assert.False(bound.IsMatrix("x"));
        Assert.Equal(new[] { "A", "alpha", "x", "y" }, bound.Referenced.OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void BindReportsAnUnknownFormatAtItsNameWithASuggestion()
    {
        var bound = Bind("kernel K(A: Csr33) : y = A * x;", out var context);
        var diagnostic = Assert.Single(context.Diagnostics);
        AssertAt(diagnostic, "SPD101", 13);
        Assert.Equal("`Csr33` is not a declared format, stencil or operator; did you mean `Csr32`?", diagnostic.Message);
        Assert.False(bound.Ok);
        Assert.Null(bound.FormatOf("A"));
        Assert.True(bound.IsMatrix("A"));
    }

    [Fact]
    public void BindDoesNotReportAFormatThatWasDeclaredButReported()
    {
        var bound = Bind("kernel K(A: Broken) : y = A * x;", out var context);
        Assert.Empty(context.Diagnostics);
        Assert.False(bound.Ok);
    }

    [Fact]
    public void BindReportsADuplicateAtTheSecondAndAnUnusedParameterAtItsName()
    {
        var bound = Bind("kernel K(A: Csr32, A: Csr32, B: Csr64) : y = A * x;", out var context);
        Assert.Collection(context.Diagnostics,
            d => AssertAt(d, "SPD124", 20),
            d => AssertAt(d, "SPD125", 30));
        Assert.False(bound.Ok);
        Assert.Equal(2, bound.Parameters.Count);
    }

    [Fact]
    public void BindRejectsAKernelWithoutParameters()
    {
        var (kernel, context) = Parse("kernel NoMatrix() : y = x;");
        Assert.Null(BindPass.Run(kernel, context));
        AssertAt(Assert.Single(context.Diagnostics), "SPD120", 8);
    }

    // ---- normalize ---------------------------------------------------------------------------------------

    [Fact]
    public void NormalizeFlattensSignsAndFoldsNumbers()
    {
        var form = Normalize("kernel K(A: Csr64) : y = -(2 * alpha * 0.5 * A * x) - 3 * (beta * y);", out var context);
        Assert.Empty(context.Diagnostics);
        Assert.True(form.Ok);
        Assert.Collection(form.Terms,
            t =>
            {
                Assert.Equal((-1.0, -1.0), (t.Sign, t.Coefficient));
                Assert.Equal(new[] { "alpha", "A", "x" }, t.Names.Select(n => n.Name.Text));
                Assert.Equal(5, t.Factors.Count);
            },
            t =>
            {
                Assert.Equal((-1.0, -3.0), (t.Sign, t.Coefficient));
                Assert.Equal(new[] { "beta", "y" }, t.Names.Select(n => n.Name.Text));
            });
    }

    [Fact]
    public void NormalizeRejectsAProductWithASumAtTheSum()
    {
        var (kernel, context) = Parse("kernel K(A: Csr32) : y = A * (x + z);");
        var bound = BindPass.Run(kernel, context)!;
        Assert.Null(NormalizePass.Run(bound, context));
        var diagnostic = Assert.Single(context.Diagnostics);
        AssertAt(diagnostic, "SPD120", 30);
        Assert.Equal("a product with a sum is not supported; expand it into separate terms", diagnostic.Message);
    }

    [Fact]
    public void NormalizeChecksNumbersAgainstTheMatrixElementType()
    {
        var form = Normalize("kernel K(A: Csr32) : y = 1e39 * A * x + 2 * y;", out var context);
        Assert.False(form.Ok);
        var diagnostic = Assert.Single(context.Diagnostics);
        AssertAt(diagnostic, "SPD003", 26);
        Assert.Contains("does not fit f32 (32-bit floating point), the element type of `Csr32`", diagnostic.Message);
        Assert.False(form.Terms[0].CoefficientOk);
        Assert.True(form.Terms[1].CoefficientOk);
        Assert.Equal(2.0, form.Terms[1].Coefficient);
    }

    [Fact]
    public void NormalizeReportsAnOverflowingProductOverItsNumbers()
    {
        var form = Normalize("kernel K(A: Csr64) : y = 10 * 1e308 * A * x;", out var context);
        Assert.False(form.Ok);
        var diagnostic = Assert.Single(context.Diagnostics);
        AssertAt(diagnostic, "SPD126", 26);
        Assert.Equal(10, diagnostic.Span.Length);
        Assert.StartsWith("the coefficient `10 * 1e308` is out of range", diagnostic.Message);
    }

    // ---- recognize ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("y = A * x", "Apply", "Vector")]
    [InlineData("y = A' * x", "ApplyTransposed", "Vector")]
    [InlineData("Y = A * X", "ApplyToBlock", "DenseBlock")]
    public void RecognizeFindsTheActionAndTheOperandKinds(string expression, string actionName, string kindName)
    {
        // Names, not enum values, in the attributes: xunit reads attributes before SparseDsl.Language can be resolved.
        var action = System.Enum.Parse<KernelAction>(actionName);
        var kind = System.Enum.Parse<OperandKind>(kindName);
        var (_, recognized, context) = Recognize($"kernel K(A: Csr32) : {expression};");
        Assert.Empty(context.Diagnostics);
        Assert.NotNull(recognized);
        Assert.Equal(action, recognized!.Action);
        Assert.Equal(new StoredMatrix("A", Csr32), recognized.Operator);
        Assert.Equal(kind, recognized.Input.Kind);
        Assert.Equal(kind, recognized.Output.Kind);
        Assert.Equal(ScalarType.F32, recognized.Input.Element);
    }

    [Fact]
    public void RecognizeSplitsCoefficientsIntoNumberAndScalarName()
    {
        var (_, recognized, context) = Recognize("kernel K(A: Csr64) : y = 2 * alpha * 0.5 * A * x - 3 * beta * y;");
        Assert.Empty(context.Diagnostics);
        Assert.Equal(new Scalar(ScalarKind.Parameter, 1.0, "alpha"), recognized!.Epilogue.Alpha);
        Assert.Equal(new Scalar(ScalarKind.Parameter, -3.0, "beta"), recognized.Epilogue.Beta);
        Assert.True(recognized.Ok);
    }

    [Theory]
    [InlineData("y = W * x", "SPD122", 26)]
    [InlineData("x = A * x", "SPD123", 30)]
    [InlineData("Y = A * x", "SPD121", 30)]
    [InlineData("y = x * A", "SPD120", 30)]
    [InlineData("y = A * x + z", "SPD121", 34)]
    [InlineData("y = A * x + A * z", "SPD120", 34)]
    [InlineData("A = A * x", "SPD120", 22)]
    public void RecognizeReportsAWrongFormAtItsPosition(string expression, string code, int column)
    {
        var (_, recognized, context) = Recognize($"kernel K(A: Csr32) : {expression};");
        Assert.Null(recognized);
        var diagnostic = context.Diagnostics.Last();
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(column, diagnostic.Span.Column);
    }

    [Fact]
    public void RecognizeReportsTwoScalarNamesAndKeepsGoing()
    {
        var (_, recognized, context) = Recognize("kernel K(A: Csr32) : y = alpha * gamma * A * x;");
        AssertAt(Assert.Single(context.Diagnostics), "SPD120", 34);
        Assert.NotNull(recognized);
        Assert.False(recognized!.Ok);
    }

    // ---- declared operands ---------------------------------------------------------------------------------

    [Fact]
    public void BindReadsDeclaredOperandsWithTheirElementTypes()
    {
        var bound = Bind("kernel K(A: Csr32, X: vector<f32>, y: matrix) : y = A * X;", out var context);
        Assert.Empty(context.Diagnostics);
        Assert.True(bound.Ok);
        Assert.False(bound.IsMatrix("X"));
        Assert.Equal(new DeclaredOperand(OperandKind.Vector, ScalarType.F32, bound.Parameters["X"].Syntax.ElementType), bound.OperandOf("X"));
        Assert.Equal("matrix", bound.OperandOf("y")!.Spelling);
        Assert.Equal("vector<f32>", bound.OperandOf("X")!.Spelling);
        Assert.Null(bound.OperandOf("A"));
    }

    [Fact]
    public void BindReportsAnUnusedOperandButNotTheOutputAndAnElementTypeOnAFormat()
    {
        var bound = Bind("kernel K(A: Csr32<f32>, z: vector, y: vector) : y = A * x;", out var context);
        Assert.Collection(context.Diagnostics,
            d => AssertAt(d, "SPD114", 19),
            d => AssertAt(d, "SPD125", 25));
        Assert.False(bound.Ok);
    }

    [Fact]
    public void DeclaredKindsOverrideTheLetterCase()
    {
        var (_, recognized, context) = Recognize("kernel K(A: Csr32, x: vector, Out: vector) : Out = A * x;");
        Assert.Empty(context.Diagnostics);
        Assert.Equal(KernelAction.Apply, recognized!.Action);
        Assert.Equal(new Operand("Out", OperandKind.Vector, ScalarType.F32), recognized.Output);
        (_, recognized, context) = Recognize("kernel K(A: Csr32, u: matrix, v: matrix) : v = A * u;");
        Assert.Empty(context.Diagnostics);
        Assert.Equal(KernelAction.ApplyToBlock, recognized!.Action);
        Assert.Equal(new Operand("u", OperandKind.DenseBlock, ScalarType.F32), recognized.Input);
    }

    [Fact]
    public void RecognizeReportsAMismatchedKindOrElementTypeAtTheDeclaration()
    {
        var (_, recognized, context) = Recognize("kernel K(A: Csr32, x: vector, Y: matrix) : Y = A * x;");
        Assert.Null(recognized);
        var mismatch = Assert.Single(context.Diagnostics);
        AssertAt(mismatch, "SPD121", 52);
        Assert.Equal("`Y` is a dense matrix (declared `matrix`) but `x` is a vector (declared `vector`)", mismatch.Message);

        (_, recognized, context) = Recognize("kernel K(A: Csr32, x: vector<f64>) : y = A * x;");
        Assert.False(recognized!.Ok);
        var element = Assert.Single(context.Diagnostics);
        AssertAt(element, "SPD114", 30);
        Assert.Equal("the operand `x` is declared `vector<f64>` but the matrix `A` (`Csr32`) holds f32 (32-bit floating point)", element.Message);
    }

    // ---- plan --------------------------------------------------------------------------------------------

    [Fact]
    public void PlanDropsAlphaOneKeepsBetaOneAndQuotesTheSourceOnOneLine()
    {
        var (bound, recognized, context) = Recognize("kernel K(A: Csr32) :\n  y = 2 * 0.5 * A * x\n    + y;");
        var kernel = PlanPass.Run(bound, recognized!, context)!;
        Assert.Equal("K", kernel.Name);
        Assert.Equal(Scalar.None, kernel.Epilogue.Alpha);
        Assert.Equal(new Scalar(ScalarKind.Literal, 1.0), kernel.Epilogue.Beta);
        Assert.Equal("kernel K(A: Csr32) : y = 2 * 0.5 * A * x + y;", kernel.SourceText);
        Assert.Equal(KernelAction.Apply, kernel.Action);
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public void PlanMakesNoIrWhenAPassReportedAnError()
    {
        var (bound, recognized, context) = Recognize("kernel K(A: Csr32, B: Csr32) : y = A * x;");
        AssertAt(Assert.Single(context.Diagnostics), "SPD125", 20);
        Assert.NotNull(recognized);
        Assert.Null(PlanPass.Run(bound, recognized!, context));
    }
}

/// <summary>Positions live in the compilation's source map, never in the IR the emitter reads.</summary>
public class SourceMapTests
{
    [Fact]
    public void NoIrTypeHoldsASourceSpan()
    {
        var irTypes = typeof(SpecIr).Assembly.GetTypes().Where(t => t.Namespace == typeof(SpecIr).Namespace).ToList();
        Assert.Contains(typeof(KernelIr), irTypes);
        foreach (var type in irTypes)
            foreach (var property in type.GetProperties())
                Assert.False(property.PropertyType == typeof(SparseDsl.Language.Text.SourceSpan), $"{type.Name}.{property.Name} is a span");
    }

    [Fact]
    public void TheMapHoldsEachLoweredKernelAndMovingALineChangesOnlyTheMap()
    {
        const string text = "format F = csr<f64>;\nkernel K(A: F) : y = A * x;\nkernel K(A: F) : y = A' * x;\nkernel Bad(A: G) : y = A * x;\nkernel L(A: F) :\n  y = A * x;\n";
        var first = SparseDsl.Language.Compilation.SpecCompiler.Compile("m.sparse", text);
        var moved = SparseDsl.Language.Compilation.SpecCompiler.Compile("m.sparse", "\n\n" + text);
        // Only the first K is lowered (the second is SPD100), Bad does not bind: the map holds K and L.
        Assert.Equal(new[] { "K", "L" }, first.SourceMap.Kernels.Select(k => k.Name));
        Assert.Equal((2, 1, 2), (first.SourceMap.KernelSpan("K").Line, first.SourceMap.KernelSpan("K").Column, first.SourceMap.KernelSpan("K").EndLine));
        Assert.Equal((5, 6), (first.SourceMap.KernelSpan("L").Line, first.SourceMap.KernelSpan("L").EndLine));
        Assert.Equal(SparseDsl.Language.Text.SourceSpan.Empty, first.SourceMap.KernelSpan("Bad"));
        Assert.Equal(first.Ir, moved.Ir);
        Assert.NotEqual(first.SourceMap, moved.SourceMap);
        Assert.Equal(7, moved.SourceMap.KernelSpan("L").Line);
    }
}
