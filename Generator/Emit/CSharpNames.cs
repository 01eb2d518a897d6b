using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using SparseDsl.Language.IR;

namespace SparseDsl.Generator.Emit;

/// <summary>Spec names as C# identifiers: keywords escaped with '@', the few keywords '@' cannot escape mangled.</summary>
internal static class CSharpNames
{
    /// <summary>Keywords that stay keywords after '@' (<c>@__arglist</c> is not an identifier): mangled with a trailing '_'.</summary>
    private static readonly HashSet<string> Unescapable = new(StringComparer.Ordinal) { "__arglist", "__makeref", "__reftype", "__refvalue" };

    public static bool IsKeyword(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None;

    /// <summary>The plain identifier a spec name becomes (mangled where '@' cannot help), before any '@'.</summary>
    public static string Plain(string name) => Unescapable.Contains(name) ? name + "_" : name;

    /// <summary>A plain identifier as a C# token: '@' before a keyword.</summary>
    public static string Token(string plain) => IsKeyword(plain) ? "@" + plain : plain;

    /// <summary>
    /// A plain name as the token of a generated type: escaped like any name, and with '@' when lower-case ASCII only
    /// (unescaped, C# warns about such type names, CS8981, and rejects a few: <c>record</c>, <c>scoped</c>, <c>file</c>).
    /// </summary>
    public static string TypeToken(string plain) => plain.All(c => c is >= 'a' and <= 'z') ? "@" + plain : Token(plain);

    /// <summary><c>Acme.class</c> → <c>Acme.@class</c>.</summary>
    public static string Namespace(string name) => string.Join(".", name.Split('.').Select(part => Token(Plain(part))));
}

/// <summary>The C# names of one kernel's members: the public method (and GPU launcher) and the generated helpers.</summary>
public sealed class KernelNames
{
    internal KernelNames(string method, string range, string context, string worker, IReadOnlyDictionary<string, string> gpu)
    {
        Method = method;
        Range = range;
        Context = context;
        Worker = worker;
        _gpu = gpu;
    }

    private readonly IReadOnlyDictionary<string, string> _gpu;

    /// <summary>The public method's name as a C# token (<c>@class</c>).</summary>
    public string Method { get; }
    public string Range { get; }
    public string Context { get; }
    public string Worker { get; }

    /// <summary>A member of the nested Gpu class: <c>Kernel</c>, <c>KernelLoader</c>, <c>Prescale</c> or <c>PrescaleLoader</c>.</summary>
    public string Gpu(string suffix) => _gpu[suffix];

    /// <summary>Names from the kernel's own name (tests and single-kernel callers): no other member to avoid.</summary>
    public static KernelNames Simple(KernelIr kernel)
    {
        string plain = CSharpNames.Plain(kernel.Name);
        return new KernelNames(CSharpNames.Token(plain), plain + "Range", plain + "Context", plain + "Worker",
            GpuSuffixes.ToDictionary(s => s, s => plain + s, StringComparer.Ordinal));
    }

    internal static readonly string[] GpuSuffixes = { "Kernel", "KernelLoader", "Prescale", "PrescaleLoader" };
}

/// <summary>
/// The member names of a spec's class, one name scope for the class and one for its nested Gpu class: kernels keep
/// their spec names (escaped); a generated helper (<c>{Kernel}Range</c>, <c>{Kernel}Context</c>, ...) that would
/// collide with a kernel, the class, <c>Gpu</c>, another helper or a parameter of its kernel's method gets '_'
/// appended until it is free. Deterministic: names are taken in spec order.
/// </summary>
public sealed class SpecNames
{
    /// <summary>The name of the nested class holding the GPU variants.</summary>
    public const string GpuClass = "Gpu";

    private readonly Dictionary<string, KernelNames> _byKernel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _operatorClasses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _gradients = new(StringComparer.Ordinal);

    /// <summary>The C# token of the method generated for the gradient <paramref name="gradientName"/>.</summary>
    public string Gradient(string gradientName) => _gradients[gradientName];

    /// <summary>The C# token of the class generated for the operator or pipeline <paramref name="operatorName"/> (<c>@class</c>).</summary>
    public string OperatorClass(string operatorName) => _operatorClasses[operatorName];

    public SpecNames(SpecIr spec, IEnumerable<KernelIr> kernels)
    {
        var list = kernels.ToList();
        var classScope = new HashSet<string>(StringComparer.Ordinal) { spec.ClassName, GpuClass };
        var gpuScope = new HashSet<string>(StringComparer.Ordinal) { GpuClass };
        var methods = new Dictionary<string, string>(StringComparer.Ordinal);
        // Operator classes first: their names are the spec's (unique among all declarations), escaped where needed.
        foreach (var declared in spec.Operators)
        {
            string plain = CSharpNames.Plain(declared.Name);
            while (plain != declared.Name && classScope.Contains(plain)) plain += "_";
            classScope.Add(plain);
            _operatorClasses[declared.Name] = CSharpNames.TypeToken(plain);
        }
        foreach (var pipeline in spec.Pipelines)
        {
            string token = CSharpNames.TypeToken(CSharpNames.Plain(pipeline.Name));
            classScope.Add(token.TrimStart('@'));
            _operatorClasses[pipeline.Name] = token;
        }
        // Gradients are methods of the class, named like the spec's declaration (unique among all declarations).
        foreach (var gradient in spec.Gradients)
        {
            string plain = CSharpNames.Plain(gradient.Name);
            classScope.Add(plain);
            _gradients[gradient.Name] = CSharpNames.Token(plain);
        }
        // Spec names first (the binder made them unique), then the mangled ones around them.
        foreach (var kernel in list.Where(k => CSharpNames.Plain(k.Name) == k.Name))
        {
            classScope.Add(kernel.Name);
            gpuScope.Add(kernel.Name);
            methods[kernel.Name] = kernel.Name;
        }
        foreach (var kernel in list.Where(k => CSharpNames.Plain(k.Name) != k.Name))
        {
            string plain = CSharpNames.Plain(kernel.Name);
            while (classScope.Contains(plain)) plain += "_";
            classScope.Add(plain);
            gpuScope.Add(plain);
            methods[kernel.Name] = plain;
        }
        foreach (var kernel in list)
        {
            string plain = methods[kernel.Name];
            var parameters = new HashSet<string>(KernelSignature.PlainParameterNames(kernel), StringComparer.Ordinal);
            string Take(HashSet<string> scope, string name)
            {
                while (scope.Contains(name) || parameters.Contains(name)) name += "_";
                scope.Add(name);
                return name;
            }
            string range = Take(classScope, plain + "Range");
            string context = Take(classScope, plain + "Context");
            string worker = Take(classScope, plain + "Worker");
            var gpu = KernelNames.GpuSuffixes.ToDictionary(s => s, s => Take(gpuScope, plain + s), StringComparer.Ordinal);
            _byKernel[kernel.Name] = new KernelNames(CSharpNames.Token(plain), range, context, worker, gpu);
        }
    }

    public KernelNames this[KernelIr kernel] => _byKernel[kernel.Name];
}
