using System;
namespace SparseDsl.Language.Text;

/// <summary>
/// A region of a spec file. Positions are our own (never Superpower's TextSpan, whose reference
/// equality would defeat the generator's cache). Line and column are 1-based, as editors show them.
/// </summary>
public readonly record struct SourceSpan(int Start, int Length, int Line, int Column, int EndLine, int EndColumn)
{
    public int End => Start + Length;

    public static SourceSpan Empty => new(0, 0, 1, 1, 1, 1);

    public override string ToString() => FormattableString.Invariant($"({Line},{Column})");
}
