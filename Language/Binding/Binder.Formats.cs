using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Language.Common;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using SparseDsl.Language.Text;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Binding;

public sealed partial class Binder
{
    private static readonly string[] StorageKinds = { "dense", "csr", "csc", "coo", "bsr", "nm", "sell", "dia" };

    /// <summary>Arguments each storage kind accepts besides <c>shape</c>.</summary>
    private static readonly Dictionary<string, string[]> KindArguments = new()
    {
        ["dense"] = new[] { "layout" },
        ["csr"] = new string[0],
        ["csc"] = new string[0],
        ["coo"] = new string[0],
        ["bsr"] = new[] { "block" },
        ["nm"] = new[] { "ratio" },
        ["sell"] = new[] { "slice", "sort" },
        ["dia"] = new string[0],
    };

    public const int MaxBlockSize = 32;
    public const int MaxGroupSize = 32;
    public const int MaxSliceHeight = 64;
    public const int MaxStencilRadius = 16;

    /// <param name="operatorFactor">The format of an operator's factor, where c128 is implemented for dense storage.</param>
    private StorageFormat? BindFormat(FormatSyntax syntax, bool operatorFactor = false)
    {
        bool ok = true;
        var kind = syntax.Kind.Text;
        if (!KindArguments.ContainsKey(kind))
        {
            Report(D.UnknownStorage, syntax.Kind.Span, kind, string.Join(", ", StorageKinds));
            return null;
        }

        ok &= Context.TryElementType(syntax.ElementType, out var elementType, complexOperator: operatorFactor && kind is "dense" or "csr");

        var indexWidth = IndexWidth.I32;
        if (syntax.IndexKey is not null && syntax.IndexWidth is not null)
        {
            if (syntax.IndexKey.Text != "index")
            {
                Report(D.InvalidFormatArgument, syntax.IndexKey.Span,
                    $"{Quote(syntax.IndexKey.Text)} is not a type argument; expected `index: i32` or `index: i64`");
                ok = false;
            }
            else if (syntax.IndexWidth.Text == "i64")
            {
                if (kind != "csr")
                {
                    Report(D.UnsupportedIndexWidth, syntax.IndexWidth.Span, $"the index width i64 is supported for csr only, not for {kind}");
                    ok = false;
                }
                indexWidth = IndexWidth.I64;
            }
            else if (syntax.IndexWidth.Text != "i32")
            {
                Report(D.UnsupportedIndexWidth, syntax.IndexWidth.Span, $"{Quote(syntax.IndexWidth.Text)} is not an index width; expected i32 or i64");
                ok = false;
            }
        }

        var arguments = CollectArguments(syntax.Arguments, kind, KindArguments[kind].Concat(new[] { "shape" }).ToArray(),
            positionalName: kind == "nm" ? "ratio" : null, ref ok);

        MatrixShape? shape = null;
        if (arguments.TryGetValue("shape", out var shapeArgument) && TrySizes(shapeArgument, "shape", 2, out var sizes))
            shape = new MatrixShape(sizes[0], sizes[1]);
        else if (arguments.ContainsKey("shape")) ok = false;

        var name = syntax.Name.Text;
        switch (kind)
        {
            case "dense":
            {
                bool columnMajor = false;
                if (arguments.TryGetValue("layout", out var layout))
                {
                    var word = (layout.Value as ExtentChainSyntax)?.Atoms.Count == 1 ? ((layout.Value as ExtentChainSyntax)!.Atoms[0] as NameSyntax)?.Text : null;
                    if (word == "col") columnMajor = true;
                    else if (word != "row")
                    {
                        Report(D.InvalidFormatArgument, layout.Value.Span, "the layout must be `row` or `col`");
                        ok = false;
                    }
                }
                return ok ? new DenseStorage(name, elementType, indexWidth, shape, columnMajor) : null;
            }
            case "csr":
                return ok ? new CsrStorage(name, elementType, indexWidth, shape) : null;
            case "csc":
                return ok ? new CscStorage(name, elementType, indexWidth, shape) : null;
            case "coo":
                return ok ? new CooStorage(name, elementType, indexWidth, shape) : null;
            case "dia":
                return ok ? new DiaStorage(name, elementType, indexWidth, shape) : null;
            case "bsr":
            {
                if (!arguments.TryGetValue("block", out var blockArgument))
                {
                    Report(D.InvalidFormatArgument, syntax.Name.Span, $"the bsr format {Quote(name)} needs a block size, e.g. `bsr<f64>(block: 4x4)`");
                    return null;
                }
                if (!TrySizes(blockArgument, "block", 2, out var block)) return null;
                if (block[0] < 1 || block[1] < 1 || block[0] > MaxBlockSize || block[1] > MaxBlockSize)
                {
                    Report(D.InvalidBlockSize, blockArgument.Value.Span, FormattableString.Invariant($"{block[0]}x{block[1]}"), FormattableString.Invariant($"each block dimension must be between 1 and {MaxBlockSize}"));
                    return null;
                }
                if (shape is { Rows: var r, Columns: var c } && (r % block[0] != 0 || c % block[1] != 0))
                {
                    Report(D.ShapeMismatch, shapeArgument!.Value.Span, FormattableString.Invariant($"the shape {r}x{c} is not a whole number of {block[0]}x{block[1]} blocks"));
                    ok = false;
                }
                return ok ? new BsrStorage(name, elementType, indexWidth, shape, BlockRows: block[0], BlockColumns: block[1]) : null;
            }
            case "nm":
            {
                if (!arguments.TryGetValue("ratio", out var ratioArgument))
                {
                    Report(D.InvalidFormatArgument, syntax.Name.Span, $"the nm format {Quote(name)} needs its sparsity, e.g. `nm<f32>(2:4)`");
                    return null;
                }
                if (ratioArgument.Value is not RatioSyntax ratio)
                {
                    Report(D.InvalidFormatArgument, ratioArgument.Value.Span, "the sparsity must be written N:M, e.g. `2:4`");
                    return null;
                }
                if (!TryInteger(ratio.Numerator, "N", out int n) | !TryInteger(ratio.Denominator, "M", out int m)) return null;
                string? problem = n < 1 || m < 1 ? "N and M must be positive"
                    : n >= m ? "N must be smaller than M"
                    : m > MaxGroupSize ? FormattableString.Invariant($"M must be at most {MaxGroupSize}")
                    : null;
                if (problem is not null)
                {
                    Report(D.InvalidNmRatio, ratio.Span, FormattableString.Invariant($"{n}:{m}"), problem);
                    return null;
                }
                return ok ? new NmStorage(name, elementType, indexWidth, shape, GroupNonzeros: n, GroupSize: m) : null;
            }
            case "sell":
            {
                if (!arguments.TryGetValue("slice", out var sliceArgument))
                {
                    Report(D.InvalidFormatArgument, syntax.Name.Span, $"the sell format {Quote(name)} needs a slice height, e.g. `sell<f64>(slice: 8, sort: 256)`");
                    return null;
                }
                if (!TrySizes(sliceArgument, "slice", 1, out var slice)) return null;
                int c = slice[0];
                if (c < 1 || c > MaxSliceHeight || (c & (c - 1)) != 0)
                {
                    Report(D.InvalidFormatArgument, sliceArgument.Value.Span, FormattableString.Invariant($"the slice height must be a power of two between 1 and {MaxSliceHeight}, not {c}"));
                    return null;
                }
                int sigma = c;
                if (arguments.TryGetValue("sort", out var sortArgument))
                {
                    if (!TrySizes(sortArgument, "sort", 1, out var sort)) return null;
                    sigma = sort[0];
                    if (sigma < c || sigma % c != 0)
                    {
                        Report(D.InvalidFormatArgument, sortArgument.Value.Span, FormattableString.Invariant($"the sorting window must be a positive multiple of the slice height {c}, not {sigma}"));
                        return null;
                    }
                }
                return ok ? new SellStorage(name, elementType, indexWidth, shape, SliceHeight: c, SortWindow: sigma) : null;
            }
        }
        return null;
    }

    private StencilStorage? BindStencil(StencilSyntax syntax)
    {
        bool ok = TryElementType(syntax.ElementType, out var elementType);
        var arguments = CollectArguments(syntax.Arguments, "stencil", new[] { "grid", "radius" }, positionalName: null, ref ok);
        var name = syntax.Name.Text;

        if (!arguments.TryGetValue("grid", out var gridArgument))
        {
            Report(D.InvalidGrid, syntax.Name.Span, $"the stencil {Quote(name)} needs a grid, e.g. `(grid: nx x ny)`");
            return null;
        }
        if (gridArgument.Value is not ExtentChainSyntax chain)
        {
            Report(D.InvalidGrid, gridArgument.Value.Span, "the grid must be extents separated by `x`, e.g. `nx x ny` or `64 x 48`");
            return null;
        }
        if (chain.Atoms.Count > 3)
        {
            Report(D.InvalidGrid, chain.Span, FormattableString.Invariant($"a grid has 1, 2 or 3 dimensions; this one has {chain.Atoms.Count}"));
            return null;
        }
        var extents = new List<GridExtent>();
        var seen = new HashSet<string>();
        foreach (var atom in chain.Atoms)
        {
            if (atom is NameSyntax symbolic)
            {
                if (symbolic.Text == "x")
                {
                    Report(D.InvalidGrid, symbolic.Span, "`x` cannot name a grid extent: it is the separator between extents, as in `nx x ny`");
                    ok = false;
                }
                else if (!seen.Add(symbolic.Text))
                {
                    Report(D.InvalidGrid, symbolic.Span, $"the grid extent {Quote(symbolic.Text)} is named twice");
                    ok = false;
                }
                extents.Add(new GridExtent(symbolic.Text, null));
            }
            else if (atom is NumberSyntax literal && TryInteger(literal, "a grid extent", out int size))
            {
                if (size < 1)
                {
                    Report(D.InvalidGrid, literal.Span, FormattableString.Invariant($"the grid extent {size} must be at least 1"));
                    ok = false;
                }
                extents.Add(new GridExtent("n" + extents.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), size));
            }
            else ok = false;
        }

        int radius = 1;
        if (arguments.TryGetValue("radius", out var radiusArgument))
        {
            if (!TrySizes(radiusArgument, "radius", 1, out var r)) return null;
            radius = r[0];
            if (radius < 1 || radius > MaxStencilRadius)
            {
                Report(D.InvalidFormatArgument, radiusArgument.Value.Span, FormattableString.Invariant($"the radius must be between 1 and {MaxStencilRadius}, not {radius}"));
                return null;
            }
        }

        if (syntax.Taps.Count == 0)
        {
            Report(D.EmptyStencil, syntax.Name.Span, name);
            return null;
        }

        var taps = new List<StencilTap>();
        var tapLines = new Dictionary<string, int>();
        foreach (var tap in syntax.Taps)
        {
            var offsetsText = "[" + string.Join(",", tap.Offsets.Select(o => o.Text)) + "]";
            var offsetsSpan = new SourceSpan(tap.Span.Start, tap.Offsets[tap.Offsets.Count - 1].Span.End + 1 - tap.Span.Start,
                tap.Span.Line, tap.Span.Column, tap.Offsets[tap.Offsets.Count - 1].Span.EndLine, tap.Offsets[tap.Offsets.Count - 1].Span.EndColumn + 1);
            if (tap.Offsets.Count != extents.Count)
            {
                Report(D.StencilArityMismatch, offsetsSpan, offsetsText, tap.Offsets.Count, extents.Count);
                ok = false;
                continue;
            }
            var offsets = new List<int>();
            bool tapOk = true;
            foreach (var offset in tap.Offsets)
            {
                if (!TryInteger(offset, "a stencil offset", out int value)) { tapOk = false; continue; }
                if (value < -radius || value > radius)
                {
                    Report(D.StencilOffsetOutsideRadius, offset.Span, offsetsText, radius);
                    tapOk = false;
                }
                offsets.Add(value);
            }
            if (!TryReal(tap.Coefficient, out double coefficient)) tapOk = false;
            else if (!FitsElementType(coefficient, elementType))
            {
                Report(D.NumberOutOfRange, tap.Coefficient.Span, tap.Coefficient.Text,
                    $"it does not fit {ElementTypeName(elementType)}, the element type of {Quote(name)}");
                tapOk = false;
            }
            if (!tapOk) { ok = false; continue; }
            var key = string.Join(",", offsets);
            if (tapLines.TryGetValue(key, out int firstLine))
            {
                Report(D.DuplicateStencilTap, offsetsSpan, offsetsText, firstLine);
                ok = false;
                continue;
            }
            tapLines.Add(key, tap.Span.Line);
            taps.Add(new StencilTap(offsets.ToEquatableArray(), coefficient));
        }
        if (!ok) return null;

        int? points = extents.All(e => e.LiteralSize.HasValue) ? (int?)extents.Aggregate(1L, (p, e) => p * e.LiteralSize!.Value) : null;
        if (points is not null && points > int.MaxValue)
        {
            Report(D.InvalidGrid, chain.Span, "the grid has more than 2^31 points");
            return null;
        }
        return new StencilStorage(name, elementType, extents.ToEquatableArray(), radius, taps.ToEquatableArray());
    }

    /// <summary>Reads an element type through the scalar-type table: SPD103 for an unknown spelling, SPD113 for a type kernels do not implement yet.</summary>
    private bool TryElementType(NameSyntax syntax, out ScalarType elementType) => Context.TryElementType(syntax, out elementType);

    private Dictionary<string, ArgumentSyntax> CollectArguments(
        IReadOnlyList<ArgumentSyntax> arguments, string kind, string[] allowed, string? positionalName, ref bool ok)
    {
        var result = new Dictionary<string, ArgumentSyntax>();
        foreach (var argument in arguments)
        {
            var argumentName = argument.Name?.Text ?? positionalName;
            if (argumentName is null)
            {
                Report(D.InvalidFormatArgument, argument.Span, $"{kind} arguments are named: write `name: value` ({string.Join(", ", allowed)})");
                ok = false;
                continue;
            }
            if (!allowed.Contains(argumentName))
            {
                Report(D.InvalidFormatArgument, argument.Name?.Span ?? argument.Span,
                    $"{Quote(argumentName)} is not an argument of {kind}; expected {string.Join(", ", allowed.Select(Quote))}");
                ok = false;
                continue;
            }
            if (result.ContainsKey(argumentName))
            {
                Report(D.InvalidFormatArgument, argument.Span, $"the argument {Quote(argumentName)} is given twice");
                ok = false;
                continue;
            }
            result.Add(argumentName, argument);
        }
        return result;
    }

    /// <summary>Reads <paramref name="count"/> literal integers written as <c>8</c> or <c>4x4</c>.</summary>
    private bool TrySizes(ArgumentSyntax argument, string what, int count, out int[] sizes)
    {
        sizes = new int[count];
        if (argument.Value is not ExtentChainSyntax chain || chain.Atoms.Count != count || chain.Atoms.Any(a => a is not NumberSyntax))
        {
            var example = count == 1 ? "a whole number, e.g. `8`" : "two whole numbers, e.g. `4x4`";
            Report(D.InvalidFormatArgument, argument.Value.Span, $"{Quote(what)} takes {example}");
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            if (!TryInteger((NumberSyntax)chain.Atoms[i], what, out sizes[i])) return false;
        }
        return true;
    }
}
