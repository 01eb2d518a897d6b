using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Generator.Emit.Storage;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.Cpu.VectorTerms;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Cpu;

/// <summary>
/// Matrix-free stencils on 1-D, 2-D and 3-D grids. Every tap of the spec is unrolled with its coefficient as a
/// literal; neighbours outside the grid contribute 0. The grid is walked line by line (a line = the nx points with
/// the same y and z); lines are split evenly across threads. On a line whose neighbour lines all exist, the points
/// away from the x borders run without checks (SIMD along x); border lines and border points check every tap.
/// y = S' * x is the stencil with negated offsets. Y = S * X vectorizes over the columns of X.
/// </summary>
public sealed class StencilFormatKernels : FormatKernels
{
    private static readonly string[] Axes = { "x", "y", "z" };
    private static readonly string[] ExtentProperties = StencilDescriptor.ExtentProperties;
    private static readonly string[] ExtentLocals = StencilDescriptor.ExtentLocals;

    public override FormatKind Kind => FormatKind.Stencil;

    public override (WorkSplitKind Kind, string OuterCount, string Work) Split(KernelIr kernel, string matrix, string columnsOfX)
    {
        var format = Storage(kernel);
        string Extent(int d) => format.Grid[d].LiteralSize is int size ? size.ToString(CultureInfo.InvariantCulture) : $"{matrix}.{ExtentProperties[d]}";
        string lines = format.Grid.Count switch
        {
            1 => "1",
            2 => Extent(1),
            _ => $"{Extent(1)} * {Extent(2)}",
        };
        string points = StorageDescriptors.For(format).Shape(format, matrix).Rows;
        string work = $"(long){points} * {format.Taps.Count}" + (kernel.Action == KernelAction.ApplyToBlock ? " * " + columnsOfX : "");
        return (WorkSplitKind.Uniform, lines, work);
    }

    public override bool CanSpecialize(KernelIr kernel)
        => Storage(kernel) is var stencil && stencil.Grid.Count is >= 1 and <= 3 && stencil.Taps.All(tap => tap.Offsets.Count == stencil.Grid.Count);

    public override bool HasSimd(KernelIr kernel) => CanSpecialize(kernel);

    /// <summary>256 and 128 bits: on Zen 5 the unaligned neighbour loads of 512-bit vectors split cache lines too often (measured slower).</summary>
    public override IReadOnlyList<int> SimdWidths(KernelIr kernel)
        => !CanSpecialize(kernel) ? new int[0] : kernel.Action == KernelAction.ApplyToBlock ? new[] { 512, 256, 128 } : new[] { 256, 128 };

    /// <summary>One tap as the kernel applies it (offsets negated for the transpose).</summary>
    private sealed class Tap
    {
        public Tap(StencilTap tap, bool transposed, int dimensions)
        {
            Source = tap;
            Offsets = new int[3];
            for (int d = 0; d < dimensions; d++) Offsets[d] = transposed ? -tap.Offsets[d] : tap.Offsets[d];
            Text = "[" + string.Join(",", tap.Offsets.Select(o => o.ToString(CultureInfo.InvariantCulture))) + "] = " + tap.Coefficient.ToString("R", CultureInfo.InvariantCulture);
        }

        public StencilTap Source { get; }
        public int[] Offsets { get; }
        public string Text { get; }
        public int Dx => Offsets[0];
        public bool OnOtherLine => Offsets[1] != 0 || Offsets[2] != 0;
        public string? LineFlag => OnOtherLine ? "has" + Part("Y", Offsets[1]) + Part("Z", Offsets[2]) : null;

        private static string Part(string axis, int offset) => offset == 0 ? "" : axis + (offset < 0 ? "Minus" : "Plus") + Math.Abs(offset).ToString(CultureInfo.InvariantCulture);

        /// <summary>Index relative to the point's own line pointer.</summary>
        public string Index(string i)
        {
            var text = i;
            if (Offsets[0] != 0) text += Signed(Offsets[0], "");
            if (Offsets[1] != 0) text += Signed(Offsets[1], "nx");
            if (Offsets[2] != 0) text += Signed(Offsets[2], "nxy");
            return text;
        }

        private static string Signed(int factor, string unit)
        {
            string magnitude = Math.Abs(factor).ToString(CultureInfo.InvariantCulture);
            string term = unit.Length == 0 ? magnitude : Math.Abs(factor) == 1 ? unit : $"{magnitude} * {unit}";
            return (factor < 0 ? " - " : " + ") + term;
        }

        public string? XCheck(string i) => Dx < 0 ? $"{i} >= {-Dx}" : Dx > 0 ? $"{i} + {Dx} < nx" : null;
    }

    private static List<Tap> Taps(KernelIr kernel)
        => Storage(kernel).Taps.Select(t => new Tap(t, kernel.Action == KernelAction.ApplyTransposed, Storage(kernel).Grid.Count)).ToList();

    /// <summary>
    /// Declares the extents the loops read (literals become constants) and nxy: nx always; ny in 3-D (line → j, z)
    /// or when a tap looks at a later line; nz when a tap looks at a later plane. An unread constant would be CS0219.
    /// </summary>
    private static void DeclareGrid(SourceWriter w, KernelIr kernel)
    {
        var grid = Storage(kernel).Grid;
        var taps = Taps(kernel);
        bool Read(int d) => d == 0 || (d == 1 && grid.Count == 3) || taps.Any(t => t.Offsets[d] > 0);
        for (int d = 0; d < grid.Count; d++)
        {
            if (!Read(d)) continue;
            w.Line(grid[d].LiteralSize is int size ? $"const int {ExtentLocals[d]} = {size};" : $"int {ExtentLocals[d]} = a.{ExtentProperties[d]};");
        }
        if (grid.Count == 3 && Taps(kernel).Any(t => t.Offsets[2] != 0)) w.Line("int nxy = nx * ny;");
    }

    /// <summary>Line flags: whether the neighbour line each off-line tap reads exists.</summary>
    private static void DeclareLineFlags(SourceWriter w, KernelIr kernel, List<Tap> taps)
    {
        int dimensions = Storage(kernel).Grid.Count;
        if (dimensions == 3) { w.Line("int j = line % ny;"); w.Line("int z = line / ny;"); }
        else if (dimensions == 2) w.Line("int j = line;");
        foreach (var group in taps.Where(t => t.OnOtherLine).GroupBy(t => t.LineFlag).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var tap = group.First();
            var conditions = new List<string>();
            if (tap.Offsets[1] < 0) conditions.Add($"j >= {-tap.Offsets[1]}");
            if (tap.Offsets[1] > 0) conditions.Add($"j + {tap.Offsets[1]} < ny");
            if (tap.Offsets[2] < 0) conditions.Add($"z >= {-tap.Offsets[2]}");
            if (tap.Offsets[2] > 0) conditions.Add($"z + {tap.Offsets[2]} < nz");
            w.Line($"bool {group.Key} = {string.Join(" && ", conditions)};");
        }
    }

    private static string Term(KernelIr kernel, Tap tap, string value, bool first)
    {
        double c = tap.Source.Coefficient;
        if (first) return c == 1 ? value : c == -1 ? "-" + value : $"{Literal(kernel, c)} * {value}";
        return c == 1 ? $"+= {value}" : c == -1 ? $"-= {value}" : $"+= {Literal(kernel, c)} * {value}";
    }

    /// <summary>Where along the line a point loop runs: the x checks a tap needs depend on it.</summary>
    private enum Stretch { Whole, LeftBorder, Interior, RightBorder }

    /// <summary>
    /// Scalar statements computing <c>sum</c> for point i of the line. On the left border (i &lt; left reach) a tap
    /// reaching the full left reach never lands inside the grid and is left out; likewise on the right border.
    /// </summary>
    private static void EmitPoint(SourceWriter w, KernelIr kernel, List<Tap> taps, Stretch stretch, bool checkLines)
    {
        string t = ElementType(kernel);
        int left = Math.Max(0, taps.Max(tp => -tp.Dx));
        int right = Math.Max(0, taps.Max(tp => tp.Dx));
        bool checkX = stretch != Stretch.Interior;
        bool declared = false;
        foreach (var tap in taps)
        {
            if ((stretch == Stretch.LeftBorder && -tap.Dx >= left && left > 0) || (stretch == Stretch.RightBorder && tap.Dx >= right && right > 0))
            {
                w.Line($"// tap {tap.Text} lies outside the grid on this border");
                continue;
            }
            var conditions = new List<string>();
            if (checkX && tap.XCheck("i") is string x) conditions.Add(x);
            if (checkLines && tap.LineFlag is string flag) conditions.Add(flag);
            string value = $"xLine[{tap.Index("i")}]";
            if (!declared && conditions.Count == 0)
            {
                w.Line($"{t} sum = {Term(kernel, tap, value, first: true)}; // tap {tap.Text}");
                declared = true;
                continue;
            }
            if (!declared) { w.Line($"{t} sum = {Zero(kernel)};"); declared = true; }
            string statement = $"sum {Term(kernel, tap, value, first: false)};";
            w.Line(conditions.Count == 0 ? $"{statement} // tap {tap.Text}" : $"if ({string.Join(" && ", conditions)}) {statement} // tap {tap.Text}");
        }
        if (!declared) w.Line($"{t} sum = {Zero(kernel)};");
    }

    private static void EmitPointLoop(SourceWriter w, KernelIr kernel, List<Tap> taps, string header, Stretch stretch, bool checkLines)
    {
        using (w.Open(header))
        {
            EmitPoint(w, kernel, taps, stretch, checkLines);
            w.Line($"yLine[i] = {Combine(kernel, "sum", "yLine[i]")};");
        }
    }

    public override void EmitScalar(SourceWriter w, KernelIr kernel)
    {
        using (w.Open())
        {
            if (kernel.Action == KernelAction.ApplyToBlock) EmitMatMat(w, kernel, 0);
            else EmitMatVec(w, kernel, 0);
        }
    }

    public override void EmitSimd(SourceWriter w, KernelIr kernel, int vectorBits)
    {
        if (kernel.Action == KernelAction.ApplyToBlock) EmitMatMat(w, kernel, vectorBits);
        else EmitMatVec(w, kernel, vectorBits);
        w.Line("return;");
    }

    private static void EmitMatVec(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        var taps = Taps(kernel);
        if (kernel.Action == KernelAction.ApplyTransposed) w.Line("// transpose: the taps with negated offsets");
        DeclareGrid(w, kernel);
        int left = Math.Max(0, taps.Max(tp => -tp.Dx));
        int right = Math.Max(0, taps.Max(tp => tp.Dx));
        var coefficients = new Dictionary<double, string>();
        if (bits != 0)
        {
            DeclareVectorScalars(w, kernel, bits);
            foreach (var tap in taps)
            {
                double c = tap.Source.Coefficient;
                if (c is 1 or -1 || coefficients.ContainsKey(c)) continue;
                string name = "coefficient" + coefficients.Count.ToString(CultureInfo.InvariantCulture);
                coefficients.Add(c, name);
                w.Line($"{VectorType(kernel, bits)} {name} = {Rt.Vector(bits)}.Create({Literal(kernel, c)});");
            }
        }
        bool anyLineTaps = taps.Any(tp => tp.OnOtherLine);
        using (w.Open("for (int line = start; line < end; line++)"))
        {
            w.Line($"{t}* xLine = x + (long)line * nx;");
            w.Line($"{t}* yLine = y + (long)line * nx;");
            DeclareLineFlags(w, kernel, taps);
            string? interiorCondition = anyLineTaps
                ? string.Join(" && ", taps.Where(tp => tp.OnOtherLine).Select(tp => tp.LineFlag!).Distinct().OrderBy(f => f, StringComparer.Ordinal))
                : null;
            w.Line("int i = 0;");
            if (interiorCondition is not null)
            {
                using (w.Open($"if (!({interiorCondition}))"))
                {
                    w.Line("// a border line: some neighbour lines are outside the grid");
                    EmitPointLoop(w, kernel, taps, "for (; i < nx; i++)", Stretch.Whole, checkLines: true);
                    w.Line("continue;");
                }
            }
            if (left > 0) EmitPointLoop(w, kernel, taps, $"for (; i < {Rt.Math}.Min({left}, nx); i++)", Stretch.LeftBorder, checkLines: false);
            if (bits != 0)
            {
                string api = $"{Rt.Vector(bits)}";
                int lanes = Lanes(kernel, bits);
                using (w.Open($"for (; i <= nx - {right + lanes}; i += {lanes})"))
                {
                    bool first = true;
                    foreach (var tap in taps)
                    {
                        double c = tap.Source.Coefficient;
                        string load = $"{api}.Load(xLine + {tap.Index("i")})";
                        string comment = $" // tap {tap.Text}";
                        if (first)
                        {
                            string init = c == 1 ? load : c == -1 ? "-" + load : $"{coefficients[c]} * {load}";
                            w.Line($"{VectorType(kernel, bits)} sum = {init};{comment}");
                            first = false;
                        }
                        else if (c == 1) w.Line($"sum += {load};{comment}");
                        else if (c == -1) w.Line($"sum -= {load};{comment}");
                        else w.Line($"sum = {api}.MultiplyAddEstimate({coefficients[c]}, {load}, sum);{comment}");
                    }
                    w.Line($"{api}.Store({CombineVector(kernel, "sum", $"{api}.Load(yLine + i)")}, yLine + i);");
                }
            }
            EmitPointLoop(w, kernel, taps, right > 0 ? $"for (; i < nx - {right}; i++)" : "for (; i < nx; i++)", Stretch.Interior, checkLines: false);
            if (right > 0) EmitPointLoop(w, kernel, taps, "for (; i < nx; i++)", Stretch.RightBorder, checkLines: false);
        }
    }

    /// <summary>Y = S * X: per point, each tap that lands inside the grid adds its row of X.</summary>
    private static void EmitMatMat(SourceWriter w, KernelIr kernel, int bits)
    {
        string t = ElementType(kernel);
        var taps = Taps(kernel);
        DeclareGrid(w, kernel);
        if (bits != 0) DeclareVectorScalars(w, kernel, bits);
        using (w.Open("for (int line = start; line < end; line++)"))
        {
            DeclareLineFlags(w, kernel, taps);
            using (w.Open("for (int i = 0; i < nx; i++)"))
            {
                w.Line("long point = (long)line * nx + i;");
                w.Line($"{t}* yRow = y + point * k;");
                for (int n = 0; n < taps.Count; n++)
                {
                    var tap = taps[n];
                    var conditions = new List<string>();
                    if (tap.XCheck("i") is string xCheck) conditions.Add(xCheck);
                    if (tap.LineFlag is string flag) conditions.Add(flag);
                    w.Line($"{t}* tap{n} = {(conditions.Count == 0 ? "" : $"{string.Join(" && ", conditions)} ? ")}x + ({tap.Index("point")}) * k{(conditions.Count == 0 ? "" : " : null")}; // tap {tap.Text}");
                }
                w.Line("int col = 0;");
                if (bits != 0)
                {
                    string api = $"{Rt.Vector(bits)}";
                    int lanes = Lanes(kernel, bits);
                    using (w.Open($"for (; col <= k - {lanes}; col += {lanes})"))
                    {
                        w.Line($"{VectorType(kernel, bits)} sum = {VectorType(kernel, bits)}.Zero;");
                        for (int n = 0; n < taps.Count; n++)
                        {
                            string add = $"sum = {api}.MultiplyAddEstimate({api}.Create({Literal(kernel, taps[n].Source.Coefficient)}), {api}.Load(tap{n} + col), sum);";
                            w.Line(IsConditional(taps[n]) ? $"if (tap{n} != null) {add}" : add);
                        }
                        w.Line($"{api}.Store({CombineVector(kernel, "sum", $"{api}.Load(yRow + col)")}, yRow + col);");
                    }
                }
                using (w.Open("for (; col < k; col++)"))
                {
                    w.Line($"{t} sum = {Zero(kernel)};");
                    for (int n = 0; n < taps.Count; n++)
                    {
                        string add = $"sum += {Literal(kernel, taps[n].Source.Coefficient)} * tap{n}[col];";
                        w.Line(IsConditional(taps[n]) ? $"if (tap{n} != null) {add}" : add);
                    }
                    w.Line($"yRow[col] = {Combine(kernel, "sum", "yRow[col]")};");
                }
            }
        }
    }

    private static bool IsConditional(Tap tap) => tap.Dx != 0 || tap.OnOtherLine;

    /// <summary>The kernel's storage record (this emitter is registered for its kind only).</summary>
    private static StencilStorage Storage(KernelIr kernel) => (StencilStorage)kernel.Matrix.Storage;
}
