using System;
using System.Collections.Generic;
using System.Globalization;

namespace SparseDsl.Generator.Emit;

/// <summary>
/// The names of one generated method's locals, so that emitters compose: <see cref="Fresh"/> hands out a name no
/// other request in the scope (or an enclosing one) got — <c>sum</c>, then <c>sum2</c>, <c>sum3</c>... — and
/// remembers which name a logical local got, for the code that reads it (<see cref="Of"/>). A <see cref="Child"/>
/// scope is a block inside the method (one SIMD or scalar path): it sees its parents' names but not its siblings',
/// so sibling paths reuse the same names (as C# allows) while a second operator's pinned arrays in the same method
/// would get distinct ones.
/// </summary>
public sealed class LocalScope
{
    private readonly LocalScope? _parent;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _given = new(StringComparer.Ordinal);

    /// <param name="reserved">Names already used in the method: its parameters, each its own logical name (<c>Of("x")</c> is <c>x</c>).</param>
    public LocalScope(IEnumerable<string> reserved)
    {
        foreach (var name in reserved)
        {
            _taken.Add(name);
            if (!_given.ContainsKey(name)) _given.Add(name, name);
        }
    }

    private LocalScope(LocalScope parent) => _parent = parent;

    /// <summary>A scope for a block inside this one.</summary>
    public LocalScope Child() => new(this);

    /// <summary>
    /// Makes <paramref name="logical"/> read as <paramref name="actual"/> in this scope and its children (a second
    /// operator's <c>x</c> is the method's <c>x2</c>); <paramref name="actual"/> counts as taken.
    /// </summary>
    public LocalScope Bind(string logical, string actual)
    {
        _taken.Add(actual);
        _given[logical] = actual;
        return this;
    }

    /// <summary>A name for a new local: <paramref name="name"/> when it is free here and in the enclosing scopes, else the first free of name2, name3, ...</summary>
    public string Fresh(string name)
    {
        string candidate = name;
        for (int n = 2; IsTaken(candidate); n++) candidate = name + n.ToString(CultureInfo.InvariantCulture);
        _taken.Add(candidate);
        if (!_given.ContainsKey(name)) _given.Add(name, candidate);
        return candidate;
    }

    /// <summary>The name the first <see cref="Fresh"/> request for <paramref name="name"/> got in this scope or an enclosing one.</summary>
    public string Of(string name)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
            if (scope._given.TryGetValue(name, out var given)) return given;
        throw new InvalidOperationException($"no local '{name}' was declared in this scope");
    }

    private bool IsTaken(string name)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
            if (scope._taken.Contains(name)) return true;
        return false;
    }
}
