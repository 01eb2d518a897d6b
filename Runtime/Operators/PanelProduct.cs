using System.Numerics;
using System.Runtime.CompilerServices;

namespace SparseDsl;

/// <summary>
/// O[i, j] = Σ_c P[i·pRow + c·pColumn] · S[c·sRow + j] for i &lt; rows, j &lt; columns, c &lt; inner: the register-blocked
/// product behind the Kronecker mode products (float and double). Four rows of O by two vectors of columns are kept
/// in registers over the whole c loop, so each step loads two vectors of S and four scalars of P for eight
/// multiply-adds. Callers pass references whose whole index range they have checked.
/// </summary>
internal static class PanelProduct
{
    public static void Multiply<T>(ref T p, int pRow, int pColumn, ref T s, int sRow, ref T o, int oRow, int rows, int columns, int inner)
        where T : unmanaged, INumberBase<T>
    {
        int width = Vector<T>.Count;
        int j = 0;
        for (; j + 2 * width <= columns; j += 2 * width)
        {
            int i = 0;
            for (; i + 4 <= rows; i += 4) Block4x2(ref p, pRow, pColumn, ref s, sRow, ref o, oRow, i, j, inner);
            for (; i < rows; i++) Block1x2(ref p, pRow, pColumn, ref s, sRow, ref o, oRow, i, j, inner);
        }
        for (; j + width <= columns; j += width)
            for (int i = 0; i < rows; i++)
            {
                var sum = Vector<T>.Zero;
                for (int c = 0; c < inner; c++)
                    sum += new Vector<T>(Unsafe.Add(ref p, i * pRow + c * pColumn)) * Vector.LoadUnsafe(ref s, (nuint)(c * sRow + j));
                sum.StoreUnsafe(ref o, (nuint)(i * oRow + j));
            }
        for (; j < columns; j++)
            for (int i = 0; i < rows; i++)
            {
                T sum = T.Zero;
                for (int c = 0; c < inner; c++) sum += Unsafe.Add(ref p, i * pRow + c * pColumn) * Unsafe.Add(ref s, c * sRow + j);
                Unsafe.Add(ref o, i * oRow + j) = sum;
            }
    }

    private static void Block4x2<T>(ref T p, int pRow, int pColumn, ref T s, int sRow, ref T o, int oRow, int i, int j, int inner)
        where T : unmanaged, INumberBase<T>
    {
        int width = Vector<T>.Count;
        Vector<T> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        ref T p0 = ref Unsafe.Add(ref p, i * pRow);
        for (int c = 0; c < inner; c++)
        {
            nuint at = (nuint)(c * sRow + j);
            var s0 = Vector.LoadUnsafe(ref s, at);
            var s1 = Vector.LoadUnsafe(ref s, at + (nuint)width);
            int pc = c * pColumn;
            var f0 = new Vector<T>(Unsafe.Add(ref p0, pc));
            var f1 = new Vector<T>(Unsafe.Add(ref p0, pRow + pc));
            var f2 = new Vector<T>(Unsafe.Add(ref p0, 2 * pRow + pc));
            var f3 = new Vector<T>(Unsafe.Add(ref p0, 3 * pRow + pc));
            a00 += f0 * s0; a01 += f0 * s1;
            a10 += f1 * s0; a11 += f1 * s1;
            a20 += f2 * s0; a21 += f2 * s1;
            a30 += f3 * s0; a31 += f3 * s1;
        }
        nuint row = (nuint)(i * oRow + j), step = (nuint)oRow, next = (nuint)width;
        a00.StoreUnsafe(ref o, row); a01.StoreUnsafe(ref o, row + next);
        a10.StoreUnsafe(ref o, row + step); a11.StoreUnsafe(ref o, row + step + next);
        a20.StoreUnsafe(ref o, row + 2 * step); a21.StoreUnsafe(ref o, row + 2 * step + next);
        a30.StoreUnsafe(ref o, row + 3 * step); a31.StoreUnsafe(ref o, row + 3 * step + next);
    }

    private static void Block1x2<T>(ref T p, int pRow, int pColumn, ref T s, int sRow, ref T o, int oRow, int i, int j, int inner)
        where T : unmanaged, INumberBase<T>
    {
        int width = Vector<T>.Count;
        Vector<T> a0 = default, a1 = default;
        for (int c = 0; c < inner; c++)
        {
            nuint at = (nuint)(c * sRow + j);
            var f = new Vector<T>(Unsafe.Add(ref p, i * pRow + c * pColumn));
            a0 += f * Vector.LoadUnsafe(ref s, at);
            a1 += f * Vector.LoadUnsafe(ref s, at + (nuint)width);
        }
        nuint row = (nuint)(i * oRow + j);
        a0.StoreUnsafe(ref o, row); a1.StoreUnsafe(ref o, row + (nuint)width);
    }
}
