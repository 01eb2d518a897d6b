using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseDsl.Generator.Emit.Storage;
using SparseDsl.Language.IR;
using static SparseDsl.Generator.Emit.KernelTerms;

using Rt = SparseDsl.Generator.Emit.RuntimeNames;

namespace SparseDsl.Generator.Emit.Backends;

/// <summary>
/// The GPU backend: for each kernel it covers, members of the nested <c>Gpu</c> class —
/// a public launcher named after the kernel that takes device operands (<c>DeviceCsrMatrix&lt;T&gt;</c>,
/// <c>DeviceVector&lt;T&gt;</c>, <c>DeviceDenseMatrix&lt;T&gt;</c>, a <c>GridShape</c> for stencils) and the spec's
/// scalars, checks shapes up front and launches; and the ILGPU kernels themselves: static methods of scalar code over
/// <c>ArrayView&lt;T&gt;</c>, each compiled once per <c>GpuDevice</c> through a cached loader.
/// <para>
/// Gathers run one thread per output element (a row of y, or one (row, column) of Y: a 1-D launch of rows x k threads
/// so neighbouring threads touch neighbouring columns of X and Y, and no size sits in a 65,535-limited grid slot). Scatters — y = A' * x over row storage, y = A * x
/// over CSC and COO — run as two launches: the β prescale of the output (β = 0 overwrites, NaN included, as on the CPU),
/// then one thread per stored row/column/entry adding its products with <c>Atomic.Add</c>: no transposed copy of the
/// matrix is needed, at the price of a summation order that varies between runs (results agree to rounding).
/// </para>
/// Not covered (no Gpu member): CSR with 64-bit indices.
/// </summary>
public sealed class GpuBackend : IKernelBackend
{
    public string Name => "gpu";

    public bool CanSpecialize(KernelIr kernel)
    {
        return kernel.Matrix.Storage switch
        {
            DenseStorage or CscStorage or CooStorage or DiaStorage => true,
            CsrStorage csr => csr.Index == IndexWidth.I32,
            BsrStorage bsr => bsr.BlockRows > 0 && bsr.BlockColumns > 0,
            NmStorage nm => nm.GroupNonzeros > 0 && nm.GroupSize >= nm.GroupNonzeros,
            SellStorage sell => sell.SliceHeight > 0,
            StencilStorage stencil => stencil.Grid.Count is >= 1 and <= 3 && stencil.Taps.Count > 0 && stencil.Taps.All(tap => tap.Offsets.Count == stencil.Grid.Count),
            _ => false,
        };
    }

    public void Emit(SourceWriter writer, KernelIr kernel, KernelNames members)
    {
        var names = new LauncherNames(kernel, StorageDescriptors.For(kernel.Matrix.Storage).DeviceType(kernel.Matrix.Storage));
        var launches = Plan(kernel, names);
        EmitLauncher(writer, kernel, members, names, launches);
        foreach (var launch in launches)
        {
            writer.Line();
            EmitLoader(writer, members, launch);
            writer.Line();
            EmitKernelMethod(writer, kernel, members, launch);
        }
    }

    // ---- the plan: one or two device kernels per spec kernel --------------------------------------------

    /// <summary>A kernel parameter: its type and name inside the ILGPU kernel, and the launcher's argument for it.</summary>
    private sealed record Parameter(string Type, string Name, string Argument);

    /// <summary>
    /// One ILGPU kernel: method name suffix, index type, launch extent, the condition under which it launches
    /// (ILGPU rejects empty extents), parameters, the one-line description and the body writer.
    /// </summary>
    private sealed record Launch(string Suffix, string Index, string Extent, string Guard, IReadOnlyList<Parameter> Parameters, string Summary, Action<SourceWriter> Body);

    private static List<Launch> Plan(KernelIr kernel, LauncherNames names)
    {
        string m = names.Matrix ?? "";
        var plan = new KernelPlan(kernel, names, StorageDescriptors.For(kernel.Matrix.Storage).DeviceViews(kernel, m));
        switch (kernel.Matrix.Storage.Kind)
        {
            case FormatKind.Dense:
                DenseKernels(plan, kernel, m);
                break;
            case FormatKind.Csr:
                CompressedKernels(plan, kernel, $"{m}.Rows", "rowPointers", "columnIndices", gatherIsTransposed: false);
                break;
            case FormatKind.Csc:
                CompressedKernels(plan, kernel, $"{m}.Columns", "columnPointers", "rowIndices", gatherIsTransposed: true);
                break;
            case FormatKind.Coo:
                CooKernels(plan, kernel, m);
                break;
            case FormatKind.Bsr:
                BsrKernels(plan, kernel, m);
                break;
            case FormatKind.NM:
                NmKernels(plan, kernel, m);
                break;
            case FormatKind.Sell:
                SellKernels(plan, kernel, m);
                break;
            case FormatKind.Dia:
                DiaKernels(plan, kernel, m);
                break;
            default:
                StencilKernels(plan, kernel, names);
                break;
        }
        return plan.Launches;
    }

    /// <summary>Collects the launches of one spec kernel; knows the operand parameters every kernel shares.</summary>
    private sealed class KernelPlan
    {
        private readonly KernelIr _kernel;
        private readonly LauncherNames _names;
        private readonly List<Parameter> _matrix;

        public KernelPlan(KernelIr kernel, LauncherNames names, IReadOnlyList<DeviceView> matrix)
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

    // ---- per format --------------------------------------------------------------------------------

    private static void DenseKernels(KernelPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        bool columnMajor = ((DenseStorage)kernel.Matrix.Storage).ColumnMajor;
        string A(string r, string c) => columnMajor ? $"values[(long){c} * stride + {r}]" : $"values[(long){r} * stride + {c}]";
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather($"{m}.Rows", "one thread per row of y", w =>
                {
                    w.Line("int i = index;");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int j = 0; j < n; j++) sum += {A("i", "j")} * x[j];");
                    w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Gather($"{m}.Columns", "one thread per element of y (a column of the matrix)", w =>
                {
                    w.Line("int j = index;");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int i = 0; i < n; i++) sum += {A("i", "j")} * x[i];");
                    w.Line($"y[j] = {Combine(kernel, "sum", "y[j]")};");
                });
                break;
            default:
                plan.Gather($"{m}.Rows", "one thread per element of Y", w =>
                {
                    MatMatIndex(w, "i");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int j = 0; j < n; j++) sum += {A("i", "j")} * x[(long)j * k + c];");
                    StoreElement(w, kernel, "i");
                });
                break;
        }
    }

    /// <summary>CSR (lines = rows) and CSC (lines = columns): a gather along a line, or a scatter from it.</summary>
    private static void CompressedKernels(KernelPlan plan, KernelIr kernel, string lineCount, string pointers, string indices, bool gatherIsTransposed)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        string line = gatherIsTransposed ? "column" : "row";
        if (kernel.Action == KernelAction.ApplyToBlock)
        {
            if (!gatherIsTransposed)
            {
                plan.Gather(lineCount, "one thread per element of Y", w =>
                {
                    MatMatIndex(w, "i");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"int end = {pointers}[i + 1];");
                    w.Line($"for (int p = {pointers}[i]; p < end; p++) sum += values[p] * x[(long){indices}[p] * k + c];");
                    StoreElement(w, kernel, "i");
                });
                return;
            }
            plan.Scatter(lineCount, $"one thread per {line} of the matrix and column of X, adding into Y with atomics", w =>
            {
                MatMatIndex(w, "j");
                w.Line($"{t} xj = {Scale(kernel, "x[(long)j * k + c]")};");
                w.Line($"int end = {pointers}[j + 1];");
                w.Line($"for (int p = {pointers}[j]; p < end; p++) {Rt.Atomic}.Add(ref y[(long){indices}[p] * k + c], values[p] * xj);");
            });
            return;
        }
        if ((kernel.Action == KernelAction.ApplyTransposed) == gatherIsTransposed)
        {
            plan.Gather(lineCount, $"one thread per {line} of the matrix (an element of y)", w =>
            {
                w.Line("int i = index;");
                w.Line($"{t} sum = {zero};");
                w.Line($"int end = {pointers}[i + 1];");
                w.Line($"for (int p = {pointers}[i]; p < end; p++) sum += values[p] * x[{indices}[p]];");
                w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
            });
            return;
        }
        plan.Scatter(lineCount, $"one thread per {line} of the matrix (an element of x), adding into y with atomics", w =>
        {
            w.Line("int j = index;");
            w.Line($"{t} xj = {Scale(kernel, "x[j]")};");
            w.Line($"int end = {pointers}[j + 1];");
            w.Line($"for (int p = {pointers}[j]; p < end; p++) {Rt.Atomic}.Add(ref y[{indices}[p]], values[p] * xj);");
        });
    }

    private static void CooKernels(KernelPlan plan, KernelIr kernel, string m)
    {
        string entries = $"{m}.NonZeroCount";
        bool transposed = kernel.Action == KernelAction.ApplyTransposed;
        string to = transposed ? "columnIndices" : "rowIndices", from = transposed ? "rowIndices" : "columnIndices";
        if (kernel.Action == KernelAction.ApplyToBlock)
        {
            plan.Scatter(entries, "one thread per stored entry and column of X, adding into Y with atomics", w =>
            {
                MatMatIndex(w, "e");
                w.Line($"{Rt.Atomic}.Add(ref y[(long){to}[e] * k + c], {Scale(kernel, $"values[e] * x[(long){from}[e] * k + c]")});");
            });
            return;
        }
        plan.Scatter(entries, "one thread per stored entry (duplicates add up), adding into y with atomics", w =>
        {
            w.Line("int e = index;");
            w.Line($"{Rt.Atomic}.Add(ref y[{to}[e]], {Scale(kernel, $"values[e] * x[{from}[e]]")});");
        });
    }

    private static void BsrKernels(KernelPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        var bsr = (BsrStorage)kernel.Matrix.Storage;
        int rows = bsr.BlockRows, columns = bsr.BlockColumns, size = rows * columns;
        string blockText = $"{rows}x{columns} block";
        string Sums() => $"{t} {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"sum{r} = {zero}"))};";
        string Row(int r, Func<int, string> x) => string.Join(" + ", Enumerable.Range(0, columns).Select(c => $"values[block{Plus(r * columns + c)}] * {x(c)}"));
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather($"{m}.BlockRowCount", $"one thread per block row ({rows} elements of y)", w =>
                {
                    w.Line("int bi = index;");
                    w.Line(Sums());
                    w.Line("int blockEnd = blockRowPointers[bi + 1];");
                    using (w.Open("for (int b = blockRowPointers[bi]; b < blockEnd; b++)"))
                    {
                        w.Line($"long block = (long)b * {size};");
                        w.Line($"long xBlock = (long)blockColumns[b] * {columns};");
                        w.Line($"// {blockText}, unrolled");
                        w.Line($"{t} {string.Join(", ", Enumerable.Range(0, columns).Select(c => $"x{c} = x[xBlock{Plus(c)}]"))};");
                        for (int r = 0; r < rows; r++) w.Line($"sum{r} += {Row(r, c => $"x{c}")};");
                    }
                    w.Line($"long yBlock = (long)bi * {rows};");
                    for (int r = 0; r < rows; r++) w.Line($"y[yBlock{Plus(r)}] = {Combine(kernel, $"sum{r}", $"y[yBlock{Plus(r)}]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Scatter($"{m}.BlockRowCount", $"one thread per block row ({rows} elements of x), adding into y with atomics", w =>
                {
                    w.Line("int bi = index;");
                    w.Line($"long xBlock = (long)bi * {rows};");
                    w.Line($"{t} {string.Join(", ", Enumerable.Range(0, rows).Select(r => $"x{r} = {Scale(kernel, $"x[xBlock{Plus(r)}]")}"))};");
                    w.Line("int blockEnd = blockRowPointers[bi + 1];");
                    using (w.Open("for (int b = blockRowPointers[bi]; b < blockEnd; b++)"))
                    {
                        w.Line($"long block = (long)b * {size};");
                        w.Line($"long yBlock = (long)blockColumns[b] * {columns};");
                        w.Line($"// {blockText} transposed, unrolled");
                        for (int c = 0; c < columns; c++)
                            w.Line($"{Rt.Atomic}.Add(ref y[yBlock{Plus(c)}], {string.Join(" + ", Enumerable.Range(0, rows).Select(r => $"values[block{Plus(r * columns + c)}] * x{r}"))});");
                    }
                });
                break;
            default:
                plan.Gather($"{m}.BlockRowCount", $"one thread per block row and column of Y ({rows} elements of Y)", w =>
                {
                    MatMatIndex(w, "bi");
                    w.Line(Sums());
                    w.Line("int blockEnd = blockRowPointers[bi + 1];");
                    using (w.Open("for (int b = blockRowPointers[bi]; b < blockEnd; b++)"))
                    {
                        w.Line($"long block = (long)b * {size};");
                        w.Line($"long xBlock = (long)blockColumns[b] * {columns} * k + c;");
                        w.Line($"// {blockText}, unrolled");
                        w.Line($"{t} {string.Join(", ", Enumerable.Range(0, columns).Select(cc => $"x{cc} = x[xBlock{RowStep(cc)}]"))};");
                        for (int r = 0; r < rows; r++) w.Line($"sum{r} += {Row(r, cc => $"x{cc}")};");
                    }
                    w.Line($"long yBlock = (long)bi * {rows} * k + c;");
                    for (int r = 0; r < rows; r++) w.Line($"y[yBlock{RowStep(r)}] = {Combine(kernel, $"sum{r}", $"y[yBlock{RowStep(r)}]")};");
                });
                break;
        }
    }

    private static void NmKernels(KernelPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        var nm = (NmStorage)kernel.Matrix.Storage;
        int n = nm.GroupNonzeros, size = nm.GroupSize;
        string groupText = $"{n}:{size} group";
        void FullGroups(SourceWriter w, Func<string, string> slot)
        {
            w.Line($"int fullGroups = columns / {size}; // groups whose {size} columns all lie inside the matrix");
            w.Line($"long p = (long)i * groups * {n};");
            using (w.Open($"for (int g = 0; g < fullGroups; g++, p += {n})"))
            {
                w.Line($"int group = g * {size};");
                w.Line($"// {groupText}: {n} slots, unrolled");
                foreach (var line in Enumerable.Range(0, n).Select(s => slot($"p{Plus(s)}"))) w.Line(line);
            }
        }
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather($"{m}.Rows", "one thread per row of y", w =>
                {
                    w.Line("int i = index;");
                    w.Line($"{t} sum = {zero};");
                    FullGroups(w, p => $"if (values[{p}] != {zero}) sum += values[{p}] * x[group + indices[{p}]]; // an unused slot (0) is skipped, not multiplied");
                    LastGroup(w, kernel, $"if (column < columns && values[p + s] != {zero}) sum += values[p + s] * x[column];");
                    w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Scatter($"{m}.Rows", "one thread per row of the matrix (an element of x), adding into y with atomics", w =>
                {
                    w.Line("int i = index;");
                    w.Line($"{t} xi = {Scale(kernel, "x[i]")};");
                    FullGroups(w, p => $"if (values[{p}] != {zero}) {Rt.Atomic}.Add(ref y[group + indices[{p}]], values[{p}] * xi);");
                    LastGroup(w, kernel, $"if (column < columns && values[p + s] != {zero}) {Rt.Atomic}.Add(ref y[column], values[p + s] * xi);");
                });
                break;
            default:
                plan.Gather($"{m}.Rows", "one thread per element of Y", w =>
                {
                    MatMatIndex(w, "i");
                    w.Line($"{t} sum = {zero};");
                    w.Line($"long p = (long)i * groups * {n};");
                    using (w.Open($"for (int g = 0; g < groups; g++, p += {n})"))
                    {
                        w.Line($"// {groupText}: {n} slots");
                        using (w.Open($"for (int s = 0; s < {n}; s++)"))
                        {
                            w.Line($"int column = g * {size} + indices[p + s];");
                            w.Line($"if (column < columns && values[p + s] != {zero}) sum += values[p + s] * x[(long)column * k + c]; // skips unused slots (0) and slots of the last group past the matrix edge");
                        }
                    }
                    StoreElement(w, kernel, "i");
                });
                break;
        }
    }

    private static void LastGroup(SourceWriter w, KernelIr kernel, string statement)
    {
        var nm = (NmStorage)kernel.Matrix.Storage;
        int n = nm.GroupNonzeros, size = nm.GroupSize;
        using (w.Open("if (fullGroups < groups)"))
        {
            w.Line("// last group, cut short by the matrix edge: skip slots past it");
            using (w.Open($"for (int s = 0; s < {n}; s++)"))
            {
                w.Line($"int column = fullGroups * {size} + indices[p + s];");
                w.Line(statement);
            }
        }
    }

    private static void SellKernels(KernelPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        int c = ((SellStorage)kernel.Matrix.Storage).SliceHeight;
        bool matMat = kernel.Action == KernelAction.ApplyToBlock;
        void Lane(SourceWriter w)
        {
            if (matMat) MatMatIndex(w, "slot", "col");
            else w.Line("int slot = index;");
            w.Line("int row = rowPermutation[slot];");
            w.Line("if ((uint)row >= (uint)rows) return; // padding lane");
            w.Line($"int s = slot / {c}; // the slice, and the lane inside it");
            w.Line($"int lane = slot - s * {c};");
            w.Line("long p = (long)sliceOffsets[s] + lane; // entry (lane, slice column 0)");
            w.Line("int width = rowLengths[slot]; // the lane's own entries: padding past them is never read");
        }
        string slots = $"{m}.PermutationLength";
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather(slots, $"one thread per lane of a slice (a row of y, through the permutation); a slice's {c} threads read each slice column contiguously", w =>
                {
                    Lane(w);
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int j = 0; j < width; j++, p += {c}) sum += values[p] * x[columnIndices[p]];");
                    w.Line($"y[row] = {Combine(kernel, "sum", "y[row]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Scatter(slots, "one thread per lane of a slice (a row of the matrix), adding into y with atomics", w =>
                {
                    Lane(w);
                    w.Line($"{t} xi = {Scale(kernel, "x[row]")};");
                    w.Line($"for (int j = 0; j < width; j++, p += {c}) {Rt.Atomic}.Add(ref y[columnIndices[p]], values[p] * xi);");
                });
                break;
            default:
                plan.Gather(slots, "one thread per lane of a slice and column of Y", w =>
                {
                    Lane(w);
                    w.Line($"{t} sum = {zero};");
                    w.Line($"for (int j = 0; j < width; j++, p += {c}) sum += values[p] * x[(long)columnIndices[p] * k + col];");
                    w.Line("long o = (long)row * k + col;");
                    w.Line($"y[o] = {Combine(kernel, "sum", "y[o]")};");
                });
                break;
        }
    }

    private static void DiaKernels(KernelPlan plan, KernelIr kernel, string m)
    {
        string t = ElementType(kernel), zero = Zero(kernel);
        switch (kernel.Action)
        {
            case KernelAction.Apply:
                plan.Gather($"{m}.Rows", "one thread per row of y", w =>
                {
                    w.Line("int i = index;");
                    w.Line($"{t} sum = {zero};");
                    using (w.Open("for (int d = 0; d < diagonals; d++)"))
                    {
                        w.Line("long j = i + (long)offsets[d]; // row i holds diagonal d's entry in column i + offset");
                        w.Line("if ((ulong)j < (ulong)columns) sum += values[(long)d * rows + i] * x[j];");
                    }
                    w.Line($"y[i] = {Combine(kernel, "sum", "y[i]")};");
                });
                break;
            case KernelAction.ApplyTransposed:
                plan.Gather($"{m}.Columns", "one thread per element of y (a column of the matrix)", w =>
                {
                    w.Line("int j = index;");
                    w.Line($"{t} sum = {zero};");
                    using (w.Open("for (int d = 0; d < diagonals; d++)"))
                    {
                        w.Line("long i = j - (long)offsets[d]; // column j holds diagonal d's entry of row j - offset");
                        w.Line("if ((ulong)i < (ulong)rows) sum += values[(long)d * rows + i] * x[i];");
                    }
                    w.Line($"y[j] = {Combine(kernel, "sum", "y[j]")};");
                });
                break;
            default:
                plan.Gather($"{m}.Rows", "one thread per element of Y", w =>
                {
                    MatMatIndex(w, "i");
                    w.Line($"{t} sum = {zero};");
                    using (w.Open("for (int d = 0; d < diagonals; d++)"))
                    {
                        w.Line("long j = i + (long)offsets[d];");
                        w.Line("if ((ulong)j < (ulong)columns) sum += values[(long)d * rows + i] * x[j * k + c];");
                    }
                    StoreElement(w, kernel, "i");
                });
                break;
        }
    }

    private static readonly string[] ExtentLocals = StencilDescriptor.ExtentLocals;

    private static void StencilKernels(KernelPlan plan, KernelIr kernel, LauncherNames names)
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
        string points = SpecShape(kernel, names.Matrix ?? "a").Rows;
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

    private static string Signed(int factor, string unit)
    {
        if (factor == 0) return "";
        string magnitude = Math.Abs(factor).ToString(CultureInfo.InvariantCulture);
        string term = unit.Length == 0 ? magnitude : Math.Abs(factor) == 1 ? unit : $"{magnitude} * {unit}";
        return (factor < 0 ? " - " : " + ") + term;
    }

    // ---- shared pieces of kernel bodies ------------------------------------------------------------

    /// <summary>Y = A * X kernels: thread t of the 1-D launch is column t % k of outer item t / k.</summary>
    private static void MatMatIndex(SourceWriter w, string outer, string column = "c")
    {
        w.Line($"int {column} = index.X % k; // column of X and Y: neighbouring threads read neighbouring columns");
        w.Line($"int {outer} = index.X / k;");
    }

    private static void StoreElement(SourceWriter w, KernelIr kernel, string row)
    {
        w.Line($"long o = (long){row} * k + c;");
        w.Line($"y[o] = {Combine(kernel, "sum", "y[o]")};");
    }

    private static string Plus(int offset) => offset == 0 ? "" : $" + {offset}";

    /// <summary>Offset of row <paramref name="r"/> below a row-major element: "", " + k", " + 2 * k".</summary>
    private static string RowStep(int r) => r == 0 ? "" : r == 1 ? " + k" : $" + {r} * k";

    private static (string Rows, string Columns) SpecShape(KernelIr kernel, string matrix)
        => StorageDescriptors.For(kernel.Matrix.Storage).Shape(kernel.Matrix.Storage, matrix);

    // ---- launcher, loaders, kernel methods ---------------------------------------------------------

    private static void EmitLauncher(SourceWriter w, KernelIr kernel, KernelNames members, LauncherNames names, List<Launch> launches)
    {
        string k = kernel.Name;
        var main = launches[launches.Count - 1];
        w.Line($"/// <summary>{SpecEmitter.Xml(k)} on the GPU: <c>{SpecEmitter.Xml(SpecEmitter.Expression(kernel.SourceText))}</c>; {SpecEmitter.Xml(main.Summary)}.</summary>");
        w.Line("/// <remarks>Operands live on one GpuDevice; the kernels are queued on its default stream (a download, or GpuDevice.Synchronize, waits for them).</remarks>");
        using (w.Open($"public static void {members.Method}({string.Join(", ", names.Parameters)})"))
        {
            OperandChecks.Emit(w, kernel, names, OperandSide.Device, device: names.Device);
            if (kernel.Action == KernelAction.ApplyToBlock) w.Line($"int {names.K} = {names.Input}.Columns;");
            foreach (var launch in launches)
            {
                string arguments = string.Join(", ", new[] { launch.Extent }.Concat(launch.Parameters.Select(p => p.Argument)));
                w.Line($"if ({launch.Guard}) {names.Device}.Kernel({members.Gpu(launch.Suffix + "Loader")})({arguments});");
            }
        }
    }

    private static string LauncherType(Launch launch)
        => $"{Rt.Action}<{string.Join(", ", new[] { launch.Index }.Concat(launch.Parameters.Select(p => p.Type)))}>";

    private static void EmitLoader(SourceWriter w, KernelNames members, Launch launch)
    {
        string types = string.Join(", ", new[] { launch.Index }.Concat(launch.Parameters.Select(p => p.Type)));
        w.Line($"private static readonly {Rt.Func}<{Rt.Accelerator}, {LauncherType(launch)}> {members.Gpu(launch.Suffix + "Loader")} =");
        w.PushIndent();
        w.Line($"static accelerator => accelerator.LoadAutoGroupedStreamKernel<{types}>({members.Gpu(launch.Suffix)});");
        w.PopIndent();
    }

    private static void EmitKernelMethod(SourceWriter w, KernelIr kernel, KernelNames members, Launch launch)
    {
        w.Line($"/// <summary>ILGPU kernel of {SpecEmitter.Xml(kernel.Name)}: {SpecEmitter.Xml(launch.Summary)}.</summary>");
        string parameters = string.Join(", ", new[] { $"{launch.Index} index" }.Concat(launch.Parameters.Select(p => $"{p.Type} {p.Name}")));
        using (w.Open($"private static void {members.Gpu(launch.Suffix)}({parameters})"))
            launch.Body(w);
    }

    /// <summary>The launcher's parameters (the spec's names, as the CPU entry method has them) and its locals.</summary>
    private sealed class LauncherNames : KernelSignature
    {
        public LauncherNames(KernelIr kernel, string? matrixType)
            : base(kernel, matrixType, OperandType(kernel), OperandType(kernel))
        {
            Device = Local("device");
            K = Local("k");
        }

        public string Device { get; }
        public string K { get; }

        private static string OperandType(KernelIr kernel)
            => kernel.Action == KernelAction.ApplyToBlock ? $"{Rt.DeviceDenseMatrix}<{ElementType(kernel)}>" : $"{Rt.DeviceVector}<{ElementType(kernel)}>";
    }
}
