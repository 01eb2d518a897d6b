using System;
using System.Text;
using SparseDsl.Language.Common;

namespace SparseDsl.Generator;

/// <summary>Project-relative spec paths and the hint names derived from them.</summary>
internal static class SpecPaths
{
    /// <summary>The path relative to the project directory with '/' separators, or the file name when it lies outside or the directory is unknown.</summary>
    public static string Relative(string path, string? projectDirectory)
    {
        string normalized = path.Replace('\\', '/');
        if (!string.IsNullOrEmpty(projectDirectory))
        {
            string root = projectDirectory!.Replace('\\', '/');
            if (!root.EndsWith("/", StringComparison.Ordinal)) root += "/";
            if (normalized.StartsWith(root, StringComparison.OrdinalIgnoreCase))
                return normalized.Substring(root.Length);
        }
        int slash = normalized.LastIndexOf('/');
        return slash >= 0 ? normalized.Substring(slash + 1) : normalized;
    }

    /// <summary>
    /// <c>Specs/Kernels.sparse</c> → <c>Specs.Kernels.sparse.g.cs</c>: '/' becomes '.', characters other than
    /// letters, digits, '_', '-' and '.' become '_', and leading "../" segments are dropped.
    /// </summary>
    public static string HintName(string relativePath)
    {
        string path = relativePath;
        while (path.StartsWith("../", StringComparison.Ordinal)) path = path.Substring(3);
        if (path.StartsWith("./", StringComparison.Ordinal)) path = path.Substring(2);
        var name = new StringBuilder(path.Length + 5);
        foreach (char c in path)
        {
            if (c == '/') name.Append('.');
            else if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' or '.') name.Append(c);
            else name.Append('_');
        }
        return name.Append(".g.cs").ToString();
    }

    /// <summary>The hint name, disambiguated by a stable hash of the path when another spec maps to the same name (hint names compare case-insensitively).</summary>
    public static string UniqueHintName(string relativePath, EquatableArray<string> allHintNames)
    {
        string hint = HintName(relativePath);
        int same = 0;
        foreach (var other in allHintNames)
            if (string.Equals(other, hint, StringComparison.OrdinalIgnoreCase)) same++;
        if (same <= 1) return hint;
        return hint.Substring(0, hint.Length - ".g.cs".Length) + "." + StableHash(relativePath).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
    }

    /// <summary>FNV-1a over the UTF-16 code units: identical on every run and platform.</summary>
    public static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return hash;
    }
}
