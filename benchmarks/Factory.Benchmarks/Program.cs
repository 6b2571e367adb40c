using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Factory.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Factory.Benchmarks -- [--quick] [--inProcess] [--filter PATTERN] [other BenchmarkDotNet options]</c>,
/// or <c>-- --memory</c> for <see cref="MemoryAtScale"/>, <c>-- --cpu VARIANT [RUNS] [quick]</c> for <see cref="CpuPerMaterial"/>,
/// or <c>-- --broker-cpu</c> for <see cref="BrokerCpu"/>.
/// Without <c>--filter</c> every scenario runs. <c>--inProcess</c> runs in this process (no build of a
/// benchmark program first; less isolation). <c>--quick</c>: one launch, 40 warmups, 7 iterations
/// and smaller counts (see <see cref="Scale"/>); the full run is 3 launches x 15 iterations at the
/// issue's counts. Each invocation is one whole run of a scenario (OperationsPerInvoke = materials).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Contains("--memory"))
        {
            return MemoryAtScale.RunAsync().GetAwaiter().GetResult();
        }

        if (args.Contains("--cpu"))
        {
            return CpuPerMaterial.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "--broker-cpu")
        {
            return BrokerCpu.RunAsync(args[1..]).GetAwaiter().GetResult();
        }

        bool quick = args.Contains("--quick");

        // Handled here rather than by BenchmarkDotNet, which would add a second, default job.
        bool inProcess = args.Any(a => string.Equals(a, "--inProcess", StringComparison.OrdinalIgnoreCase));
        List<string> rest = args.Where(a => a != "--quick" && !string.Equals(a, "--inProcess", StringComparison.OrdinalIgnoreCase)).ToList();
        if (!rest.Any(a => a is "--filter" or "-f" || a.StartsWith("--filter=", StringComparison.Ordinal)))
        {
            rest.AddRange(["--filter", "*"]);
        }

        // Read by Scale here and, inherited, in every benchmark process.
        Environment.SetEnvironmentVariable(Scale.QuickVariable, quick ? "1" : "0");

        // Warm-up runs: tiered compilation counts calls only after 100 ms in which nothing new was compiled,
        // and the first runs of a process keep compiling a few methods each; Factory's quick S1 and S3 runs
        // (20-50 ms) reached their steady speed only after 10 to 22 of them (benchmarks/README.md,
        // "Warm-up"). Every variant gets the same; a full run's are five times longer.
        Job job = quick
            ? Job.Default.WithId("Quick").WithLaunchCount(1).WithWarmupCount(40).WithIterationCount(7)
            : Job.Default.WithId("Full").WithLaunchCount(3).WithWarmupCount(20).WithIterationCount(15);

        // One invocation = one whole run of the scenario over all its materials.
        job = job.WithInvocationCount(1).WithUnrollFactor(1);
        if (inProcess)
        {
            // No separate build and process per benchmark: faster to start, less isolated.
            job = job.WithToolchain(InProcessEmitToolchain.Instance);
        }

        IConfig config = DefaultConfig.Instance
            .AddJob(job)
            .AddColumn(StatisticColumn.Median)
            .WithOption(ConfigOptions.JoinSummary, false)

            // Building a benchmark program takes longer than BenchmarkDotNet's 2 minutes on a busy 2-core machine.
            .WithBuildTimeout(TimeSpan.FromMinutes(10));

        Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest.ToArray(), config).ToArray();
        if (summaries.Length == 0)
        {
            // --list, --help, or a filter that matched nothing.
            return args.Any(a => a is "--list" or "--help" or "-h" || a.StartsWith("--list=", StringComparison.Ordinal)) ? 0 : 1;
        }

        ResultsTable.Write(summaries, quick, args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
