using System;

namespace SparseDsl.Generator.Emit;

/// <summary>
/// Text taken from a spec into generated code, shared by the CPU and GPU emitters: the kernel's equation, and text
/// made safe for a <c>//</c> comment or an XML doc comment.
/// </summary>
public static class GeneratedText
{
    /// <summary>The kernel's equation from its declaration: <c>kernel K(A: F) : y = A * x;</c> → <c>y = A * x</c>.</summary>
    public static string Expression(string declaration)
    {
        string text = declaration.Trim();
        if (text.StartsWith("kernel", StringComparison.Ordinal))
        {
            int close = text.IndexOf(')');
            int colon = close >= 0 ? text.IndexOf(':', close) : -1;
            if (colon >= 0) text = text.Substring(colon + 1).Trim();
        }
        return text.TrimEnd(';').Trim();
    }

    /// <summary>
    /// Text copied into a <c>//</c> comment, kept on its line: every character C# counts as a line break (CR, LF,
    /// U+0085, U+2028, U+2029) and every other control or format character becomes a space.
    /// </summary>
    public static string Comment(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            var category = char.GetUnicodeCategory(c);
            bool breaks = c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029'
                || category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
            result.Append(breaks ? ' ' : c);
        }
        return result.ToString();
    }

    /// <summary>Text for an XML doc comment: kept on its line (<see cref="Comment"/>) and XML-escaped.</summary>
    public static string Xml(string text) => Comment(text)
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
