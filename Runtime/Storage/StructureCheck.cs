using System;
using System.Globalization;
using System.Numerics;

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

    /// <summary>The argument checks of a compressed matrix's array constructor (CSR, CSC, 64-bit CSR), in order:
    /// shape not negative, arrays present, one value per index; the structure itself is <see cref="Compressed{TIndex}"/>.</summary>
    internal static void CompressedArguments(long rows, long columns, Array? pointers, string pointersName, Array? indices, string indicesName, Array? values, string indexWord)
    {
        NonNegative(rows, "rows");
        NonNegative(columns, "columns");
        NotNull(pointers, pointersName);
        NotNull(indices, indicesName);
        NotNull(values, "values");
        Length("Values", values!.LongLength, indices!.LongLength, $"one value per {indexWord}");
    }

    /// <summary>Validates a compressed (CSR-like) structure: pointers of outerCount + 1 entries starting at 0,
    /// monotone, ending at indices.Length; indices in [0, innerLimit) and strictly increasing per outer slot. One
    /// check for every compressed layout (CSR, CSC and BSR patterns with int indices, 64-bit CSR with long ones).</summary>
    internal static void Compressed<TIndex>(
        TIndex[] pointers, string pointerName, long outerCount, string outerWord,
        TIndex[] indices, string indexName, string indexPhrase, long innerLimit, string limitWord)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        Length(pointerName, pointers.LongLength, outerCount + 1, $"one more than the {S(outerCount)} {outerWord}s");
        if (pointers[0] != TIndex.Zero)
            throw new SparseFormatException($"{pointerName}[0] = {S(long.CreateTruncating(pointers[0]))} but must be 0.");
        long count = indices.LongLength;
        for (long i = 0; i < outerCount; i++)
        {
            long start = long.CreateTruncating(pointers[i]), end = long.CreateTruncating(pointers[i + 1]);
            if (end < start)
                throw new SparseFormatException($"{pointerName}[{S(i + 1)}] = {S(end)} is less than {pointerName}[{S(i)}] = {S(start)}: {pointerName} must be non-decreasing.");
            if (end > count)
                throw new SparseFormatException($"{pointerName}[{S(i + 1)}] = {S(end)} exceeds the number of stored entries ({indexName} has length {S(count)}).");
            for (long k = start; k < end; k++)
            {
                long c = long.CreateTruncating(indices[k]);
                if ((ulong)c >= (ulong)innerLimit)
                    throw new SparseFormatException($"{indexName}[{S(k)}] = {S(c)} in {outerWord} {S(i)} is out of range: it must be in [0, {S(innerLimit)}) ({S(innerLimit)} {limitWord}).");
                if (k > start && c <= long.CreateTruncating(indices[k - 1]))
                    throw new SparseFormatException($"{indexName}[{S(k)}] = {S(c)} is not greater than {indexName}[{S(k - 1)}] = {S(long.CreateTruncating(indices[k - 1]))} in {outerWord} {S(i)}: {indexPhrase} must be strictly increasing.");
            }
        }
        long last = long.CreateTruncating(pointers[outerCount]);
        if (last != count)
            throw new SparseFormatException($"{pointerName}[{S(outerCount)}] = {S(last)} but must equal the number of stored entries {S(count)} (the length of {indexName}).");
    }
}
