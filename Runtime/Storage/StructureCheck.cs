using System;
using System.Globalization;

namespace SparseDsl;

/// <summary>Shared validation used by the storage constructors (each check is O(size), run once).</summary>
internal static class StructureCheck
{
    internal static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>The largest int (the limit of a count or an index): "2147483647 (2^31-1)".</summary>
    internal static string IntLimit => S(int.MaxValue) + " (2^31-1)";

    /// <summary>The largest array: "2147483591 (Array.MaxLength)".</summary>
    internal static string ArrayLimit => S(Array.MaxLength) + " (Array.MaxLength)";

    /// <summary>a * b when it fits an int, else <see cref="ArgumentOutOfRangeException"/> with
    /// <paramref name="describe"/>(product) as its message (which names the sizes and the limit).</summary>
    internal static int IntProduct(long a, long b, string paramName, Func<long, string> describe)
    {
        long product = a * b;   // both fit an int: no long overflow
        if (product > int.MaxValue)
            throw new ArgumentOutOfRangeException(paramName, describe(product));
        return (int)product;
    }

    /// <summary>An element count that must fit one array, else <see cref="SparseFormatException"/> with
    /// <paramref name="what"/> (the sizes) followed by the count and the limit.</summary>
    internal static int ArrayLength(long count, string what)
    {
        if (count > Array.MaxLength)
            throw new SparseFormatException($"{what} = {S(count)} entries exceed the largest array: the limit is {ArrayLimit}.");
        return (int)count;
    }

    internal static void NonNegative(long value, string name)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative (got {S(value)}).");
    }

    internal static void Positive(long value, string name)
    {
        if (value < 1)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1 (got {S(value)}).");
    }

    internal static void NotNull(object? array, string name)
    {
        if (array is null)
            throw new ArgumentNullException(name);
    }

    /// <summary>A private copy of a caller's array (validation then checks the copy, which nobody else can change).</summary>
    internal static TElement[] Copy<TElement>(TElement[] array, string name)
    {
        NotNull(array, name);
        return (TElement[])array.Clone();
    }

    internal static void Length(string name, long actual, long expected, string why)
    {
        if (actual != expected)
            throw new SparseFormatException($"{name} has length {S(actual)} but must have length {S(expected)} ({why}).");
    }

    /// <summary>Validates a compressed (CSR-like) structure: pointers of outerCount + 1 entries starting at 0,
    /// monotone, ending at indices.Length; indices in [0, innerLimit) and strictly increasing per outer slot.</summary>
    internal static void Compressed(
        int[] pointers, string pointerName, int outerCount, string outerWord,
        int[] indices, string indexName, string indexPhrase, int innerLimit, string limitWord)
    {
        Length(pointerName, pointers.Length, (long)outerCount + 1, $"one more than the {outerCount.ToString(CultureInfo.InvariantCulture)} {outerWord}s");
        if (pointers[0] != 0)
            throw new SparseFormatException($"{pointerName}[0] = {S(pointers[0])} but must be 0.");
        int count = indices.Length;
        for (int i = 0; i < outerCount; i++)
        {
            int start = pointers[i], end = pointers[i + 1];
            if (end < start)
                throw new SparseFormatException($"{pointerName}[{S(i + 1)}] = {S(end)} is less than {pointerName}[{S(i)}] = {S(start)}: {pointerName} must be non-decreasing.");
            if (end > count)
                throw new SparseFormatException($"{pointerName}[{S(i + 1)}] = {S(end)} exceeds the number of stored entries ({indexName} has length {S(count)}).");
            for (int k = start; k < end; k++)
            {
                int c = indices[k];
                if ((uint)c >= (uint)innerLimit)
                    throw new SparseFormatException($"{indexName}[{S(k)}] = {S(c)} in {outerWord} {S(i)} is out of range: it must be in [0, {S(innerLimit)}) ({S(innerLimit)} {limitWord}).");
                if (k > start && c <= indices[k - 1])
                    throw new SparseFormatException($"{indexName}[{S(k)}] = {S(c)} is not greater than {indexName}[{S(k - 1)}] = {S(indices[k - 1])} in {outerWord} {S(i)}: {indexPhrase} must be strictly increasing.");
            }
        }
        if (pointers[outerCount] != count)
            throw new SparseFormatException($"{pointerName}[{S(outerCount)}] = {S(pointers[outerCount])} but must equal the number of stored entries {S(count)} (the length of {indexName}).");
    }
}
