using System;
using System.Numerics;

namespace SparseDsl;

/// <summary>
/// Reverse Cuthill–McKee ordering of a square sparse matrix's graph, the pattern of A + Aᵀ (diagonal ignored): a
/// permutation after which the nonzeros cluster around the diagonal, so an SpMV reads x from a sliding window
/// instead of at random. Apply it with <see cref="Reordering.PermuteSymmetric{T}"/> (B = P A Pᵀ) and
/// <see cref="ReorderedOperator{T}"/> (x and y permuted consistently).
/// </summary>
/// <remarks>
/// <para>Each connected component is numbered from a pseudo-peripheral node found by George and Liu's level-structure
/// search: start at a node of minimum degree of the component, build its BFS level structure, move to a node of
/// minimum degree in the last level while that increases the eccentricity. Cuthill–McKee then numbers breadth-first,
/// each node's unnumbered neighbours by increasing degree (ties by lower index); the order is reversed at the end.
/// Components are taken in the order of their lowest-index node, so the result depends only on the pattern.</para>
/// <para>Cost: O(nnz log d) time (d the largest degree, from sorting each node's new neighbours), no recursion. A
/// structurally symmetric pattern is used as it is (symmetry is checked by building the pattern of Aᵀ, n + 1 + nnz
/// integers without values, and comparing it with A's); otherwise each node's neighbours are its row and its column
/// of that pattern; A + Aᵀ is never stored. Values are not read.</para>
/// </remarks>
public static class ReverseCuthillMcKee
{
    /// <summary>The RCM permutation of <paramref name="a"/>'s symmetrized pattern: position i of the new order
    /// holds old index <c>p[i]</c>. <paramref name="a"/> must be square.</summary>
    public static Permutation Order<T>(CsrMatrix<T> a) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Rows != a.Columns)
            throw new ShapeMismatchException(
                $"ReverseCuthillMcKee.Order: the matrix is {a.Rows} x {a.Columns}; reordering needs a square matrix (one permutation for rows and columns)", nameof(a));
        // The pattern's own arrays: the graph only reads them, so they are not copied (68 MB for W1).
        var pattern = a.Pattern.Core;
        return Permutation.FromOwned(new Graph(a.Rows, pattern.Pointers, pattern.Indices).Rcm());
    }

    /// <summary>The undirected graph of A + Aᵀ without self loops, as A's rows plus (when A is not symmetric) Aᵀ's rows.</summary>
    private sealed class Graph
    {
        private readonly int _n;
        private readonly int[] _rp, _ci;
        private readonly int[]? _tp, _ti;   // the pattern of Aᵀ, null when A is structurally symmetric
        private readonly int[] _degree;

        public Graph(int n, int[] rp, int[] ci)
        {
            _n = n;
            _rp = rp;
            _ci = ci;
            // The pattern of Aᵀ by a counting sort over the columns (its rows come out sorted). A is structurally
            // symmetric exactly when that pattern equals A's: two sequential comparisons, instead of a binary search
            // per stored entry in a row picked at random (which cost more than the transpose on 10^6-row matrices).
            var tp = new int[n + 1];
            int nnz = rp[n];
            for (int k = 0; k < nnz; k++) tp[ci[k] + 1]++;
            for (int j = 0; j < n; j++) tp[j + 1] += tp[j];
            var next = tp.AsSpan(0, n).ToArray();
            var ti = new int[nnz];
            for (int i = 0; i < n; i++)
                for (int k = rp[i]; k < rp[i + 1]; k++) ti[next[ci[k]]++] = i;
            bool symmetric = tp.AsSpan().SequenceEqual(rp.AsSpan(0, n + 1)) && ti.AsSpan().SequenceEqual(ci.AsSpan(0, nnz));
            if (!symmetric)
            {
                _tp = tp;
                _ti = ti;
            }
            _degree = new int[n];
            for (int v = 0; v < n; v++) _degree[v] = CountNeighbours(v);
        }

        /// <summary>|row(v) ∪ column(v) \ {v}|, by merging the two sorted lists.</summary>
        private int CountNeighbours(int v)
        {
            int a = _rp[v], ae = _rp[v + 1], count = 0;
            if (_tp is null)
            {
                for (int k = a; k < ae; k++) if (_ci[k] != v) count++;
                return count;
            }
            int b = _tp[v], be = _tp[v + 1];
            int[] ti = _ti!;
            while (a < ae || b < be)
            {
                int x = a < ae ? _ci[a] : int.MaxValue, y = b < be ? ti[b] : int.MaxValue;
                int m = Math.Min(x, y);
                if (x == m) a++;
                if (y == m) b++;
                if (m != v) count++;
            }
            return count;
        }

        /// <summary>Calls visit for every neighbour of v; a neighbour in both row and column comes twice (callers
        /// filter by their marks).</summary>
        private void Neighbours<TVisit>(int v, ref TVisit visit) where TVisit : struct, IVisit
        {
            for (int k = _rp[v]; k < _rp[v + 1]; k++)
            {
                int w = _ci[k];
                if (w != v) visit.Visit(w);
            }
            if (_tp is null) return;
            int[] ti = _ti!;
            for (int k = _tp[v]; k < _tp[v + 1]; k++)
            {
                int w = ti[k];
                if (w != v) visit.Visit(w);
            }
        }

        private interface IVisit
        {
            void Visit(int w);
        }

        /// <summary>Breadth-first level structure: appends the unvisited nodes reached from root to queue (marking
        /// them with tag), tracks where the last level starts.</summary>
        private struct LevelVisit : IVisit
        {
            public int[] Mark, Queue;
            public int Tag, Tail;

            public void Visit(int w)
            {
                if (Mark[w] == Tag) return;
                Mark[w] = Tag;
                Queue[Tail++] = w;
            }
        }

        /// <summary>Cuthill–McKee step: collects the unnumbered neighbours as (degree, index) keys.</summary>
        private struct NumberVisit : IVisit
        {
            public bool[] Numbered;
            public int[] Degree;
            public long[] Keys;
            public int Count;

            public void Visit(int w)
            {
                if (Numbered[w]) return;
                Numbered[w] = true;
                Keys[Count++] = ((long)Degree[w] << 32) | (uint)w;
            }
        }

        /// <summary>BFS from root over the nodes not yet numbered (mark != tag); fills queue[0..count) and returns
        /// (count, eccentricity, start of the last level).</summary>
        private (int Count, int Depth, int LastLevel) Levels(int root, int[] mark, int tag, int[] queue)
        {
            var visit = new LevelVisit { Mark = mark, Queue = queue, Tag = tag, Tail = 0 };
            mark[root] = tag;
            queue[visit.Tail++] = root;
            int head = 0, depth = 0, levelStart = 0;
            while (true)
            {
                int levelEnd = visit.Tail;
                while (head < levelEnd) Neighbours(queue[head++], ref visit);
                if (visit.Tail == levelEnd) return (levelEnd, depth, levelStart);
                levelStart = levelEnd;
                depth++;
            }
        }

        private int MinDegree(int[] nodes, int from, int to)
        {
            int best = nodes[from];
            for (int k = from + 1; k < to; k++)
            {
                int v = nodes[k];
                if (_degree[v] < _degree[best] || (_degree[v] == _degree[best] && v < best)) best = v;
            }
            return best;
        }

        public int[] Rcm()
        {
            int n = _n;
            var order = new int[n];
            var numbered = new bool[n];
            var mark = new int[n];          // BFS tags of the level-structure searches; 0 = never
            var queue = new int[n];
            int maxDegree = 0;
            foreach (int d in _degree) maxDegree = Math.Max(maxDegree, d);
            var keys = new long[2 * maxDegree + 1];   // a node's neighbours, counted from row and column
            int tag = 0, placed = 0;
            for (int s = 0; s < n; s++)
            {
                if (numbered[s]) continue;
                // the component of s, then George–Liu from its node of minimum degree
                var (count, _, _) = Levels(s, mark, ++tag, queue);
                int root = MinDegree(queue, 0, count);
                var (_, depth, last) = Levels(root, mark, ++tag, queue);
                while (true)
                {
                    int candidate = MinDegree(queue, last, count);
                    var (_, cDepth, cLast) = Levels(candidate, mark, ++tag, queue);
                    if (cDepth <= depth)
                        break;
                    root = candidate;
                    depth = cDepth;
                    last = cLast;
                }
                // Cuthill–McKee from root: order[] is the queue
                int head = placed;
                order[placed++] = root;
                numbered[root] = true;
                var visit = new NumberVisit { Numbered = numbered, Degree = _degree, Keys = keys };
                while (head < placed)
                {
                    visit.Count = 0;
                    Neighbours(order[head++], ref visit);
                    Span<long> found = keys.AsSpan(0, visit.Count);
                    found.Sort();
                    foreach (long key in found) order[placed++] = (int)key;
                }
            }
            order.AsSpan().Reverse();
            return order;
        }
    }
}
