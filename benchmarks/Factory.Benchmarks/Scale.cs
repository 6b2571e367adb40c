using System;
using BenchmarkDotNet.Attributes;

namespace Factory.Benchmarks;

/// <summary>
/// How many materials each scenario runs. <c>--quick</c> sets <see cref="QuickVariable"/> in the host
/// process before BenchmarkDotNet starts; benchmark processes inherit it, so the host (which reads
/// <c>OperationsPerInvoke</c>) and the process that runs the work agree on the count.
/// </summary>
internal static class Scale
{
    public const string QuickVariable = "FACTORY_BENCH_QUICK";

    public static bool Quick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    /// <summary>S1, S2, S3 and the telemetry cost (S1's line): the 1,000,000; quick 200,000.</summary>
    public static int Linear => Quick ? 200_000 : 1_000_000;

    /// <summary>S5, the routed line and the batched station: the 1,000,000; quick 200,000.</summary>
    public static int Branching => Quick ? 200_000 : 1_000_000;

    /// <summary>
    /// S1 through a peer that costs hundreds of microseconds a material (Agent Framework's workflows, one
    /// run per material): 20,000; quick 2,000. Still per material, so its ratio to S1's baseline holds.
    /// </summary>
    public static int LinearPeer => Quick ? 2_000 : 20_000;

    /// <summary>S4: the 5,000 (78 rounds of 64); quick 1,280 (20 rounds).</summary>
    public static int IoBound => Quick ? 1_280 : 5_000;

    /// <summary>S6: the 1,000,000 tickets; quick 100,000.</summary>
    public static int Tickets => Quick ? 100_000 : 1_000_000;

    public static int Of(Scenario scenario) => scenario switch
    {
        Scenario.Linear => Linear,
        Scenario.LinearPeer => LinearPeer,
        Scenario.IoBound => IoBound,
        Scenario.Branching => Branching,
        Scenario.Tickets => Tickets,
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };
}

internal enum Scenario
{
    Linear,
    LinearPeer,
    IoBound,
    Branching,
    Tickets,
}

/// <summary>
/// <c>[Benchmark]</c> with <c>OperationsPerInvoke</c> = the scenario's material count, so every
/// result is per material. (BenchmarkDotNet only takes a constant there; this attribute computes it
/// when BenchmarkDotNet reads it, which lets <c>--quick</c> use smaller counts honestly.)
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PerMaterialAttribute : BenchmarkAttribute
{
    public PerMaterialAttribute(Scenario scenario, [System.Runtime.CompilerServices.CallerLineNumber] int line = 0, [System.Runtime.CompilerServices.CallerFilePath] string file = "")
        : base(line, file)
    {
        OperationsPerInvoke = Scale.Of(scenario);
    }
}
