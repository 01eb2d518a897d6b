using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>
/// The loop of a fuzz test: case after case until the time budget is spent, each through
/// <see cref="FuzzPipeline.FrontEnd"/>; the ones that bind go, while the compile share of the time allows, in
/// batches through the generator and Roslyn. Failures are grouped by signature; the first case of each is
/// minimized and reported with the seed and case number that reproduce it.
/// </summary>
internal sealed class FuzzCampaign(string name, int seed, TimeSpan budget, double compileShare, int batchSize, bool everyCaseMustBind)
{
    private const int MaxSignatures = 60;
    private const int MaxShrunk = 5;

    private sealed class Group(string signature, long firstCase, SpecCase spec, FuzzFailure failure)
    {
        public string Signature { get; } = signature;
        public long FirstCase { get; } = firstCase;
        public SpecCase Spec { get; } = spec;
        public FuzzFailure Failure { get; } = failure;
        public int Count { get; set; } = 1;
        public string? Minimized { get; set; }
        public bool Confirmed { get; set; } = true;
    }

    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private long _cases, _binding, _compiled, _batches;
    private readonly Stopwatch _compileWatch = new();
    private TimeSpan _slowest;
    private long _slowestCase;
    private int _slowestLength;

    /// <summary>Where the case under test is written first, so a crash (a stack overflow kills the process) leaves it behind.</summary>
    public static string LastCasePathOf(string campaign) => Path.Combine(AppContext.BaseDirectory, $"fuzz-last-case.{campaign.Split(' ')[0]}.txt");

    private string LastCasePath => LastCasePathOf(name);

    /// <summary>Runs the campaign and returns the report; <paramref name="failed"/> is whether any failure was found.</summary>
    public string Run(Func<long, SpecCase> next, out bool failed)
    {
        var watch = Stopwatch.StartNew();
        var pending = new List<(SpecCase Spec, long Number)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var seenOutputs = new HashSet<string>(StringComparer.Ordinal);

        void Flush()
        {
            if (pending.Count == 0) return;
            _compileWatch.Start();
            var failures = FuzzPipeline.CompileBatch(pending.Select(p => p.Spec).ToList());
            _compileWatch.Stop();
            _compiled += pending.Count;
            _batches++;
            foreach (var (spec, number) in pending)
                if (failures.TryGetValue(spec, out var failure)) Record(failure, spec, number);
            pending.Clear();
            keys.Clear();
        }

        for (long n = 0; watch.Elapsed < budget; n++)
        {
            var spec = next(n);
            _cases++;
            File.WriteAllText(LastCasePath, $"{name}: {Reproduce(n)}\n{spec.Path}\n{Visible(spec.Text)}", Utf8);
            var caseWatch = Stopwatch.StartNew();
            var front = FuzzPipeline.FrontEnd(spec);
            if (caseWatch.Elapsed > _slowest) (_slowest, _slowestCase, _slowestLength) = (caseWatch.Elapsed, n, spec.Text.Length);
            if (front.Failure is not null)
            {
                Record(front.Failure, spec, n);
                continue;
            }
            if (!front.Binds)
            {
                if (everyCaseMustBind)
                {
                    var first = front.Compilation!.Diagnostics.First(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error);
                    Record(new("does-not-bind:" + first.Code, string.Join("\n", front.Compilation.Diagnostics.Take(4).Select(d => $"{d.Code} {d.Span}: {d.Message}"))), spec, n);
                }
                continue;
            }
            _binding++;
            if (_compileWatch.Elapsed.TotalSeconds > compileShare * watch.Elapsed.TotalSeconds) continue;
            // A mutant that only changed a comment or spacing generates what was compiled already.
            var ir = front.Compilation!.Ir!;
            string normalized = front.Emitted!.Source.Replace(spec.Path, "").Replace(ir.ClassName, "").Replace(ir.Namespace, "");
            if (!seenOutputs.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(normalized))))) continue;
            if (!keys.Add(FuzzPipeline.ClassKey(front)))
            {
                Flush();
                keys.Add(FuzzPipeline.ClassKey(front));
            }
            pending.Add((spec, n));
            if (pending.Count >= batchSize) Flush();
        }
        Flush();
        File.Delete(LastCasePath);

        Shrink();
        var report = Report();
        failed = _groups.Values.Any(g => g.Confirmed);
        if (FuzzSettings.ReportPath is string path) File.AppendAllText(path, report + "\n", Utf8);
        if (failed && FuzzChild.ReportFile is string childReport) File.WriteAllText(childReport, report, Utf8);
        return report;
    }

    private string Reproduce(long n) => string.Create(CultureInfo.InvariantCulture, $"SPARSEDSL_FUZZ_SEED={seed}, case {n}");

    private void Record(FuzzFailure failure, SpecCase spec, long number)
    {
        if (_groups.TryGetValue(failure.Signature, out var group)) group.Count++;
        else if (_groups.Count < MaxSignatures) _groups[failure.Signature] = new Group(failure.Signature, number, spec, failure);
    }

    /// <summary>The predicate that keeps a shrunk text failing the same way.</summary>
    private static Func<string, bool>? SameFailure(Group group)
    {
        string signature = group.Signature;
        if (signature.StartsWith("slow:", StringComparison.Ordinal)) return null; // each try would take the limit
        if (signature.StartsWith("does-not-bind:", StringComparison.Ordinal))
        {
            string code = signature.Substring("does-not-bind:".Length);
            return text =>
            {
                var front = FuzzPipeline.FrontEnd(group.Spec with { Text = text });
                return front.Failure is null && front.Compilation?.Diagnostics.FirstOrDefault(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Error)?.Code == code;
            };
        }
        if (signature.StartsWith("csharp:", StringComparison.Ordinal) || signature.StartsWith("generator-error:", StringComparison.Ordinal)
            || signature.StartsWith("no-source", StringComparison.Ordinal))
            return text => FuzzPipeline.CompileAlone(group.Spec with { Text = text })?.Signature == signature;
        return text => FuzzPipeline.FrontEnd(group.Spec with { Text = text }).Failure?.Signature == signature;
    }

    private void Shrink()
    {
        foreach (var group in _groups.Values.OrderBy(g => g.FirstCase))
        {
            var predicate = SameFailure(group);
            if (predicate is null) continue;
            bool compiles = group.Signature.StartsWith("csharp:", StringComparison.Ordinal) || group.Signature.StartsWith("generator-error:", StringComparison.Ordinal)
                || group.Signature.StartsWith("no-source", StringComparison.Ordinal);
            if (compiles && !predicate(group.Spec.Text))
            {
                // Failed in a batch only: a clash between two specs of one compilation, not a defect of either.
                group.Confirmed = false;
                continue;
            }
            if (_groups.Values.Count(g => g.Minimized is not null) >= MaxShrunk) continue;
            group.Minimized = Shrinker.Minimize(group.Spec.Text, predicate, FuzzSettings.ShrinkLimit);
        }
    }

    private string Report()
    {
        var text = new StringBuilder();
        var confirmed = _groups.Values.Where(g => g.Confirmed).OrderBy(g => g.FirstCase).ToList();
        text.Append(CultureInfo.InvariantCulture, $"{name}: seed {seed}, {_cases} cases, {_binding} bound, {_compiled} compiled in {_batches} batches ({_compileWatch.Elapsed.TotalSeconds:F1} s of Roslyn); ")
            .Append(CultureInfo.InvariantCulture, $"slowest front end + emit {_slowest.TotalMilliseconds:F0} ms (case {_slowestCase}, {_slowestLength} characters); {confirmed.Count} distinct failures");
        int batchOnly = _groups.Values.Count(g => !g.Confirmed);
        if (batchOnly > 0) text.Append(CultureInfo.InvariantCulture, $" ({batchOnly} batch-only clashes ignored)");
        text.Append('\n');
        foreach (var group in confirmed)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n--- {group.Signature} ({group.Count}x; first: {Reproduce(group.FirstCase)}, file {Visible(group.Spec.Path)})\n");
            text.Append(group.Failure.Detail.TrimEnd()).Append('\n');
            if (group.Minimized is not null) text.Append("minimized spec:\n").Append(Indent(group.Minimized)).Append('\n');
            else text.Append("spec:\n").Append(Indent(group.Spec.Text.Length > 3000 ? group.Spec.Text.Substring(0, 3000) + "…" : group.Spec.Text)).Append('\n');
        }
        return text.ToString();
    }

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private static string Indent(string spec) => string.Join("\n", Visible(spec.Replace("\r\n", "\n")).Split('\n').Select(l => "    | " + l));

    /// <summary>The text with invisible and unpaired characters (BOM, CR, NUL, lone surrogates, U+2028) written as \uXXXX.</summary>
    public static string Visible(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair) { builder.Append(c).Append(text[++i]); continue; }
            bool plain = c == '\n' || c == '\t' || (c >= ' ' && c != '\u007f' && c != '\u00a0' && c != '\uFEFF' && c != '\u2028' && c != '\u2029' && !char.IsSurrogate(c) && !(c >= '\u0080' && c < '\u00a0'));
            if (plain) builder.Append(c);
            else builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
