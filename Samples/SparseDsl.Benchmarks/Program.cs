// Entry point of the benchmark suite. ./bench.sh runs, in this order:
//   SparseDsl.Benchmarks --verify            every GlobalSetup once in-process (data checksums + result checks)
//   SparseDsl.Benchmarks [--quick] [BenchmarkDotNet args, e.g. --filter '*W1*' --artifacts DIR]
// --quick swaps the measured job for a short in-process one (a few minutes for the whole suite).
// The exit code is non-zero when a check fails or a benchmark produced no result.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SparseDsl.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        var rest = new List<string>(args);
        bool quick = rest.Remove("--quick");
        if (rest.Remove("--verify")) return Verify(rest);
        if (rest.Remove("--limits")) return Limits.Run();

        Job job = quick
            ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(100)).WithId("Quick")
            : Job.Default
                .WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(250))
                .WithGcServer(false).WithGcConcurrent(false).WithId("Full");
        IConfig config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddExporter(JsonExporter.Full)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.StopOnFirstError);
        if (!OpenBlas.Available)
        {
            Console.Error.WriteLine("bench: libopenblas.so.0 not found: W4OpenBlas is skipped");
            config = config.AddFilter(new SimpleFilter(b => b.Descriptor.Type != typeof(W4OpenBlas)));
        }

        Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.ToArray(), config).ToArray();
        if (summaries.Length == 0)
        {
            Console.Error.WriteLine("bench: no benchmark matched");
            return 2;
        }
        int cases = summaries.Sum(s => s.BenchmarksCases.Length);
        int ok = summaries.Sum(s => s.Reports.Count(r => r.Success && r.ResultStatistics is not null));
        bool critical = summaries.Any(s => s.HasCriticalValidationErrors);
        Console.WriteLine($"bench: {ok} of {cases} benchmarks measured");
        return ok == cases && !critical ? 0 : 1;
    }

    /// <summary>Runs the GlobalSetup of every parameter combination of every benchmark class once (data checksums and
    /// the result checks against the naive references) without measuring; a filter argument narrows by class name.</summary>
    private static int Verify(List<string> filters)
    {
        var types = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .Where(t => t != typeof(W4OpenBlas) || OpenBlas.Available)
            .Where(t => filters.Count == 0 || filters.Any(f => t.Name.Contains(f.Trim('*'), StringComparison.OrdinalIgnoreCase)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        int failed = 0, runs = 0;
        foreach (Type type in types)
        {
            var props = type.GetProperties().Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null).ToList();
            IEnumerable<object?[]> combos = [[]];
            foreach (PropertyInfo p in props)
            {
                object?[] values = p.GetCustomAttribute<ParamsAttribute>()!.Values;
                combos = combos.SelectMany(c => values.Select(v => c.Append(v).ToArray()));
            }
            MethodInfo? setup = type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null);
            foreach (object?[] combo in combos)
            {
                object instance = Activator.CreateInstance(type)!;
                for (int i = 0; i < props.Count; i++) props[i].SetValue(instance, combo[i]);
                string name = type.Name + (props.Count == 0 ? "" : "(" + string.Join(", ", props.Select((p, i) => $"{p.Name}={combo[i]}")) + ")");
                runs++;
                try
                {
                    setup?.Invoke(instance, null);
                    Console.WriteLine($"verify: {name} ok");
                }
                catch (TargetInvocationException e)
                {
                    failed++;
                    Console.Error.WriteLine($"verify: {name} FAILED: {e.InnerException?.Message ?? e.Message}");
                }
            }
        }
        Console.WriteLine($"verify: {runs - failed} passed, {failed} failed");
        return failed == 0 && runs > 0 ? 0 : 1;
    }
}
