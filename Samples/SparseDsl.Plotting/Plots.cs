using System;
using System.Globalization;
using System.IO;
using ScottPlot;

namespace SparseDsl.Plotting;

/// <summary>Size and axis options shared by every chart.</summary>
public sealed record PlotOptions
{
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 600;

    /// <summary>Base-10 logarithmic y axis (<see cref="Plots.Lines(string, string, string, string, PlotOptions, ValueTuple{string, double[], double[]}[])"/> and Scatter; every y must be positive).</summary>
    public bool LogY { get; init; }
}

/// <summary>
/// Static PNG charts on ScottPlot 5: each call checks its data (finite, matching lengths, a non-empty path), draws
/// one figure and writes it to <c>path</c>, creating the folder. The same data give the same bytes on the same
/// machine (no time stamps, fixed palette); glyphs come from the machine's fonts, so the bytes may differ between
/// machines with other fonts.
/// </summary>
public static class Plots
{
    /// <summary>Lines through (X[i], Y[i]) for each series, with a legend.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, params (string Label, double[] X, double[] Y)[] series)
        => Lines(path, title, xLabel, yLabel, new PlotOptions(), series);

    /// <summary>Lines through (X[i], Y[i]) for each series, with a legend; <see cref="PlotOptions.LogY"/> for a log y axis.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, PlotOptions options, params (string Label, double[] X, double[] Y)[] series)
        => XY(path, title, xLabel, yLabel, options, series, lines: true);

    /// <summary>Markers at (X[i], Y[i]) for each series, with a legend.</summary>
    public static void Scatter(string path, string title, string xLabel, string yLabel, params (string Label, double[] X, double[] Y)[] series)
        => Scatter(path, title, xLabel, yLabel, new PlotOptions(), series);

    /// <summary>Markers at (X[i], Y[i]) for each series, with a legend; <see cref="PlotOptions.LogY"/> for a log y axis.</summary>
    public static void Scatter(string path, string title, string xLabel, string yLabel, PlotOptions options, params (string Label, double[] X, double[] Y)[] series)
        => XY(path, title, xLabel, yLabel, options, series, lines: false);

    /// <summary>
    /// Overlaid histograms of each series' values over common bins (equal width, spanning the smallest to the largest
    /// value of all series; the last bin holds its right edge), drawn half-transparent.
    /// </summary>
    public static void Histogram(string path, string title, (string Label, double[] Values)[] series, int bins = 30, PlotOptions? options = null)
    {
        options = Check(path, options);
        CheckSeries(series);
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), $"{bins} bins: a histogram needs at least one.");
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var (label, values) in series)
        {
            CheckValues(values, label, "Values");
            foreach (double v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
        }
        if (min == max) { min -= 0.5; max += 0.5; }
        double width = (max - min) / bins;
        var plot = New(title, "value", "count");
        var centers = new double[bins];
        for (int b = 0; b < bins; b++) centers[b] = min + (b + 0.5) * width;
        for (int s = 0; s < series.Length; s++)
        {
            var counts = BinCounts(series[s].Values, min, width, bins);
            var bars = plot.Add.Bars(centers, counts);
            var color = Palette.GetColor(s).WithAlpha(series.Length > 1 ? 0.5 : 0.9);
            foreach (var bar in bars.Bars) { bar.Size = width; bar.FillColor = color; bar.LineWidth = 0; }
            bars.LegendText = series[s].Label;
        }
        plot.Axes.Margins(bottom: 0);
        Save(plot, path, options, legend: true);
    }

    /// <summary>The histogram counts of <paramref name="values"/> in <paramref name="bins"/> bins of <paramref name="width"/> from <paramref name="min"/> (the last bin closed).</summary>
    public static double[] BinCounts(double[] values, double min, double width, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new double[bins];
        foreach (double v in values)
        {
            int b = (int)Math.Floor((v - min) / width);
            if (b == bins) b--;                     // the largest value on the right edge
            if (b >= 0 && b < bins) counts[b]++;
        }
        return counts;
    }

    /// <summary>
    /// A reliability diagram: for each confidence bin, a bar of its accuracy at its mean confidence, the diagonal of
    /// perfect calibration, and the bin's count over the bar. Confidence and accuracy are in [0, 1].
    /// </summary>
    public static void Reliability(string path, string title, double[] binConfidence, double[] binAccuracy, int[] binCounts, PlotOptions? options = null)
    {
        options = Check(path, options);
        ArgumentNullException.ThrowIfNull(binConfidence);
        ArgumentNullException.ThrowIfNull(binAccuracy);
        ArgumentNullException.ThrowIfNull(binCounts);
        if (binConfidence.Length == 0) throw new ArgumentException("a reliability diagram needs at least one bin.", nameof(binConfidence));
        if (binAccuracy.Length != binConfidence.Length || binCounts.Length != binConfidence.Length)
            throw new ArgumentException($"binConfidence has {binConfidence.Length} bins, binAccuracy {binAccuracy.Length} and binCounts {binCounts.Length}; they must match.", nameof(binAccuracy));
        for (int b = 0; b < binConfidence.Length; b++)
        {
            if (!(binConfidence[b] >= 0 && binConfidence[b] <= 1)) throw new ArgumentException($"bin {b}: confidence {binConfidence[b]} is not in [0, 1].", nameof(binConfidence));
            if (!(binAccuracy[b] >= 0 && binAccuracy[b] <= 1)) throw new ArgumentException($"bin {b}: accuracy {binAccuracy[b]} is not in [0, 1].", nameof(binAccuracy));
            if (binCounts[b] < 0) throw new ArgumentException($"bin {b}: count {binCounts[b]} is negative.", nameof(binCounts));
        }
        var plot = New(title, "confidence", "accuracy");
        double width = 0.9 / binConfidence.Length;
        var bars = plot.Add.Bars(binConfidence, binAccuracy);
        foreach (var bar in bars.Bars) { bar.Size = width; bar.FillColor = Palette.GetColor(0).WithAlpha(0.7); bar.LineWidth = 0; }
        bars.LegendText = "accuracy";
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        diagonal.LegendText = "perfect calibration";
        for (int b = 0; b < binConfidence.Length; b++)
        {
            var text = plot.Add.Text(binCounts[b].ToString(CultureInfo.InvariantCulture), binConfidence[b], binAccuracy[b]);
            text.LabelFontSize = 10;
            text.LabelAlignment = Alignment.LowerCenter;
        }
        plot.Axes.SetLimits(0, 1, 0, 1.08);
        plot.ShowLegend(Alignment.UpperLeft);      // the high-confidence bars sit where the default (lower right) is
        Save(plot, path, options, legend: false);
    }

    /// <summary>Grouped bars: for each category, one bar per series (Values[i] for category i), with a legend.</summary>
    public static void Bars(string path, string title, string yLabel, string[] categories, params (string Label, double[] Values)[] series)
        => Bars(path, title, yLabel, new PlotOptions(), categories, series);

    /// <summary>Grouped bars: for each category, one bar per series (Values[i] for category i), with a legend.</summary>
    public static void Bars(string path, string title, string yLabel, PlotOptions options, string[] categories, params (string Label, double[] Values)[] series)
    {
        options = Check(path, options);
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Length == 0) throw new ArgumentException("a bar chart needs at least one category.", nameof(categories));
        CheckSeries(series);
        var plot = New(title, "", yLabel);
        double groupWidth = 0.8, width = groupWidth / series.Length;
        for (int s = 0; s < series.Length; s++)
        {
            var (label, values) = series[s];
            CheckValues(values, label, "Values");
            if (values.Length != categories.Length)
                throw new ArgumentException($"series '{label}' has {values.Length} values for {categories.Length} categories.", nameof(series));
            var positions = new double[values.Length];
            for (int i = 0; i < values.Length; i++) positions[i] = i - groupWidth / 2 + (s + 0.5) * width;
            var bars = plot.Add.Bars(positions, values);
            foreach (var bar in bars.Bars) { bar.Size = width; bar.FillColor = Palette.GetColor(s); bar.LineWidth = 0; }
            bars.LegendText = label;
        }
        var ticks = new double[categories.Length];
        for (int i = 0; i < ticks.Length; i++) ticks[i] = i;
        plot.Axes.Bottom.SetTicks(ticks, categories);
        plot.Axes.Margins(bottom: 0);
        Save(plot, path, options, legend: series.Length > 1 || series[0].Label.Length > 0);
    }

    // ---- shared ----------------------------------------------------------------------------------------

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    private static void XY(string path, string title, string xLabel, string yLabel, PlotOptions options, (string Label, double[] X, double[] Y)[] series, bool lines)
    {
        options = Check(path, options);
        CheckSeries(series);
        var plot = New(title, xLabel, yLabel);
        for (int s = 0; s < series.Length; s++)
        {
            var (label, x, y) = series[s];
            CheckValues(x, label, "X");
            CheckValues(y, label, "Y");
            if (x.Length != y.Length) throw new ArgumentException($"series '{label}': X has {x.Length} points but Y {y.Length}.", nameof(series));
            var shown = y;
            if (options.LogY)
            {
                shown = new double[y.Length];
                for (int i = 0; i < y.Length; i++)
                    shown[i] = y[i] > 0 ? Math.Log10(y[i]) : throw new ArgumentException($"series '{label}': Y[{i}] = {y[i]} is not positive, and the y axis is logarithmic.", nameof(series));
            }
            var scatter = plot.Add.Scatter(x, shown, Palette.GetColor(s));
            scatter.LegendText = label;
            if (lines) { scatter.MarkerSize = 0; scatter.LineWidth = 2; }
            else { scatter.LineWidth = 0; scatter.MarkerSize = 6; }
        }
        if (options.LogY)
        {
            // The data are drawn as log10 y; ticks at the integer powers of ten, labelled 10^k, minor ticks between.
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => "1e" + Math.Round(y).ToString(CultureInfo.InvariantCulture),
            };
            plot.Axes.Left.TickGenerator = ticks;
        }
        Save(plot, path, options, legend: true);
    }

    private static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title ?? "");
        plot.XLabel(xLabel ?? "");
        plot.YLabel(yLabel ?? "");
        return plot;
    }

    private static void Save(Plot plot, string path, PlotOptions options, bool legend)
    {
        if (legend) plot.ShowLegend();
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        plot.SavePng(path, options.Width, options.Height);
    }

    private static PlotOptions Check(string path, PlotOptions? options)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("the output path is empty.", nameof(path));
        options ??= new PlotOptions();
        if (options.Width < 16 || options.Height < 16 || options.Width > 10_000 || options.Height > 10_000)
            throw new ArgumentException($"image size {options.Width} x {options.Height}: each side must be 16 to 10000 pixels.", nameof(options));
        return options;
    }

    private static void CheckSeries<TSeries>(TSeries[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length == 0) throw new ArgumentException("a chart needs at least one series.", nameof(series));
    }

    private static void CheckValues(double[] values, string label, string what)
    {
        if (values is null) throw new ArgumentNullException(nameof(values), $"series '{label}': {what} is null.");
        if (values.Length == 0) throw new ArgumentException($"series '{label}': {what} is empty.", nameof(values));
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"series '{label}': {what}[{i}] = {values[i]} is not finite.", nameof(values));
    }
}
