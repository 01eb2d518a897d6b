using System;
using System.Linq;
using System.Reflection;

namespace SparseDsl.Tests.Kernels;

/// <summary>Reflection over generated kernel classes.</summary>
internal static class GeneratedMethods
{
    /// <summary>
    /// The public static kernel method <paramref name="name"/> that takes the operands alone: a multi-threaded kernel
    /// also has an overload with a trailing <see cref="SparseContext"/>, so <c>GetMethod(name)</c> would be ambiguous.
    /// </summary>
    public static MethodInfo Kernel(this Type type, string name)
        => type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.GetParameters() is var p && (p.Length == 0 || p[p.Length - 1].ParameterType != typeof(SparseContext)));
}
