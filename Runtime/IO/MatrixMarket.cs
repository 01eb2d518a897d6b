using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// Matrix Market I/O. Reads coordinate (real | integer | pattern; general | symmetric | skew-symmetric) and
/// array real general files; malformed input throws <see cref="FormatException"/> naming the line number (and the
/// file, when read from a path). Rejected: a symmetric or skew-symmetric file that is not square or lists an entry
/// twice (also as its mirror, (i, j) and (j, i)), which would add the value up; a non-integer value in an
/// <c>integer</c> file; a finite number too large for the element type (<c>1e400</c> for double). The words
/// <c>inf</c>, <c>infinity</c> and <c>nan</c> (any case, optional sign) are read as those values.
/// Writes coordinate real general.
/// </summary>
public static class MatrixMarket
{
    public static CooMatrix<T> ReadCoo<T>(string path) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Read<T>(reader, path);
    }

    public static CooMatrix<T> ReadCoo<T>(TextReader reader) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read<T>(reader, null);
    }

    private static CooMatrix<T> Read<T>(TextReader reader, string? path) where T : unmanaged, INumber<T>
    {
        FormatException Error(int line, string message) => MatrixMarket.Error(path, line, message);
        int lineNumber = 1;
        string? header = reader.ReadLine();
        if (header is null) throw Error(1, "the file is empty (expected a '%%MatrixMarket' header)");
        string[] h = Split(header);
        if (h.Length != 5 || !h[0].Equals("%%MatrixMarket", StringComparison.OrdinalIgnoreCase) || !h[1].Equals("matrix", StringComparison.OrdinalIgnoreCase))
            throw Error(1, "expected '%%MatrixMarket matrix <format> <field> <symmetry>'");
        string format = h[2].ToLowerInvariant(), field = h[3].ToLowerInvariant(), symmetry = h[4].ToLowerInvariant();
        bool coordinate = format == "coordinate";
        if (!coordinate && format != "array") throw Error(1, $"unsupported format '{h[2]}' (expected coordinate or array)");
        bool pattern = field == "pattern";
        if (field != "real" && field != "integer" && field != "double" && !pattern) throw Error(1, $"unsupported field '{h[3]}' (expected real, integer or pattern)");
        if (symmetry != "general" && symmetry != "symmetric" && symmetry != "skew-symmetric") throw Error(1, $"unsupported symmetry '{h[4]}' (expected general, symmetric or skew-symmetric)");
        if (!coordinate && (pattern || symmetry != "general")) throw Error(1, "array files must be real/integer general");

        string[]? size = null;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            string t = line.Trim();
            if (t.Length == 0 || t[0] == '%') continue;
            size = Split(t);
            break;
        }
        if (size is null) throw Error(lineNumber, "missing the size line");
        int expectedSize = coordinate ? 3 : 2;
        if (size.Length != expectedSize) throw Error(lineNumber, $"the size line must hold {expectedSize} integers");
        int rows = ParseInt(size[0], lineNumber, "row count", path), cols = ParseInt(size[1], lineNumber, "column count", path);
        if (rows < 0 || cols < 0) throw Error(lineNumber, "sizes must not be negative");
        long entries = coordinate ? ParseInt(size[2], lineNumber, "entry count", path) : (long)rows * cols;
        if (entries < 0) throw Error(lineNumber, "the entry count must not be negative");
        bool mirrored = symmetry != "general";
        if (mirrored && rows != cols) throw Error(lineNumber, $"a {symmetry} matrix must be square, but the size line gives {rows} x {cols}");
        bool integer = field == "integer";
        // symmetric files: the line of each stored (row, column) pair, keyed by (max, min), to reject a repeat or a mirror
        var firstLine = mirrored ? new Dictionary<(int, int), int>() : null;

        var ri = new List<int>();
        var ci = new List<int>();
        var vs = new List<T>();
        long read = 0;
        while (read < entries && (line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            string t = line.Trim();
            if (t.Length == 0 || t[0] == '%') continue;
            string[] parts = Split(t);
            if (coordinate)
            {
                int need = pattern ? 2 : 3;
                if (parts.Length != need) throw Error(lineNumber, $"expected {need} fields (row column{(pattern ? "" : " value")}) but found {parts.Length}");
                int r = ParseInt(parts[0], lineNumber, "row index", path) - 1, c = ParseInt(parts[1], lineNumber, "column index", path) - 1;
                if ((uint)r >= (uint)rows) throw Error(lineNumber, $"row index {r + 1} is outside 1..{rows}");
                if ((uint)c >= (uint)cols) throw Error(lineNumber, $"column index {c + 1} is outside 1..{cols}");
                T v = pattern ? T.One : ParseValue<T>(parts[2], lineNumber, integer, path);
                if (firstLine is not null)
                {
                    var key = (Math.Max(r, c), Math.Min(r, c));
                    if (firstLine.TryGetValue(key, out int earlier))
                        throw Error(lineNumber, $"entry ({r + 1}, {c + 1}) repeats line {earlier}{(r == c ? "" : $", which lists ({key.Item1 + 1}, {key.Item2 + 1}) or its mirror")}: a {symmetry} file stores each pair once (the mirror is implied)");
                    firstLine.Add(key, lineNumber);
                }
                ri.Add(r); ci.Add(c); vs.Add(v);
                if (r != c && mirrored)
                {
                    ri.Add(c); ci.Add(r); vs.Add(symmetry == "symmetric" ? v : -v);
                }
                else if (r == c && symmetry == "skew-symmetric" && v != T.Zero)
                    throw Error(lineNumber, "a skew-symmetric matrix has a zero diagonal");
            }
            else
            {
                if (parts.Length != 1) throw Error(lineNumber, $"expected 1 value but found {parts.Length}");
                T v = ParseValue<T>(parts[0], lineNumber, integer, path);
                int r = (int)(read % rows), c = (int)(read / rows);   // column-major
                if (v != T.Zero) { ri.Add(r); ci.Add(c); vs.Add(v); }
            }
            read++;
        }
        if (read < entries) throw Error(lineNumber, $"expected {entries} entries but the file ends after {read}");
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            string t = line.Trim();
            if (t.Length != 0 && t[0] != '%') throw Error(lineNumber, $"unexpected data after the {entries} declared entries");
        }
        return new CooMatrix<T>(rows, cols, ri.ToArray(), ci.ToArray(), vs.ToArray(), owned: true);
    }

    /// <summary>Writes <paramref name="matrix"/> as 'coordinate real general' with round-trippable values.</summary>
    public static void Write<T>(TextWriter writer, CsrMatrix<T> matrix) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(matrix);
        var inv = CultureInfo.InvariantCulture;
        writer.Write("%%MatrixMarket matrix coordinate real general\n");
        writer.Write(string.Create(inv, $"{matrix.Rows} {matrix.Columns} {matrix.NonZeroCount}\n"));
        for (int r = 0; r < matrix.Rows; r++)
            for (int k = matrix.RowPointers[r]; k < matrix.RowPointers[r + 1]; k++)
            {
                string value = matrix.Values[k] is double d ? d.ToString("R", inv)
                    : matrix.Values[k] is float f ? f.ToString("R", inv)
                    : matrix.Values[k].ToString(null, inv);
                writer.Write(string.Create(inv, $"{r + 1} {matrix.ColumnIndices[k] + 1} {value}\n"));
            }
    }

    /// <summary>Writes to a file.</summary>
    public static void Write<T>(string path, CsrMatrix<T> matrix) where T : unmanaged, INumber<T>
    {
        using var writer = new StreamWriter(path);
        Write(writer, matrix);
    }

    private static string[] Split(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static int ParseInt(string text, int line, string what, string? path = null)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw Error(path, line, $"the {what} '{text}' is not an integer");
        return v;
    }

    private static T ParseValue<T>(string text, int line, bool integer, string? path) where T : unmanaged, INumber<T>
    {
        if (integer)
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                throw Error(path, line, $"the value '{text}' is not an integer (the file's field is integer)");
            try { return T.CreateChecked(n); }
            catch (OverflowException) { throw Error(path, line, $"the value '{text}' is outside the range of {typeof(T).Name}"); }
        }
        string word = text.TrimStart('+', '-').ToLowerInvariant();
        if (word is "inf" or "infinity" or "nan")
        {
            double special = word == "nan" ? double.NaN : text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            if (!T.TryParse(special.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out T named))
                throw Error(path, line, $"the value '{text}' has no {typeof(T).Name} representation");
            return named;
        }
        if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out T v))
            throw Error(path, line, $"the value '{text}' is not a number");
        if (IsInfinite(v))
            throw Error(path, line, $"the value '{text}' is outside the range of {typeof(T).Name} (write inf for an infinity)");
        return v;
    }

    private static bool IsInfinite<T>(T v) where T : unmanaged, INumber<T>
        => v is double d ? double.IsInfinity(d) : v is float f ? float.IsInfinity(f) : v is Half h && Half.IsInfinity(h);

    private static FormatException Error(string? path, int line, string message) => path is null
        ? new($"Matrix Market line {line.ToString(CultureInfo.InvariantCulture)}: {message}.")
        : new($"Matrix Market file '{path}', line {line.ToString(CultureInfo.InvariantCulture)}: {message}.");
}
