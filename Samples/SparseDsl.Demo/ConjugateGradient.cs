using System;

namespace SparseDsl.Demo;

/// <summary>Unpreconditioned conjugate gradients for a symmetric positive definite operator.</summary>
public static class ConjugateGradient
{
    /// <summary>y = A x.</summary>
    public delegate void Operator(ReadOnlySpan<double> x, Span<double> y);

    public readonly record struct Result(bool Converged, int Iterations, double RelativeResidual);

    /// <summary>Solves A x = b from the initial guess in <paramref name="x"/>; reports progress every 100 iterations.</summary>
    public static Result Solve(Operator apply, ReadOnlySpan<double> b, Span<double> x, double tolerance, int maxIterations,
        Action<int, double>? progress = null)
    {
        int n = b.Length;
        var r = new double[n];
        var p = new double[n];
        var ap = new double[n];

        apply(x, ap);
        for (int i = 0; i < n; i++) r[i] = b[i] - ap[i];
        r.CopyTo(p, 0);
        double bNorm = Math.Sqrt(Dot(b, b));
        if (bNorm == 0) bNorm = 1;
        double rr = Dot(r, r);

        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            apply(p, ap);
            double alpha = rr / Dot(p, ap);
            for (int i = 0; i < n; i++)
            {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
            }
            double rrNext = Dot(r, r);
            double relative = Math.Sqrt(rrNext) / bNorm;
            if (relative <= tolerance) return new Result(true, iteration, relative);
            if (iteration % 100 == 0) progress?.Invoke(iteration, relative);
            double beta = rrNext / rr;
            rr = rrNext;
            for (int i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
        }
        return new Result(false, maxIterations, Math.Sqrt(rr) / bNorm);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
