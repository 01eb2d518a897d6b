using System;
using System.Collections.Generic;

namespace SparseDsl.Language.Text;

/// <summary>
/// Line starts of a text, counted the way Roslyn's <c>SourceText</c> counts them (so a diagnostic lands on the
/// line an editor shows): CR, LF, CR LF (one break), U+0085, U+2028 and U+2029 each end a line.
/// </summary>
public sealed class LineMap
{
    private readonly int[] _starts;

    private LineMap(int[] starts) => _starts = starts;

    public static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    public static LineMap Of(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsLineBreak(c)) continue;
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            starts.Add(i + 1);
        }
        return new LineMap(starts.ToArray());
    }

    public int LineCount => _starts.Length;

    /// <summary>The 1-based line and column of a character offset (columns count UTF-16 code units).</summary>
    public (int Line, int Column) PositionOf(int offset)
    {
        int index = Array.BinarySearch(_starts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _starts[index] + 1);
    }
}
