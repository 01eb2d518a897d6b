using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

[assembly: Xunit.AssemblyFixture(typeof(SparseDsl.Tests.Generator.AssemblyResolution))]

namespace SparseDsl.Tests.Generator;

/// <summary>
/// Assembly fixture (runs before any test). SparseDsl.Language.dll is copied beside the tests but missing from the deps.json (the Generator references it
/// with PrivateAssets=all), so the default context would not find it: resolve such assemblies from the test folder.
/// </summary>
public sealed class AssemblyResolution
{
    public AssemblyResolution() => Install();

    private static bool _installed;

    internal static void Install()
    {
        if (_installed) return;
        _installed = true;
        AssemblyLoadContext.Default.Resolving += static (context, name) =>
        {
            string candidate = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
    }
}
