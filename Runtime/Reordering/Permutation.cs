using System;
using System.Globalization;

namespace SparseDsl;

/// <summary>
/// An immutable permutation of 0..n-1, validated at construction, with its inverse. Convention (the one
/// <see cref="Reordering.PermuteSymmetric{T}"/> uses): position <c>i</c> of the new order holds old index
/// <c>p[i]</c>, so <see cref="Apply{T}(ReadOnlySpan{T}, Span{T})"/> writes <c>into[i] = x[p[i]]</c> (the vector P x) and
/// <see cref="ApplyInverse{T}(ReadOnlySpan{T}, Span{T})"/> writes <c>into[p[i]] = x[i]</c> (Pᵀ x, which undoes Apply).
/// </summary>
public sealed class Permutation
{
    private readonly int[] _map, _inverse;

    /// <summary>Copies <paramref name="map"/> (new position → old index) and checks that it is a bijection of
    /// 0..n-1; an <see cref="ArgumentException"/> names the first out-of-range or repeated entry.</summary>
    public Permutation(ReadOnlySpan<int> map) : this(map.ToArray())
    {
    }

    /// <summary>Takes <paramref name="map"/> without copying (the runtime's own orderings hand over fresh arrays).</summary>
    private Permutation(int[] map)
    {
        int n = map.Length;
        var inverse = new int[n];
        inverse.AsSpan().Fill(-1);
        for (int i = 0; i < n; i++)
        {
            int v = map[i];
            if ((uint)v >= (uint)n)
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "Not a permutation: p[{0}] = {1} is outside 0..{2} (a permutation of {3} elements holds each of 0..{2} exactly once).",
                    i, v, n - 1, n), nameof(map));
            if (inverse[v] >= 0)
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "Not a permutation: p[{0}] = p[{1}] = {2} (each of 0..{3} must appear exactly once).",
                    inverse[v], i, v, n - 1), nameof(map));
            inverse[v] = i;
        }
        _map = map;
        _inverse = inverse;
    }

    /// <summary>Takes an array the caller built as a bijection (still checked: the check is O(n) and the kernels
    /// that index through a permutation rely on it).</summary>
    internal static Permutation FromOwned(int[] map) => new(map);

    /// <summary>The identity on 0..n-1.</summary>
    public static Permutation Identity(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var map = new int[n];
        for (int i = 0; i < n; i++) map[i] = i;
        return new Permutation(map);
    }

    /// <summary>The number of elements n.</summary>
    public int Length => _map.Length;

    /// <summary>p: new position → old index.</summary>
    public ReadOnlySpan<int> Map => _map;

    /// <summary>p⁻¹: old index → new position.</summary>
    public ReadOnlySpan<int> InverseMap => _inverse;

    /// <summary>p[i], the old index at new position <paramref name="i"/>.</summary>
    public int this[int i] => _map[i];

    /// <summary>The inverse permutation (its <see cref="Map"/> is this one's <see cref="InverseMap"/>).</summary>
    public Permutation Inverse() => new((int[])_inverse.Clone());

    /// <summary>into[i] = x[p[i]] (P x). <paramref name="x"/> and <paramref name="into"/> must have length n and
    /// must not overlap.</summary>
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> into)
    {
        CheckOperands(x, into, nameof(Apply));
        int[] p = _map;
        for (int i = 0; i < p.Length; i++) into[i] = x[p[i]];
    }

    /// <summary>into[p[i]] = x[i] (Pᵀ x, the inverse of <see cref="Apply{T}(ReadOnlySpan{T}, Span{T})"/>). <paramref name="x"/> and
    /// <paramref name="into"/> must have length n and must not overlap.</summary>
    public void ApplyInverse<T>(ReadOnlySpan<T> x, Span<T> into)
    {
        CheckOperands(x, into, nameof(ApplyInverse));
        int[] p = _map;
        for (int i = 0; i < p.Length; i++) into[p[i]] = x[i];
    }

    /// <summary>A new array holding P x.</summary>
    public T[] Apply<T>(ReadOnlySpan<T> x)
    {
        var r = new T[_map.Length];
        Apply(x, r);
        return r;
    }

    /// <summary>A new array holding Pᵀ x.</summary>
    public T[] ApplyInverse<T>(ReadOnlySpan<T> x)
    {
        var r = new T[_map.Length];
        ApplyInverse(x, r);
        return r;
    }

    /// <summary>This permutation applied after <paramref name="first"/>: Apply of the result equals
    /// <c>this.Apply(first.Apply(x))</c>, i.e. r[i] = first[p[i]].</summary>
    public Permutation After(Permutation first)
    {
        ArgumentNullException.ThrowIfNull(first);
        if (first.Length != Length)
            throw new ShapeMismatchException($"Permutation.After: the permutations have lengths {Length} and {first.Length}", nameof(first));
        var r = new int[Length];
        for (int i = 0; i < r.Length; i++) r[i] = first._map[_map[i]];
        return new Permutation(r);
    }

    private void CheckOperands<T>(ReadOnlySpan<T> x, Span<T> into, string method)
    {
        int n = _map.Length;
        if (x.Length != n)
            throw new ShapeMismatchException($"Permutation.{method}: x has length {x.Length} but the permutation has {n} elements", "x");
        if (into.Length != n)
            throw new ShapeMismatchException($"Permutation.{method}: into has length {into.Length} but the permutation has {n} elements", "into");
        if (n > 0 && x.Overlaps(into))
            throw new ArgumentException($"Permutation.{method}: into overlaps x; a permutation needs its own output memory", "into");
    }
}
