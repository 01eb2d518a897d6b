using System;
using System.Collections.Generic;
using System.Linq;
using SparseDsl.Generator.Emit.Storage;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>A kernel parameter: its type and name inside the ILGPU kernel, and the launcher's argument for it.</summary>
internal sealed record Parameter(string Type, string Name, string Argument);

/// <summary>
/// One ILGPU kernel: method name suffix, index type, launch extent, the condition under which it launches
/// (ILGPU rejects empty extents), parameters, the one-line description and the body writer.
/// </summary>
internal sealed record Launch(string Suffix, string Index, string Extent, string Guard, IReadOnlyList<Parameter> Parameters, string Summary, Action<SourceWriter> Body);

/// <summary>Collects the launches of one spec kernel; knows the operand parameters every kernel shares.</summary>
internal sealed class GpuPlan
{
    private readonly KernelIr _kernel;
    private readonly LauncherNames _names;

    /// <summary>The launcher's parameters and locals.</summary>
    public LauncherNames Names => _names;
    private readonly List<Parameter> _matrix;

    public GpuPlan(KernelIr kernel, LauncherNames names, IReadOnlyList<DeviceView> matrix)
    {
        _kernel = kernel;
        _names = names;
        _matrix = matrix.Select(view => new Parameter(view.Type, view.Name, view.Argument)).ToList();
    }

    public List<Launch> Launches { get; } = new();

    private string View(string operand) => _kernel.Action == KernelAction.ApplyToBlock ? operand + ".Values.View" : operand + ".View";

    /// <summary>Matrix arrays, x, y, k (Y = A * X), alpha and beta where the spec has them.</summary>
    private List<Parameter> Operands(bool withAlpha, bool withBeta)
    {
        string t = ElementType(_kernel);
        var list = new List<Parameter>(_matrix)
        {
            new($"{Rt.ArrayView}<{t}>", "x", View(_names.Input)),
            new($"{Rt.ArrayView}<{t}>", "y", View(_names.Output)),
        };
        if (_kernel.Action == KernelAction.ApplyToBlock) list.Add(new("int", "k", _names.K));
        if (withAlpha && _names.AlphaArgument is not null) list.Add(new(t, "alpha", _names.AlphaArgument));
        if (withBeta && _names.BetaArgument is not null) list.Add(new(t, "beta", _names.BetaArgument));
        return list;
    }

    /// <summary>A gather: one thread per output (vector kernels) or per output element (outputs x k threads).</summary>
    public void Gather(string outputs, string summary, Action<SourceWriter> body)
    {
        bool matMat = _kernel.Action == KernelAction.ApplyToBlock;
        Launches.Add(new Launch("Kernel", $"{Rt.Index1D}", matMat ? ElementThreads(outputs) : outputs,
            matMat ? $"{_names.K} > 0 && {outputs} > 0" : $"{outputs} > 0", Operands(true, true), summary, body));
    }

    /// <summary>
    /// A scatter: the β prescale of the whole output first (unless β = 1), then one thread per item (times the
    /// columns of X for Y = A * X) adding into the output with atomics.
    /// </summary>
    public void Scatter(string items, string summary, Action<SourceWriter> body)
    {
        bool matMat = _kernel.Action == KernelAction.ApplyToBlock;
        string t = ElementType(_kernel);
        if (PrescaleOutput(_kernel, "y[o]") is string prescale)
        {
            string outputs = matMat ? $"{_names.Output}.Rows * {_names.Output}.Columns" : $"{_names.Output}.Length";
            var parameters = new List<Parameter> { new($"{Rt.ArrayView}<{t}>", "y", View(_names.Output)) };
            if (_names.BetaArgument is not null) parameters.Add(new(t, "beta", _names.BetaArgument));
            Launches.Add(new Launch("Prescale", $"{Rt.Index1D}", outputs, $"{outputs} > 0", parameters,
                "prepares the output before the products are added into it: one thread per element of y",
                w =>
                {
                    w.Line("int o = index;");
                    w.Line(prescale);
                }));
        }
        Launches.Add(new Launch("Kernel", $"{Rt.Index1D}", matMat ? ElementThreads(items) : items,
            matMat ? $"{_names.K} > 0 && {items} > 0" : $"{items} > 0", Operands(true, false), summary, body));
    }

    /// <summary>
    /// Y = A * X: one 1-D launch of outer x k threads (thread t is column t % k of outer item t / k), so the
    /// large dimension never sits in a grid slot limited to 65,535; the count is checked against int.MaxValue.
    /// </summary>
    private string ElementThreads(string outer) => $"global::SparseDsl.GpuLaunch.Threads({outer}, {_names.K}, \"{_kernel.Name}\")";
}
