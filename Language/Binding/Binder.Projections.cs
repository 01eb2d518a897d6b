using System;
using System.Linq;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Binding;

public sealed partial class Binder
{
    private const string HouseholderKind = "householder";
    private const string SparseRandomKind = "sparse_random";

    /// <summary>Longest reflector a spec may declare (the chain stores k × n values and the generated class checks them).</summary>
    public const int MaxProjectionDimension = 1 << 24;

    /// <summary>
    /// Binds <c>projection Q = householder&lt;f64&gt;(n: 512, reflectors: 16[, rank: 10]);</c>. Reports SPD130 (an unknown
    /// kind), SPD103/SPD113 (the element type), SPD104 (unknown, repeated, missing or malformed arguments) and SPD134
    /// (a complex element type, n or reflectors out of range, reflectors &gt; n, rank outside [1, reflectors]).
    /// </summary>
    private OperatorDeclaration? BindProjection(ProjectionSyntax syntax)
    {
        var name = syntax.Name.Text;
        if (syntax.Kind.Text == SparseRandomKind) return BindSparseRandom(syntax);
        if (syntax.Kind.Text != HouseholderKind)
        {
            Report(D.UnknownOperatorKind, syntax.Kind.Span, syntax.Kind.Text, $"{Quote(HouseholderKind)} or {Quote(SparseRandomKind)}");
            return null;
        }
        bool ok = Context.TryElementType(syntax.ElementType, out var element);
        if (ok && element.IsComplex())
        {
            Report(D.InvalidProjection, syntax.ElementType.Span, $"a Householder chain is real: {Quote(name)} takes f32 or f64, not {element.Spelling()}");
            ok = false;
        }
        var arguments = CollectArguments(syntax.Arguments, HouseholderKind, new[] { "n", "reflectors", "rank" }, positionalName: null, ref ok);
        int? Size(string key)
        {
            if (!arguments.TryGetValue(key, out var argument))
            {
                if (key != "rank")
                {
                    Report(D.InvalidFormatArgument, syntax.Name.Span, $"the projection {Quote(name)} needs `{key}`, e.g. `householder<f64>(n: 512, reflectors: 16)`");
                    ok = false;
                }
                return null;
            }
            if (!TrySizes(argument, key, 1, out var sizes)) { ok = false; return null; }
            if (sizes[0] < 1 || sizes[0] > MaxProjectionDimension)
            {
                Report(D.InvalidProjection, argument.Value.Span, FormattableString.Invariant($"`{key}` must lie between 1 and {MaxProjectionDimension}; it is {sizes[0]}"));
                ok = false;
                return null;
            }
            return sizes[0];
        }
        int? n = Size("n"), reflectors = Size("reflectors"), rank = Size("rank");
        if (n is int dimension && reflectors is int count && count > dimension)
        {
            Report(D.InvalidProjection, arguments["reflectors"].Value.Span,
                FormattableString.Invariant($"{Quote(name)} has {count} reflectors of length {dimension}: a chain has at most n reflectors"));
            ok = false;
        }
        if (reflectors is int k && rank is int r && r > k)
        {
            Report(D.InvalidProjection, arguments["rank"].Value.Span,
                FormattableString.Invariant($"the rank {r} of {Quote(name)} exceeds its {k} reflectors"));
            ok = false;
        }
        if (!ok || n is null || reflectors is null) return null;
        return new OperatorDeclaration(name, element, new HouseholderProjection(n.Value, reflectors.Value, rank),
            new MatrixShape(n.Value, n.Value), Lowering.LoweringContext.SourceOf(_text, syntax.Span));
    }

    /// <summary>
    /// Binds <c>projection R = sparse_random&lt;f32&gt;(in: d, out: k, density: auto | p, seed: s, storage: stored | hashed);</c>
    /// (in, out and seed required). Reports SPD104 (arguments), SPD134 (a complex type, sizes outside [1, 2^31),
    /// density outside (0, 1], a negative or fractional seed, an unknown storage).
    /// </summary>
    private OperatorDeclaration? BindSparseRandom(ProjectionSyntax syntax)
    {
        var name = syntax.Name.Text;
        bool ok = Context.TryElementType(syntax.ElementType, out var element);
        if (ok && element.IsComplex())
        {
            Report(D.InvalidProjection, syntax.ElementType.Span, $"a very sparse random projection is real: {Quote(name)} takes f32 or f64, not {element.Spelling()}");
            ok = false;
        }
        var arguments = CollectArguments(syntax.Arguments, SparseRandomKind, new[] { "in", "out", "density", "seed", "storage" }, positionalName: null, ref ok);
        ExtentChainSyntax? Single(string key, bool required)
        {
            if (!arguments.TryGetValue(key, out var argument))
            {
                if (required)
                {
                    Report(D.InvalidFormatArgument, syntax.Name.Span, $"the projection {Quote(name)} needs `{key}`, e.g. `sparse_random<f32>(in: 100000, out: 256, seed: 7)`");
                    ok = false;
                }
                return null;
            }
            if (argument.Value is ExtentChainSyntax { Atoms.Count: 1 } chain) return chain;
            Report(D.InvalidFormatArgument, argument.Value.Span, $"`{key}` takes one value");
            ok = false;
            return null;
        }
        int? Dimension(string key)
        {
            var chain = Single(key, required: true);
            if (chain?.Atoms[0] is not NumberSyntax number) { if (chain is not null) { Report(D.InvalidProjection, chain.Span, $"`{key}` is a whole number"); ok = false; } return null; }
            if (!TryInteger(number, key, out int value)) { ok = false; return null; }
            if (value < 1)
            {
                Report(D.InvalidProjection, number.Span, FormattableString.Invariant($"`{key}` must be at least 1; it is {value}"));
                ok = false;
                return null;
            }
            return value;
        }
        int? input = Dimension("in"), output = Dimension("out");
        double? density = null;
        if (Single("density", required: false) is ExtentChainSyntax densityChain)
        {
            if (densityChain.Atoms[0] is NameSyntax { Text: "auto" }) density = null;
            else if (densityChain.Atoms[0] is NumberSyntax densityNumber && TryReal(densityNumber, out double p) && p > 0 && p <= 1) density = p;
            else
            {
                Report(D.InvalidProjection, densityChain.Span, "`density` is `auto` (1/sqrt(in)) or a number in (0, 1]");
                ok = false;
            }
        }
        ulong seed = 0;
        if (Single("seed", required: true) is ExtentChainSyntax seedChain)
        {
            if (seedChain.Atoms[0] is not NumberSyntax seedNumber || !ulong.TryParse(seedNumber.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seed))
            {
                Report(D.InvalidProjection, seedChain.Span, "`seed` is a whole number from 0 to 2^64 - 1");
                ok = false;
            }
        }
        bool hashed = false;
        if (Single("storage", required: false) is ExtentChainSyntax storageChain)
        {
            var word = (storageChain.Atoms[0] as NameSyntax)?.Text;
            if (word == "hashed") hashed = true;
            else if (word != "stored")
            {
                Report(D.InvalidProjection, storageChain.Span, "`storage` is `stored` (the pattern generated once) or `hashed` (regenerated from the seed, nothing stored)");
                ok = false;
            }
        }
        if (!ok || input is null || output is null) return null;
        return new OperatorDeclaration(name, element, new RandomProjection(input.Value, output.Value, density, seed, hashed),
            new MatrixShape(output.Value, input.Value), Lowering.LoweringContext.SourceOf(_text, syntax.Span));
    }
}
