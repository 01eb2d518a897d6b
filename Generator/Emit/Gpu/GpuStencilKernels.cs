using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Generator.Emit.Storage;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Gpu;

/// <summary>Matrix-free stencils on 1-3 D grids: one thread per grid point (and column of Y), taps unrolled with literal coefficients, neighbours outside the grid count as zero; the transpose negates the offsets.</summary>
internal sealed class GpuStencilKernels : GpuFormatKernels
{
    public override FormatKind Kind => FormatKind.Stencil;

    public override bool CanSpecialize(KernelIr kernel)
        => ((StencilStorage)kernel.Matrix.Storage) is var stencil && stencil.Grid.Count is >= 1 and <= 3 && stencil.Taps.Count > 0 && stencil.Taps.All(tap => tap.Offsets.Count == stencil.Grid.Count);

    public override void Plan(GpuPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel);
        var format = (StencilStorage)kernel.Matrix.Storage;
        var grid = format.Grid;
        int dimensions = grid.Count;
        bool transposed = kernel.Action == KernelAction.ApplyTransposed;
        bool matMat = kernel.Action == KernelAction.ApplyToBlock;
        var taps = format.Taps.Select(tap =>
        {
            var offsets = new int[3];
            for (int d = 0; d < dimensions; d++) offsets[d] = transposed ? -tap.Offsets[d] : tap.Offsets[d];
            string text = "[" + string.Join(",", tap.Offsets.Select(o => o.ToString(CultureInfo.InvariantCulture))) + "] = " + tap.Coefficient.ToString("R", CultureInfo.InvariantCulture);
            return (Offsets: offsets, tap.Coefficient, Text: text);
        }).ToList();
        string Extent(int d) => grid[d].LiteralSize is int size ? size.ToString(CultureInfo.InvariantCulture) : ExtentLocals[d];
        bool needX = taps.Any(tp => tp.Offsets[0] != 0);
        bool needY = taps.Any(tp => tp.Offsets[1] != 0);
        bool needZ = taps.Any(tp => tp.Offsets[2] != 0);
        string nxy = grid.Count == 3 && grid[0].LiteralSize is int sx && grid[1].LiteralSize is int sy
            ? ((long)sx * sy).ToString(CultureInfo.InvariantCulture)
            : "nxy";
        string points = StorageDescriptors.For(format).Shape(format, plan.Names.Matrix ?? "a").Rows;
        string summary = (matMat ? "one thread per grid point and column of Y" : "one thread per grid point")
            + $"; taps unrolled{(transposed ? " with negated offsets (the transpose)" : "")}, neighbours outside the {string.Join(" x ", Enumerable.Range(0, dimensions).Select(Extent))} grid count as zero";
        plan.Gather(points, summary, w =>
        {
            if (matMat) MatMatIndex(w, "point");
            else w.Line("int point = index;");
            if (needX) w.Line(dimensions == 1 ? "int i = point;" : $"int i = point % {Extent(0)};");
            if (dimensions == 2 && needY) w.Line($"int j = point / {Extent(0)};");
            if (dimensions == 3 && (needY || needZ))
            {
                w.Line($"int line = point / {Extent(0)};");
                if (needY) w.Line($"int j = line % {Extent(1)};");
                if (needZ) w.Line($"int z = line / {Extent(1)};");
                if (needZ && nxy == "nxy") w.Line($"int nxy = {Extent(0)} * {Extent(1)};");
            }
            w.Line($"{t} sum = {Zero(kernel)};");
            foreach (var tap in taps)
            {
                var conditions = new List<string>();
                string[] axes = { "i", "j", "z" };
                for (int d = 0; d < dimensions; d++)
                {
                    int o = tap.Offsets[d];
                    if (o < 0) conditions.Add($"{axes[d]} >= {-o}");
                    if (o > 0) conditions.Add($"{axes[d]} + {o} < {Extent(d)}");
                }
                string neighbour = "point" + Signed(tap.Offsets[0], "") + Signed(tap.Offsets[1], Extent(0)) + Signed(tap.Offsets[2], nxy);
                string value = matMat ? (neighbour == "point" ? "x[(long)point * k + c]" : $"x[(long)({neighbour}) * k + c]") : $"x[{neighbour}]";
                double coefficient = tap.Coefficient;
                string statement = coefficient == 1 ? $"sum += {value};" : coefficient == -1 ? $"sum -= {value};" : $"sum += {Literal(kernel, coefficient)} * {value};";
                w.Line(conditions.Count == 0 ? $"{statement} // tap {tap.Text}" : $"if ({string.Join(" && ", conditions)}) {statement} // tap {tap.Text}");
            }
            if (matMat) StoreElement(w, kernel, "point");
            else w.Line($"y[point] = {Combine(kernel, "sum", "y[point]")};");
        });
    }

    private static readonly string[] ExtentLocals = StencilDescriptor.ExtentLocals;

    private static string Signed(int factor, string unit)
    {
        if (factor == 0) return "";
        string magnitude = Math.Abs(factor).ToString(CultureInfo.InvariantCulture);
        string term = unit.Length == 0 ? magnitude : Math.Abs(factor) == 1 ? unit : $"{magnitude} * {unit}";
        return (factor < 0 ? " - " : " + ") + term;
    }
}
