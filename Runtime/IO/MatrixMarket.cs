using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// Matrix Market I/O. Reads coordinate (real | integer | pattern; general | symmetric | skew-symmetric) and
/// array real general files; malformed input throws <see cref="FormatException"/> naming the line number.
/// Writes coordinate real general.
/// </summary>
public static class MatrixMarket
{
    public static CooMatrix<T> ReadCoo<T>(string path) where T : unmanaged, INumber<T>
    {
        using var reader = new StreamReader(path);
        return ReadCoo<T>(reader);
    }

    public static CooMatrix<T> ReadCoo<T>(TextReader reader) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(reader);
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
        int rows = ParseInt(size[0], lineNumber, "row count"), cols = ParseInt(size[1], lineNumber, "column count");
        if (rows < 0 || cols < 0) throw Error(lineNumber, "sizes must not be negative");
        long entries = coordinate ? ParseInt(size[2], lineNumber, "entry count") : (long)rows * cols;
        if (entries < 0) throw Error(lineNumber, "the entry count must not be negative");

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
                int r = ParseInt(parts[0], lineNumber, "row index") - 1, c = ParseInt(parts[1], lineNumber, "column index") - 1;
                if ((uint)r >= (uint)rows) throw Error(lineNumber, $"row index {r + 1} is outside 1..{rows}");
                if ((uint)c >= (uint)cols) throw Error(lineNumber, $"column index {c + 1} is outside 1..{cols}");
                T v = pattern ? T.One : ParseValue<T>(parts[2], lineNumber);
                ri.Add(r); ci.Add(c); vs.Add(v);
                if (r != c && symmetry != "general")
                {
                    ri.Add(c); ci.Add(r); vs.Add(symmetry == "symmetric" ? v : -v);
                }
                else if (r == c && symmetry == "skew-symmetric" && v != T.Zero)
                    throw Error(lineNumber, "a skew-symmetric matrix has a zero diagonal");
            }
            else
            {
                if (parts.Length != 1) throw Error(lineNumber, $"expected 1 value but found {parts.Length}");
                T v = ParseValue<T>(parts[0], lineNumber);
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
        return new CooMatrix<T>(rows, cols, ri.ToArray(), ci.ToArray(), vs.ToArray());
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

    private static int ParseInt(string text, int line, string what)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw Error(line, $"the {what} '{text}' is not an integer");
        return v;
    }

    private static T ParseValue<T>(string text, int line) where T : unmanaged, INumber<T>
    {
        if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out T v))
            throw Error(line, $"the value '{text}' is not a number");
        return v;
    }

    private static FormatException Error(int line, string message) =>
        new($"Matrix Market line {line.ToString(CultureInfo.InvariantCulture)}: {message}.");
}
