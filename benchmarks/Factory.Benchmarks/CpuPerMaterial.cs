using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace Factory.Benchmarks;

/// <summary>
/// <c>-- --cpu VARIANT [RUNS] [quick]</c>: the process's CPU time per material of one S1, S3 or telemetry variant, in this
/// process, after warm-up runs, at the full count (1,000,000 a run; 200,000 with <c>quick</c>). Not BenchmarkDotNet: on a shared
/// machine wall time says how busy the others are, CPU time what a material costs. Run it back to back
/// before and after a change (and under <c>perf stat</c> or <c>perf record</c>, with
/// <c>DOTNET_PerfMapEnabled=1</c>, to see where the time goes).
/// </summary>
internal static class CpuPerMaterial
{
    private const int WarmUps = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        // At BenchmarkDotNet's quick count when asked ("quick" after the runs): a run's fixed cost weighs 5x more there.
        Environment.SetEnvironmentVariable(Scale.QuickVariable, Array.IndexOf(args, "quick") > 0 ? "1" : "0");
        var s1 = new S1LinearLine();
        var s3 = new S3TenStations();
        var telemetry = new TelemetryCost();
        var variants = new Dictionary<string, Func<Task<long>>>(StringComparer.OrdinalIgnoreCase)
        {
            ["S1.Fused"] = () => Task.FromResult(s1.Fused()),
            ["S1.Channels"] = s1.HandWrittenChannels,
            ["S1.Dataflow"] = s1.TplDataflow,
            ["S1.Start"] = s1.FactoryStart,
            ["S1.RunAsync"] = s1.FactoryRunAsync,
            ["S3.Fused"] = () => Task.FromResult(s3.Fused()),
            ["S3.Channels"] = s3.HandWrittenChannels,
            ["S3.Dataflow"] = s3.TplDataflow,
            ["S3.Start"] = s3.FactoryStart,
            ["Telemetry.Traced"] = telemetry.WithActivityListener,
            ["Telemetry.Sampled"] = telemetry.WithOnePercentSampled,
            ["Telemetry.Dropped"] = telemetry.WithEveryMaterialDropped,
            ["Telemetry.SpansAlone"] = () => Task.FromResult(telemetry.SpansAlone()),
            ["Telemetry.SampledAlone"] = () => Task.FromResult(telemetry.OnePercentSampledAlone()),
        };

        int at = Array.IndexOf(args, "--cpu");
        if (at + 1 >= args.Length || !variants.TryGetValue(args[at + 1], out Func<Task<long>>? variant))
        {
            Console.Error.WriteLine($"--cpu takes one of: {string.Join(", ", variants.Keys)}, then the number of measured runs (10 unless given).");
            return 1;
        }

        int runs = at + 2 < args.Length && args[at + 2] != "quick" ? int.Parse(args[at + 2], CultureInfo.InvariantCulture) : 10;
        s1.Setup();
        s3.Setup();

        // A telemetry variant's listener is process-wide: only the chosen one is set up.
        var telemetrySetups = new Dictionary<string, Action>(StringComparer.OrdinalIgnoreCase)
        {
            ["Telemetry.Traced"] = telemetry.SetupActivityListener,
            ["Telemetry.Sampled"] = telemetry.SetupSampler,
            ["Telemetry.Dropped"] = telemetry.SetupDroppingListener,
            ["Telemetry.SpansAlone"] = telemetry.SetupSpansAlone,
            ["Telemetry.SampledAlone"] = telemetry.SetupSampledAlone,
        };
        telemetrySetups.GetValueOrDefault(args[at + 1])?.Invoke();
        for (int i = 0; i < WarmUps; i++)
        {
            await variant().ConfigureAwait(false);
        }

        // FACTORY_CPU_TYPES=1: the types that allocate the most during the measured runs (the runtime's allocation samples).
        using AllocationTicks? ticks = Environment.GetEnvironmentVariable("FACTORY_CPU_TYPES") == "1" ? new AllocationTicks { Counting = true } : null;
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < runs; i++)
        {
            await variant().ConfigureAwait(false);
        }

        TimeSpan wall = Stopwatch.GetElapsedTime(started);
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
        double materials = (double)runs * Scale.Linear;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{args[at + 1]}: {cpu.TotalNanoseconds / materials:F1} ns CPU, {wall.TotalNanoseconds / materials:F1} ns wall, {allocated / materials:F2} B per material ({runs} runs of {Scale.Linear:N0}, after {WarmUps} warm-ups)"));
        foreach (string type in ticks?.Top(8) ?? [])
        {
            Console.WriteLine(type);
        }

        return 0;
    }
}
