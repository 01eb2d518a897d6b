using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace SparseDsl.Tests.Runtime;

/// <summary>Matrices and permutations for the reordering tests, each with an independent dense or list-based view.</summary>
internal static class ReorderingTestData
{
    /// <summary>A seeded Fisher–Yates shuffle of 0..n-1.</summary>
    public static int[] Shuffle(int n, int seed)
    {
        var p = Enumerable.Range(0, n).ToArray();
        var r = new Random(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = r.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>A square random matrix (duplicates summed, explicit zeros possible, empty rows likely) and a random
    /// permutation of the same size.</summary>
    public static Gen<(TripletCase Matrix, int[] Permutation)> SquareWithPermutation(int maxSize = 12) =>
        from n in Gen.Choose(0, maxSize)
        from raw in Gen.ArrayOf(
            from r in Gen.Choose(0, 1000)
            from c in Gen.Choose(0, 1000)
            from v in Gen.Choose(-4, 4)
            select (r, c, v))
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select (new TripletCase(n, n, n == 0
            ? Array.Empty<(int, int, double)>()
            : raw.Select(t => (t.r % n, t.c % n, (double)t.v)).ToArray()), Shuffle(n, seed));

    /// <summary>A symmetric random band of half-width <paramref name="halfWidth"/>: the diagonal plus each pair
    /// (i, i + d), 1 ≤ d ≤ halfWidth, kept with probability <paramref name="keep"/>; values in [1, 2).</summary>
    public static CsrMatrix<double> RandomBand(int n, int halfWidth, double keep, int seed)
    {
        var r = new Random(seed);
        var t = new List<(int, int, double)>();
        for (int i = 0; i < n; i++)
        {
            t.Add((i, i, 4 + r.NextDouble()));
            for (int d = 1; d <= halfWidth && i + d < n; d++)
                if (r.NextDouble() < keep)
                {
                    t.Add((i, i + d, 1 + r.NextDouble()));
                    t.Add((i + d, i, 1 + r.NextDouble()));
                }
        }
        return CsrMatrix<double>.FromCoo(CooMatrix<double>.FromTriplets(n, n, t));
    }

    /// <summary>The path 0 - 1 - ... - (n-1) as a tridiagonal CSR (built directly, no triplets: n may be 10^6).</summary>
    public static CsrMatrix<double> Path(int n)
    {
        var rp = new int[n + 1];
        var ci = new List<int>(3 * n);
        for (int i = 0; i < n; i++)
        {
            if (i > 0) ci.Add(i - 1);
            ci.Add(i);
            if (i < n - 1) ci.Add(i + 1);
            rp[i + 1] = ci.Count;
        }
        var values = new double[ci.Count];
        values.AsSpan().Fill(1.0);
        return new CsrMatrix<double>(n, n, rp, ci.ToArray(), values);
    }

    public static double[,] Dense(CsrMatrix<double> a)
    {
        var d = new double[a.Rows, a.Columns];
        for (int i = 0; i < a.Rows; i++)
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
                d[i, a.ColumnIndices[k]] += a.Values[k];
        return d;
    }

    /// <summary>The undirected neighbour sets of A + Aᵀ without self loops, from the stored pattern.</summary>
    public static SortedSet<int>[] SymmetricNeighbours(CsrMatrix<double> a)
    {
        var adj = Enumerable.Range(0, a.Rows).Select(_ => new SortedSet<int>()).ToArray();
        for (int i = 0; i < a.Rows; i++)
            for (int k = a.RowPointers[i]; k < a.RowPointers[i + 1]; k++)
            {
                int j = a.ColumnIndices[k];
                if (i == j) continue;
                adj[i].Add(j);
                adj[j].Add(i);
            }
        return adj;
    }

    /// <summary>An independent, plainly written reverse Cuthill–McKee over neighbour sets: the same rules
    /// (components by lowest node, George–Liu start from a minimum-degree node, neighbours by degree then index).</summary>
    public static int[] NaiveRcm(CsrMatrix<double> a)
    {
        int n = a.Rows;
        var adj = SymmetricNeighbours(a);
        var done = new bool[n];
        var order = new List<int>();

        List<List<int>> Levels(int root)
        {
            var seen = new HashSet<int> { root };
            var levels = new List<List<int>> { new() { root } };
            while (true)
            {
                var next = new List<int>();
                foreach (int v in levels[^1])
                    foreach (int w in adj[v])
                        if (seen.Add(w)) next.Add(w);
                if (next.Count == 0) return levels;
                levels.Add(next);
            }
        }

        int MinDegree(IEnumerable<int> nodes) => nodes.OrderBy(v => adj[v].Count).ThenBy(v => v).First();

        for (int s = 0; s < n; s++)
        {
            if (done[s]) continue;
            int root = MinDegree(Levels(s).SelectMany(l => l));
            var levels = Levels(root);
            while (true)
            {
                int candidate = MinDegree(levels[^1]);
                var cl = Levels(candidate);
                if (cl.Count <= levels.Count) break;
                root = candidate;
                levels = cl;
            }
            var queue = new Queue<int>();
            queue.Enqueue(root);
            done[root] = true;
            while (queue.Count > 0)
            {
                int v = queue.Dequeue();
                order.Add(v);
                foreach (int w in adj[v].Where(w => !done[w]).OrderBy(w => adj[w].Count).ThenBy(w => w).ToList())
                {
                    done[w] = true;
                    queue.Enqueue(w);
                }
            }
        }
        order.Reverse();
        return order.ToArray();
    }
}
