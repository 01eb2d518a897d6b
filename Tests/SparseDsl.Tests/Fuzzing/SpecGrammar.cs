using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SparseDsl.Tests.Fuzzing;

/// <summary>A generated spec: the file's project-relative path (which names the class) and its text.</summary>
internal sealed record SpecCase(string Path, string Text);

/// <summary>
/// Writes random specs that are valid by Specs/README.md (they must bind without errors): every storage kind
/// with random parameters, stencils with literal and named extents in 1-3 D and random taps, operator declarations
/// (Kronecker products of dense f32, f64 or c128 factors), gp_pde pipelines and bayes_mlp networks, every kernel operation (over formats, stencils and
/// operators, with <c>'</c> and <c>.'</c>) with literal and scalar epilogues. Names are drawn from <see cref="HostileNames"/> (C# keywords,
/// runtime/BCL type names, the generated code's locals, names differing only in case) and from the names the
/// generated code derives from a kernel (KContext, KWorker, KRange, KKernel, KKernelLoader) or the class.
/// </summary>
internal sealed class SpecGrammar(Random random)
{
    private static readonly string[] ClassNames =
    {
        "Kernels", "class", "Unsafe", "Gpu", "Vector256", "SparseExecution", "ParallelRunner", "ArgumentNullException",
        "Math", "Span", "int", "this", "System", "SparseDsl", "ReferenceKernels", "GridShape", "ILGPU", "Index1D",
        "CsrMatrix", "KernelTerms", "Avx2", "params", "my-kernels", "1st", "_", "Intrinsics", "X86", "Object",
        "Consumer", "Placeholder", "T", "Index", "I", "Stra\u00dfe",
    };

    private static readonly string[] ElementTypes = { "f32", "f64" };

    private static readonly string[] Coefficients = { "2.5", "0.5", "3", "1e-3", "2", "1.25e2", "0.1", "1", "0", "3e38", "4.9e-324", "123456789.125" };

    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);

    public SpecCase Next(int number)
    {
        _declared.Clear();
        // The operand kinds are no format or stencil names (SPD009): taken from the start, they get a suffix.
        _declared.Add("vector");
        _declared.Add("matrix");
        var text = new StringBuilder();
        var kernelNames = new List<string>();
        int formatCount = 1 + random.Next(3);
        int kernelCount = 1 + random.Next(4);
        // Kernel names first, so formats, stencils and other kernels can take the names derived from them.
        for (int i = 0; i < kernelCount; i++) kernelNames.Add(Fresh(DeclarationName(kernelNames)));

        string className = Pick(0.2) && kernelNames.Count > 0 ? kernelNames[random.Next(kernelNames.Count)] : ClassNames[random.Next(ClassNames.Length)];
        string fileName = Pick(0.1) ? Pick(new[] { "we\rird", "line\u2028sep", "new\nline", "tab\tbed", "sp ace", "d\u00e9j\u00e0-vu", "*/", "a\"b", "<x>&amp;" }) : className;
        string path = $"g{number.ToString(CultureInfo.InvariantCulture)}/{fileName}.sparse";

        text.Append("// generated case ").Append(number.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (Pick(0.75)) text.Append("namespace ").Append(Namespace(className, kernelNames)).Append(";\n");

        var formats = new List<(string Name, bool Stencil)>();
        for (int i = 0; i < formatCount; i++)
        {
            bool stencil = Pick(0.3);
            string name = Fresh(DeclarationName(kernelNames));
            formats.Add((name, stencil));
            text.Append(stencil ? Stencil(name) : Format(name)).Append('\n');
        }
        var targets = formats.Select(f => (f.Name, Operator: false)).ToList();
        int operatorCount = Pick(0.35) ? 1 + random.Next(2) : 0;
        for (int i = 0; i < operatorCount; i++)
        {
            string name = Fresh(DeclarationName(kernelNames));
            targets.Add((name, true));
            text.Append(Operator(name)).Append('\n');
        }
        foreach (var kernel in kernelNames)
        {
            var (target, isOperator) = targets[random.Next(targets.Count)];
            text.Append(Kernel(kernel, target, isOperator)).Append('\n');
        }
        if (Pick(0.2)) text.Append(GpPde(Fresh(DeclarationName(kernelNames)))).Append('\n');
        if (Pick(0.15)) text.Append(Network(Fresh(DeclarationName(kernelNames)))).Append('\n');
        return new SpecCase(path, text.ToString());
    }

    // ---- names -----------------------------------------------------------------------------------------

    private bool Pick(double probability) => random.NextDouble() < probability;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string AnyName() => random.Next(4) switch
    {
        0 => Pick(HostileNames.Keywords),
        1 => Pick(HostileNames.TypeNames),
        2 => Pick(HostileNames.LocalNames),
        _ => Pick(HostileNames.PlainNames),
    };

    /// <summary>A format, stencil or kernel name: hostile, or derived from an earlier kernel's generated member names.</summary>
    private string DeclarationName(List<string> kernels)
    {
        if (kernels.Count > 0 && Pick(0.2))
            return Pick(kernels) + Pick(new[] { "Context", "Worker", "Range", "Kernel", "KernelLoader", "Gpu", "F32", "F64" });
        return AnyName();
    }

    /// <summary>The name, or the name with a suffix when a declaration already has it (declaration names are unique).</summary>
    private string Fresh(string name)
    {
        string candidate = name;
        for (int i = 2; !_declared.Add(candidate); i++) candidate = name + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    private string Namespace(string className, List<string> kernels)
    {
        int segments = 1 + random.Next(3);
        var parts = new List<string>();
        for (int i = 0; i < segments; i++)
        {
            parts.Add(random.Next(6) switch
            {
                0 => className.Replace("-", "").Replace("1st", "First"),
                1 => Pick(kernels),
                _ => AnyName(),
            });
        }
        if (parts.Any(p => p.Length == 0 || !(char.IsLetter(p[0]) || p[0] == '_'))) parts[0] = "Acme";
        return string.Join(".", parts);
    }

    /// <summary>A vector (lowercase first letter) or dense-matrix (uppercase) operand name.</summary>
    private string Operand(bool matrix, params string[] avoid)
    {
        for (int attempt = 0; ; attempt++)
        {
            string name = attempt > 50 ? (matrix ? "Z" : "z") + attempt.ToString(CultureInfo.InvariantCulture) : AnyName();
            if (char.IsUpper(name[0]) != matrix || avoid.Contains(name)) continue;
            return name;
        }
    }

    private string ScalarName(params string[] avoid)
    {
        for (int attempt = 0; ; attempt++)
        {
            string name = attempt > 50 ? "s" + attempt.ToString(CultureInfo.InvariantCulture) : Pick(0.3) ? Pick(new[] { "alpha", "beta", "s", "omega" }) : AnyName();
            if (!avoid.Contains(name)) return name;
        }
    }

    // ---- formats and stencils ----------------------------------------------------------------------------

    private static string Size(int a, int b, bool spaced) => spaced ? $"{a} x {b}" : $"{a}x{b}";

    private int BlockSide() => Pick(new[] { 1, 2, 3, 4, 4, 5, 8, 16, 31, 32 });

    private string Format(string name)
    {
        string element = Pick(ElementTypes);
        var arguments = new List<string>();
        string kind = Pick(new[] { "dense", "csr", "csc", "coo", "bsr", "nm", "sell", "dia" });
        string typeArguments = element;
        int rowMultiple = 1, columnMultiple = 1;
        switch (kind)
        {
            case "dense":
                if (Pick(0.6)) arguments.Add("layout: " + Pick(new[] { "row", "col" }));
                break;
            case "csr":
                if (Pick(0.4)) typeArguments += ", index: " + Pick(new[] { "i32", "i64", "i64" });
                break;
            case "bsr":
                rowMultiple = BlockSide();
                columnMultiple = BlockSide();
                arguments.Add("block: " + Size(rowMultiple, columnMultiple, Pick(0.3)));
                break;
            case "nm":
            {
                int m = 2 + random.Next(31), n = 1 + random.Next(m - 1);
                arguments.Add(Pick(0.7) ? $"{n}:{m}" : $"ratio: {n}:{m}");
                break;
            }
            case "sell":
            {
                int c = 1 << random.Next(7);
                arguments.Add("slice: " + c.ToString(CultureInfo.InvariantCulture));
                if (Pick(0.6)) arguments.Add("sort: " + (c * (1 + random.Next(Pick(0.2) ? 64 : 4))).ToString(CultureInfo.InvariantCulture));
                break;
            }
        }
        if (Pick(0.3))
        {
            int rows = rowMultiple * (1 + random.Next(40)), columns = columnMultiple * (1 + random.Next(40));
            arguments.Add("shape: " + Size(rows, columns, Pick(0.3)));
        }
        if (arguments.Count > 1 && Pick(0.5)) arguments.Reverse();
        string argumentText = arguments.Count > 0 ? "(" + string.Join(", ", arguments) + ")" : Pick(0.1) ? "()" : "";
        return $"format {name} = {kind}<{typeArguments}>{argumentText};";
    }

    private string Stencil(string name)
    {
        int dimensions = 1 + random.Next(3);
        var extents = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int d = 0; d < dimensions; d++)
        {
            if (Pick(0.4)) extents.Add((1 + random.Next(Pick(0.2) ? 70 : 9)).ToString(CultureInfo.InvariantCulture));
            else
            {
                string extent;
                do extent = Pick(0.4) ? Pick(new[] { "nx", "ny", "nz", "n0", "n1", "n2", "n", "N", "m" }) : AnyName();
                while (!used.Add(extent) || extent.StartsWith("x", StringComparison.Ordinal));
                extents.Add(extent);
            }
        }
        int radius = Pick(0.6) ? 1 : 1 + random.Next(Pick(0.2) ? 16 : 3);
        var arguments = "grid: " + string.Join(" x ", extents) + (radius != 1 || Pick(0.2) ? ", radius: " + radius.ToString(CultureInfo.InvariantCulture) : "");
        var taps = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Pick(0.8)) taps[string.Join(",", Enumerable.Repeat("0", dimensions))] = Signed();
        int count = 1 + random.Next(8);
        for (int t = 0; t < count; t++)
        {
            var offsets = Enumerable.Range(0, dimensions).Select(_ => random.Next(-radius, radius + 1).ToString(CultureInfo.InvariantCulture));
            taps[string.Join(Pick(0.5) ? "," : ", ", offsets)] = Signed();
        }
        // Equal offsets written with different spacing are one tap: keep the first spelling only.
        var distinct = taps.GroupBy(t => t.Key.Replace(" ", "")).Select(g => g.First());
        var body = string.Join(" ", distinct.Select(t => $"[{t.Key}] = {t.Value};"));
        return $"stencil {name}<{Pick(ElementTypes)}>({arguments}) {{\n  {body}\n}}";
    }

    private string Signed() => (Pick(0.4) ? "-" : "") + Pick(Coefficients);

    /// <summary><c>operator Name = kron(...)</c> over 2-4 dense factors of one element type (c128 among them), some of literal size, some column-major.</summary>
    private string Operator(string name)
    {
        string element = Pick(new[] { "f32", "f64", "c128" });
        var factorNames = new HashSet<string>(StringComparer.Ordinal);
        var factors = new List<string>();
        int count = 2 + random.Next(3);
        for (int i = 0; i < count; i++)
        {
            string factor = AnyName();
            while (!factorNames.Add(factor)) factor += "_";
            string layout = Pick(0.3) ? "(layout: " + Pick(new[] { "row", "col" }) + ")" : "";
            string size = Pick(0.7) ? "[" + Size(1 + random.Next(12), 1 + random.Next(12), Pick(0.6)) + "]" : "";
            factors.Add($"{factor}: dense<{element}>{layout}{size}");
        }
        return $"operator {name} = kron({string.Join(", ", factors)});";
    }

    // ---- solver families -----------------------------------------------------------------------------------

    private static readonly string[] FamilyMembers = { "Grid", "Equation", "DefaultOptions", "Solve", "Inputs", "Classes", "Architecture", "Network", "Train", "Predict", "Save", "Load" };

    /// <summary>A name unlike every name in <paramref name="taken"/>, never `pi` or a name the generated class declares.</summary>
    private string Distinct(HashSet<string> taken)
    {
        for (int attempt = 0; ; attempt++)
        {
            string name = attempt > 50 ? "n" + attempt.ToString(CultureInfo.InvariantCulture) : AnyName();
            if (name is not ("pi" or "d" or "d1" or "d2") && !FamilyMembers.Contains(name) && taken.Add(name)) return name;
        }
    }

    /// <summary><c>pipeline P = gp_pde&lt;f64&gt; { … }</c>: 1-3 axes, a random linear (or Allen–Cahn) equation, hostile names for the unknown, the axes, f and g.</summary>
    private string GpPde(string name)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { name };
        int dimensions = 1 + random.Next(3);
        var axes = Enumerable.Range(0, dimensions).Select(_ => Distinct(taken)).ToList();
        string unknown = Distinct(taken), source = Distinct(taken), boundary = Distinct(taken);
        var text = new StringBuilder($"pipeline {name} = gp_pde<f64> {{\n");
        foreach (var axis in axes)
            text.Append($"  domain {axis} in [{Pick(new[] { "0", "-1", "-pi" })}, {Pick(new[] { "1", "2*pi", "pi/2", "3.5" })}] grid {3 + random.Next(40)};\n");
        text.Append($"  kernel spectral_mixture(components: {1 + random.Next(8)}, spectrum: {Pick(new[] { "student_t", "gaussian" })});\n");
        var terms = axes.Select(a => $"{Pick(new[] { "", "2*", "-0.5*", "200*" })}d{1 + random.Next(2)}({unknown}, {a})").ToList();
        if (Pick(0.3)) terms.Add($"{unknown}*({unknown}^2 - 1)");
        if (Pick(0.2)) terms.Add($"3*{unknown}");
        string right = Pick(0.8) ? $"{source}({string.Join(", ", axes)})" : Pick(new[] { "0", "1.5", source });
        text.Append($"  equation {string.Join(" + ", terms)} = {right};\n");
        text.Append($"  boundary {unknown} = {(Pick(0.8) ? boundary : "0")};\n");
        if (Pick(0.5)) text.Append("  weights log_domain;\n");
        // The learned routes are 1-D; a grid of more dimensions trains with a fixed kernel.
        if (dimensions > 1) text.Append("  training fixed;\n");
        else if (Pick(0.6)) text.Append($"  training {Pick(new[] { "fixed", "learned", "joint_adam" })} {{ max_iter: {1 + random.Next(500)}; lr: 0.01; }}\n");
        return text.Append('}').ToString();
    }

    /// <summary><c>network N = bayes_mlp&lt;f32&gt; { … }</c> with widths that fit the drawn support.</summary>
    private string Network(string name)
    {
        int support = random.Next(4);
        int unit = support switch { 1 => 2, 2 => 4, 3 => 8, _ => 1 };
        int layers = 2 + random.Next(3);
        var widths = Enumerable.Range(0, layers).Select(_ => unit * (1 + random.Next(64))).ToList();
        string sparsity = support switch
        {
            0 => "dense",
            1 => $"unstructured(density: {Pick(new[] { "1", "0.5", "0.9" })})",
            2 => "nm(2:4)",
            _ => "block(4x8, density: 1)",
        };
        string inference = Pick(0.5) ? $"\n  inference ssvi {{ kl_weight: 0.01; drop: 0.3; epochs: {1 + random.Next(20)}; }}" : "";
        return $"network {name} = bayes_mlp<f32> {{\n  layers {string.Join(" -> ", widths)};\n  sparsity {sparsity};{inference}\n}}";
    }

    // ---- kernels -------------------------------------------------------------------------------------------

    private string Kernel(string name, string format, bool isOperator = false)
    {
        int operation = random.Next(3); // 0: A * x, 1: A' * x (or A.' * x over an operator), 2: A * X
        bool matrix = operation == 2;
        string parameter = AnyName();
        string output = Operand(matrix, parameter);
        string input = Operand(matrix, parameter, output);
        string transposed = operation == 1 ? (isOperator && Pick(0.5) ? ".'" : "'") : "";

        string product = $"{parameter}{transposed} * {input}";
        string alpha = random.Next(5) switch
        {
            0 => $"{ScalarName(parameter, output, input)} * {product}",
            1 => $"{Pick(Coefficients)} * {product}",
            2 => $"{Pick(Coefficients)} * {ScalarName(parameter, output, input)} * {product}",
            3 => $"-{product}",
            _ => product,
        };
        if (Pick(0.1)) alpha = $"({alpha})";
        string? beta = random.Next(6) switch
        {
            0 => $"{ScalarName(parameter, output, input)} * {output}",
            1 => $"{Pick(Coefficients)} * {output}",
            2 => output,
            3 => $"{Pick(Coefficients)} * {ScalarName(parameter, output, input)} * {output}",
            _ => null,
        };
        string expression = beta is null ? alpha
            : Pick(0.8) ? $"{alpha} {(Pick(0.7) ? "+" : "-")} {beta}"
            : $"{beta} + {alpha}";
        string kernel = $"kernel {name}({parameter}: {format}) : {output} = {expression};";
        return Pick(0.15) ? Commented(kernel) : kernel;
    }

    /// <summary>The declaration with a comment after one of its spaces; some comments hold line breaks C# also counts (CR, NEL, LS, PS) or XML/comment markup.</summary>
    private string Commented(string declaration)
    {
        var spaces = Enumerable.Range(0, declaration.Length).Where(i => declaration[i] == ' ').ToList();
        if (spaces.Count == 0) return declaration;
        int at = Pick(spaces);
        string content = Pick(new[] { "\r", "\u0085", "\u2028", "\u2029", "\r\n", "\n", "</summary> <c>", "*/ /*", "&amp; <", "\"" });
        string comment = Pick(0.7) ? $"/* note{content}end */" : $"// note{content.Replace("\n", "")}\n";
        return declaration.Substring(0, at + 1) + comment + declaration.Substring(at);
    }
}
