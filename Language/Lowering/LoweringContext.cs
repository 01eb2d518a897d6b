using System;
using System.Collections.Generic;
using System.Globalization;
using SparseDsl.Language.Diagnostics;
using SparseDsl.Language.IR;
using SparseDsl.Language.Syntax;
using SparseDsl.Language.Text;
using D = SparseDsl.Language.Diagnostics.Diagnostics;

namespace SparseDsl.Language.Lowering;

/// <summary>
/// What the kernel passes (<see cref="BindPass"/> → <see cref="NormalizePass"/> → <see cref="RecognizePass"/> →
/// <see cref="PlanPass"/>) read from the rest of the spec: the formats and stencils that bound, the names that were
/// declared but reported (references to them are not reported again), "did you mean" suggestions, the text (to
/// quote source in messages) and the list every diagnostic goes to.
/// </summary>
public sealed class LoweringContext
{
    private readonly Func<string, bool> _declaredButBroken;
    private readonly Func<string, string?> _suggest;

    public LoweringContext(string text, IReadOnlyDictionary<string, StorageFormat> formats, List<DiagnosticInfo> diagnostics,
        Func<string, bool>? declaredButBroken = null, Func<string, string?>? suggest = null,
        IReadOnlyDictionary<string, OperatorDeclaration>? operators = null)
    {
        Text = text;
        Formats = formats;
        Operators = operators ?? new Dictionary<string, OperatorDeclaration>();
        Diagnostics = diagnostics;
        _declaredButBroken = declaredButBroken ?? (_ => false);
        _suggest = suggest ?? (_ => null);
    }

    public string Text { get; }

    /// <summary>The formats and stencils of the spec that bound, by name.</summary>
    public IReadOnlyDictionary<string, StorageFormat> Formats { get; }

    /// <summary>The <c>operator</c> declarations of the spec that bound, by name.</summary>
    public IReadOnlyDictionary<string, OperatorDeclaration> Operators { get; }

    public List<DiagnosticInfo> Diagnostics { get; }

    /// <summary>Whether <paramref name="name"/> is a format or stencil that was declared but did not bind (already reported).</summary>
    public bool IsDeclaredButBroken(string name) => _declaredButBroken(name);

    /// <summary>The declared format or stencil closest to <paramref name="name"/>, if any is close enough.</summary>
    public string? Suggest(string name) => _suggest(name);

    internal void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args)
        => Diagnostics.Add(descriptor.At(span, args));

    internal static string Quote(string text) => "`" + text + "`";

    /// <summary>The source under <paramref name="span"/> on one line: any run of whitespace (line breaks included) becomes one space.</summary>
    internal string SourceOf(SourceSpan span) => SourceOf(Text, span);

    internal static string SourceOf(string text, SourceSpan span)
    {
        if (span.Start < 0 || span.End > text.Length) return string.Empty;
        var raw = text.Substring(span.Start, span.Length);
        // Any whitespace, line breaks included (U+2028 would end a C# comment), becomes one space.
        var words = new List<string>();
        int wordStart = -1;
        for (int i = 0; i <= raw.Length; i++)
        {
            bool space = i == raw.Length || char.IsWhiteSpace(raw[i]);
            if (space && wordStart >= 0) { words.Add(raw.Substring(wordStart, i - wordStart)); wordStart = -1; }
            else if (!space && wordStart < 0) wordStart = i;
        }
        return string.Join(" ", words);
    }

    /// <summary>Reads a number as a finite double; SPD003 at the number when it is not one.</summary>
    internal bool TryReal(NumberSyntax number, out double value)
    {
        if (double.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && !double.IsInfinity(value) && !double.IsNaN(value))
            return true;
        Report(D.NumberOutOfRange, number.Span, number.Text, "it does not fit a 64-bit floating-point number");
        return false;
    }

    /// <summary>Whether a finite value stays finite in <paramref name="elementType"/> (in each part of a complex type).</summary>
    internal static bool Fits(double value, ScalarType elementType)
        => !double.IsNaN(value) && (ScalarTypes.Of(elementType).SizeInBytes / (elementType.IsComplex() ? 2 : 1) == 4
            ? !float.IsInfinity((float)value)
            : !double.IsInfinity(value));

    /// <summary>
    /// Reads an element type through the scalar-type table: SPD103 for an unknown spelling, SPD113 for a type kernels
    /// do not implement yet. <paramref name="complexOperator"/>: the type of an operator's dense factor, where c128
    /// is implemented (the runtime's structured operators are generic over System.Numerics.Complex).
    /// </summary>
    internal bool TryElementType(NameSyntax syntax, out ScalarType elementType, bool complexOperator = false)
    {
        var info = ScalarTypes.Parse(syntax.Text);
        if (info is null)
        {
            elementType = ScalarType.F64;
            Report(D.UnknownElementType, syntax.Span, syntax.Text, ScalarTypes.Spellings);
            return false;
        }
        elementType = info.Type;
        if (complexOperator && info.Type == ScalarType.C64)
        {
            Report(D.ElementTypeNotImplemented, syntax.Span, info.Spelling, info.Detail,
                "it has no .NET type (System.Numerics.Complex is double precision): use c128");
            return false;
        }
        if (!info.Implemented && !(complexOperator && info.Type == ScalarType.C128))
        {
            Report(D.ElementTypeNotImplemented, syntax.Span, info.Spelling, info.Detail,
                info.IsComplex ? "complex values are implemented for the dense and csr factors of operators (`operator H = kron(A: dense<c128>, …)`), not yet for formats and stencils" : "no kernel supports it");
            return false;
        }
        return true;
    }
}
