using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

    /// <summary>
    /// A unique hint name for every spec, stable across machines. A spec whose <see cref="HintName"/> no other shares
    /// keeps it. Specs that share one (two <c>Kernels.sparse</c> outside the project directory, or any two same-named
    /// specs when the project directory is unknown) are named by their paths below the deepest folder they all share
    /// (<c>/repo/a/Kernels.sparse</c>, <c>/repo/b/Kernels.sparse</c> → <c>a.Kernels.sparse.g.cs</c>, <c>b.Kernels.sparse.g.cs</c>);
    /// names still equal after that (hint names compare case-insensitively) get a stable hash of that path.
    /// </summary>
    public static IEnumerable<(string FilePath, string HintName)> UniqueHintNames(IEnumerable<SpecFile> files)
    {
        var list = files.Distinct().ToList();
        var names = new Dictionary<SpecFile, string>();
        var distinguishing = new Dictionary<SpecFile, string>();
        foreach (var group in list.GroupBy(f => HintName(f.RelativePath), StringComparer.OrdinalIgnoreCase))
        {
            var members = group.ToList();
            if (members.Count == 1)
            {
                names[members[0]] = group.Key;
                distinguishing[members[0]] = members[0].RelativePath;
                continue;
            }
            var paths = members.Select(m => m.FilePath.Replace('\\', '/')).ToList();
            int common = CommonDirectoryLength(paths);
            for (int n = 0; n < members.Count; n++)
            {
                string below = paths[n].Substring(common);
                names[members[n]] = HintName(below);
                distinguishing[members[n]] = below;
            }
        }
        foreach (var clash in list.GroupBy(f => names[f], StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList())
            foreach (var file in clash)
                names[file] = WithSuffix(names[file], StableHash(distinguishing[file]).ToString("x8", CultureInfo.InvariantCulture));
        // Only identical paths are left equal (the same file listed twice differently cased): number them in path order.
        foreach (var clash in list.GroupBy(f => names[f], StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList())
        {
            int index = 0;
            foreach (var file in clash.OrderBy(f => f.FilePath, StringComparer.Ordinal))
                names[file] = WithSuffix(names[file], (index++).ToString(CultureInfo.InvariantCulture));
        }
        return list.Select(f => (f.FilePath, names[f]));
    }

    /// <summary>The hint name <see cref="UniqueHintNames"/> gave the spec at <paramref name="filePath"/>.</summary>
    public static string HintNameOf(string filePath, string relativePath, EquatableArray<(string FilePath, string HintName)> all)
    {
        foreach (var (path, hint) in all)
            if (string.Equals(path, filePath, StringComparison.Ordinal)) return hint;
        return HintName(relativePath);
    }

    private static string WithSuffix(string hint, string suffix) => hint.Substring(0, hint.Length - ".g.cs".Length) + "." + suffix + ".g.cs";

    /// <summary>The length of the longest folder prefix (ending in '/') that every path starts with.</summary>
    private static int CommonDirectoryLength(List<string> paths)
    {
        int length = paths.Min(p => p.Length);
        int common = 0;
        for (int i = 0; i < length; i++)
        {
            char c = paths[0][i];
            if (paths.Any(p => p[i] != c)) break;
            if (c == '/') common = i + 1;
        }
        return common;
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
