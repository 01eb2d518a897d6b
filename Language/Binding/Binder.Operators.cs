using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.Common;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Binding;

public sealed partial class Binder
{
    /// <summary>The operator kinds an <c>operator</c> declaration can define.</summary>
    private const string KroneckerKind = "kron";

    /// <summary>Most factors of one Kronecker product (the runtime plans its mode order over all orders up to 7, greedily beyond).</summary>
    public const int MaxKroneckerFactors = 16;

    /// <summary>
    /// Binds <c>operator Name = kron(F1: type[R x C], …);</c>: each factor's type is a declared format or one written
    /// in place, its literal size (if written) becomes the storage's shape. Reports SPD130 (an unknown kind), SPD131
    /// (fewer than two or more than <see cref="MaxKroneckerFactors"/> factors, a factor named twice, mixed element
    /// types, a size that is not two positive whole numbers, a stencil factor), SPD121 (a size that contradicts the
    /// format's <c>shape:</c>), SPD132 (a factor in storage the runtime's Kronecker product does not take yet),
    /// SPD133 (the product's size overflows), SPD101 (an unknown format name) and the format diagnostics of an
    /// in-place type. Returns null when anything was reported.
    /// </summary>
    private OperatorDeclaration? BindOperator(OperatorSyntax syntax)
    {
        var name = syntax.Name.Text;
        if (syntax.Terms is not null) return BindSum(syntax, syntax.Terms);
        if (syntax.Kind.Text != KroneckerKind)
        {
            Report(D.UnknownOperatorKind, syntax.Kind.Span, syntax.Kind.Text, Quote(KroneckerKind));
            return null;
        }
        bool ok = true;
        if (syntax.Factors.Count < 2 || syntax.Factors.Count > MaxKroneckerFactors)
        {
            Report(D.InvalidOperatorFactor, syntax.Kind.Span,
                FormattableString.Invariant($"a Kronecker product takes 2 to {MaxKroneckerFactors} factors; {Quote(name)} has {syntax.Factors.Count}"));
            ok = false;
        }

        var factors = new List<StoredMatrix>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        (string Name, ScalarType Element)? first = null;
        foreach (var factor in syntax.Factors)
        {
            var factorName = factor.Name.Text;
            if (!seen.Add(factorName))
            {
                Report(D.InvalidOperatorFactor, factor.Name.Span, $"the factor {Quote(factorName)} is named twice in {Quote(name)}");
                ok = false;
                continue;
            }

            var storage = FactorStorage(name, factor);
            if (storage is null) { ok = false; continue; }
            if (storage is StencilStorage)
            {
                Report(D.InvalidOperatorFactor, factor.Type.Span, $"the stencil {Quote(storage.Name)} cannot be a Kronecker factor: a factor is a stored matrix");
                ok = false;
                continue;
            }
            if (storage.Kind is not (FormatKind.Dense or FormatKind.Csr) || storage.Index == IndexWidth.I64)
            {
                Report(D.OperatorFactorNotImplemented, factor.Type.Span,
                    $"Kronecker factors in {storage.Kind.ToString().ToLowerInvariant()}{(storage.Index == IndexWidth.I64 ? " (index: i64)" : "")} storage are not implemented yet ({Quote(factorName)}); the runtime's Kronecker product takes dense and csr factors: use `dense<{storage.Element.Spelling()}>` or `csr<{storage.Element.Spelling()}>`");
                ok = false;
                continue;
            }
            if (first is null) first = (factorName, storage.Element);
            else if (first.Value.Element != storage.Element)
            {
                Report(D.InvalidOperatorFactor, factor.Type.Span,
                    $"the factor {Quote(factorName)} holds {storage.Element.Description()} but {Quote(first.Value.Name)} holds {first.Value.Element.Description()}: the factors of a Kronecker product have one element type");
                ok = false;
                continue;
            }
            if (factor.Size is not null)
            {
                if (!TryFactorSize(factor.Size, factorName, out var size)) { ok = false; continue; }
                if (storage.Shape is not null && storage.Shape != size)
                {
                    Report(D.ShapeMismatch, factor.Size.Span,
                        FormattableString.Invariant($"the factor {Quote(factorName)} is declared {size.Rows} x {size.Columns} but its format {Quote(storage.Name)} has shape: {storage.Shape.Rows}x{storage.Shape.Columns}"));
                    ok = false;
                    continue;
                }
                storage = storage with { Shape = size };
            }
            factors.Add(new StoredMatrix(factorName, storage));
        }
        if (!ok || first is null) return null;

        MatrixShape? shape = null;
        if (factors.All(f => f.Storage.Shape is not null))
        {
            long rows = 1, columns = 1;
            foreach (var factor in factors)
            {
                rows = Math.Min(rows * factor.Storage.Shape!.Rows, 1L << 40);
                columns = Math.Min(columns * factor.Storage.Shape.Columns, 1L << 40);
            }
            if (rows > int.MaxValue || columns > int.MaxValue)
            {
                string Size(long n) => n >= 1L << 40 ? "more than 2^40" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Report(D.OperatorTooLarge, syntax.Name.Span, name, $"{Size(rows)} x {Size(columns)}");
                return null;
            }
            shape = new MatrixShape((int)rows, (int)columns);
        }
        return new OperatorDeclaration(name, first.Value.Element, new KroneckerProduct(factors.ToEquatableArray()), shape,
            Lowering.LoweringContext.SourceOf(_text, syntax.Span));
    }

    /// <summary>The storage of a factor: the declared format it names (SPD101 when none), or its in-place format, named <c>Operator.Factor</c>.</summary>
    private StorageFormat? FactorStorage(string operatorName, FactorSyntax factor)
    {
        if (factor.Type.Inline is FormatSyntax inline)
            return BindFormat(inline with { Name = new NameSyntax(operatorName + "." + factor.Name.Text, inline.Kind.Span) }, operatorFactor: true);
        var formatName = factor.Type.FormatName!;
        if (_formats.TryGetValue(formatName.Text, out var format)) return format;
        if (!_brokenFormats.Contains(formatName.Text))
        {
            var closest = ClosestFormat(formatName.Text);
            Report(D.UnknownName, formatName.Span, formatName.Text, closest is null ? "" : $"; did you mean {Quote(closest)}?");
        }
        return null;
    }

    /// <summary>A factor's literal size <c>[R x C]</c>: two whole numbers of at least 1 (SPD131 otherwise).</summary>
    private bool TryFactorSize(ExtentChainSyntax size, string factorName, out MatrixShape shape)
    {
        shape = new MatrixShape(0, 0);
        if (size.Atoms.Count != 2 || size.Atoms.Any(a => a is not NumberSyntax))
        {
            Report(D.InvalidOperatorFactor, size.Span, $"the size of the factor {Quote(factorName)} is two whole numbers, e.g. `[3 x 18]`");
            return false;
        }
        if (!TryInteger((NumberSyntax)size.Atoms[0], "a factor size", out int rows) || !TryInteger((NumberSyntax)size.Atoms[1], "a factor size", out int columns))
            return false;
        if (rows < 1 || columns < 1)
        {
            Report(D.InvalidOperatorFactor, size.Span, FormattableString.Invariant($"the factor {Quote(factorName)} is {rows} x {columns}: each dimension must be at least 1"));
            return false;
        }
        shape = new MatrixShape(rows, columns);
        return true;
    }

    /// <summary>
    /// Binds <c>operator W = lowrank&lt;f32&gt;(B: m x r, A: r x n) + sparse&lt;f32&gt;(csr, support: random(p), seed: s);</c>
    /// (the two terms in either order). Reports SPD130 (another sum), SPD131 (terms of different element types, a
    /// complex type, sizes that are not two positive numbers), SPD121 (B's columns ≠ A's rows), SPD104 (arguments)
    /// and SPD134 (a density outside (0, 1], a seed that is not a whole number, storage other than csr).
    /// </summary>
    private OperatorDeclaration? BindSum(OperatorSyntax syntax, IReadOnlyList<OperatorTermSyntax> terms)
    {
        var name = syntax.Name.Text;
        var lowRank = terms.FirstOrDefault(t => t.Kind.Text == "lowrank");
        var sparse = terms.FirstOrDefault(t => t.Kind.Text == "sparse");
        if (terms.Count != 2 || lowRank is null || sparse is null)
        {
            var bad = terms.FirstOrDefault(t => t.Kind.Text is not ("lowrank" or "sparse")) ?? terms[terms.Count - 1];
            Report(D.UnknownOperatorKind, bad.Kind.Span, bad.Kind.Text, "`kron(…)` or `lowrank<…>(…) + sparse<…>(…)`");
            return null;
        }
        bool ok = Context.TryElementType(lowRank.ElementType, out var element) & Context.TryElementType(sparse.ElementType, out var sparseElement);
        if (!ok) return null;
        if (element.IsComplex() || element != sparseElement)
        {
            Report(D.InvalidOperatorFactor, sparse.ElementType.Span,
                $"the terms of {Quote(name)} hold {element.Spelling()} and {sparseElement.Spelling()}: a low-rank plus sparse operator has one real element type");
            return null;
        }
        var lowArguments = CollectArguments(lowRank.Arguments, "lowrank", new[] { "B", "A" }, positionalName: null, ref ok);
        int[]? Size(string key)
        {
            if (!lowArguments.TryGetValue(key, out var argument))
            {
                Report(D.InvalidFormatArgument, lowRank.Kind.Span, $"`lowrank` needs `{key}`, e.g. `lowrank<f32>(B: 1024 x 32, A: 32 x 1024)`");
                ok = false;
                return null;
            }
            if (!TrySizes(argument, key, 2, out var sizes)) { ok = false; return null; }
            if (sizes[0] < 1 || sizes[1] < 1)
            {
                Report(D.InvalidOperatorFactor, argument.Value.Span, FormattableString.Invariant($"`{key}` is {sizes[0]} x {sizes[1]}: each dimension must be at least 1"));
                ok = false;
                return null;
            }
            return sizes;
        }
        var b = Size("B");
        var a = Size("A");
        if (b is not null && a is not null && b[1] != a[0])
        {
            Report(D.ShapeMismatch, lowArguments["A"].Value.Span, FormattableString.Invariant($"B is {b[0]} x {b[1]} but A is {a[0]} x {a[1]}: B's columns are A's rows (the rank)"));
            ok = false;
        }
        var sparseArguments = CollectArguments(sparse.Arguments, "sparse", new[] { "storage", "support", "seed" }, positionalName: "storage", ref ok);
        if (sparseArguments.TryGetValue("storage", out var storage)
            && !(storage.Value is ExtentChainSyntax { Atoms.Count: 1 } chain && chain.Atoms[0] is NameSyntax { Text: "csr" }))
        {
            Report(D.InvalidProjection, storage.Value.Span, "the sparse term is stored as `csr`");
            ok = false;
        }
        double density = 0;
        if (!sparseArguments.TryGetValue("support", out var support)
            || support.Value is not CallValueSyntax { Function.Text: "random" } call
            || !TryReal(call.Argument, out density) || !(density > 0 && density <= 1))
        {
            Report(D.InvalidProjection, support?.Value.Span ?? sparse.Kind.Span, "the sparse term needs `support: random(p)` with p in (0, 1]");
            ok = false;
        }
        ulong seed = 0;
        if (!sparseArguments.TryGetValue("seed", out var seedArgument)
            || seedArgument.Value is not ExtentChainSyntax { Atoms.Count: 1 } seedChain || seedChain.Atoms[0] is not NumberSyntax seedNumber
            || !ulong.TryParse(seedNumber.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seed))
        {
            Report(D.InvalidProjection, seedArgument?.Value.Span ?? sparse.Kind.Span, "the sparse term needs `seed:`, a whole number from 0 to 2^64 - 1");
            ok = false;
        }
        if (!ok || a is null || b is null) return null;
        return new OperatorDeclaration(name, element, new LowRankPlusSparseNode(b[0], b[1], a[1], density, seed),
            new MatrixShape(b[0], a[1]), Lowering.LoweringContext.SourceOf(_text, syntax.Span));
    }
}
