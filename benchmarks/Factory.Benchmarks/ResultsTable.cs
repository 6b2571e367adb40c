using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Factory.Benchmarks;

/// <summary>
/// The table benchmarks/README.md shows: per scenario and variant, the median time per material, its
/// ratio to the baseline's median (hand-written channels, or the scenario's stated baseline), and the
/// bytes allocated per material with decimals (BenchmarkDotNet's own column rounds to whole bytes).
/// Printed at the end and written next to BenchmarkDotNet's reports as factory-results.md.
/// </summary>
internal static class ResultsTable
{
    public static void Write(Summary[] summaries, bool quick, string[] args)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Run: {(quick ? "--quick" : "full")} ({string.Join(' ', args)}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}\n\n");
        text.Append("| scenario | variant | materials | median per material | × baseline | allocated per material | note |\n");
        text.Append("|---|---|---:|---:|---:|---:|---|\n");
        foreach (Summary summary in summaries)
        {
            // Ratios are taken within one job and one set of parameters, as BenchmarkDotNet does.
            bool jobs = summary.BenchmarksCases.Select(c => c.Job.DisplayInfo).Distinct().Count() > 1;
            foreach (var group in summary.BenchmarksCases.GroupBy(c => (Job: c.Job.DisplayInfo, Parameters: c.Parameters.DisplayInfo)))
            {
                BenchmarkCase? baseline = group.FirstOrDefault(c => c.Descriptor.Baseline);
                double? baselineMedian = baseline is null ? null : Median(summary, baseline);
                foreach (BenchmarkCase benchmark in group)
                {
                    text.Append(Row(summary, benchmark, baselineMedian, jobs));
                }
            }
        }

        bool generator = summaries.SelectMany(s => s.BenchmarksCases).Any(c => c.Descriptor.Type == typeof(GeneratorCost));
        if (generator)
        {
            text.Append('\n').Append(GeneratorCost.DescribeEditCaching());
        }

        string report = text.ToString();
        Console.WriteLine();
        Console.WriteLine("// * Factory results *");
        Console.WriteLine(report);
        string directory = summaries[0].ResultsDirectoryPath;
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "factory-results.md");
        File.WriteAllText(path, report);
        Console.WriteLine($"// written to {path}");
    }

    private static string Row(Summary summary, BenchmarkCase benchmark, double? baselineMedian, bool showJob)
    {
        string scenario = benchmark.Descriptor.Type.Name + (showJob ? $" [{benchmark.Job.DisplayInfo}]" : string.Empty);
        string parameters = benchmark.HasParameters ? $" ({benchmark.Parameters.DisplayInfo.Trim('[', ']')})" : string.Empty;
        string variant = benchmark.Descriptor.WorkloadMethodDisplayInfo.Trim('\'') + parameters;
        int materials = benchmark.Descriptor.OperationsPerInvoke;
        double? median = Median(summary, benchmark);
        string time = median is double m ? Time(m) : "failed";
        string ratio = median is double a && baselineMedian is double b && b > 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) : "-";
        string allocated = Allocated(summary, benchmark);
        string note = benchmark.Descriptor.Type == typeof(S4IoBound) && median is double perMaterial
            ? $"{1e9 / perMaterial:N0}/s = {1e9 / perMaterial / S4IoBound.IdealPerSecond:P1} of ideal"
            : string.Empty;
        string unit = materials == 1 ? "per run" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"| {scenario} | {variant} | {(materials == 1 ? "-" : materials.ToString("N0", CultureInfo.InvariantCulture))} | {time} {unit}| {ratio} | {allocated} | {note} |\n");
    }

    private static double? Median(Summary summary, BenchmarkCase benchmark) => summary[benchmark]?.ResultStatistics?.Median;

    private static string Allocated(Summary summary, BenchmarkCase benchmark)
    {
        BenchmarkReport? report = summary[benchmark];
        if (report is null || report.GcStats.TotalOperations <= 0)
        {
            return "-";
        }

        long bytes = report.GcStats.GetTotalAllocatedBytes(excludeAllocationQuantumSideEffects: true) ?? 0;
        double perOperation = (double)bytes / report.GcStats.TotalOperations;
        return perOperation switch
        {
            < 1_000 => perOperation.ToString("0.00", CultureInfo.InvariantCulture) + " B",
            < 1_000_000 => (perOperation / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
            _ => (perOperation / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        };
    }

    private static string Time(double nanoseconds) => nanoseconds switch
    {
        < 1_000 => nanoseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
        < 1_000_000 => (nanoseconds / 1_000).ToString("0.00", CultureInfo.InvariantCulture) + " µs",
        _ => (nanoseconds / 1_000_000).ToString("0.0", CultureInfo.InvariantCulture) + " ms",
    };
}
