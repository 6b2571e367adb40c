namespace Factory;

/// <summary>
/// The value of each <see cref="StationAttribute"/> option that is not written. One definition: the
/// attribute, <see cref="StationOptions"/>, the runtime and the build-time generator and analyzers
/// (which compile this file in) all read them here.
/// </summary>
#if BUILDING_ROSLYN_COMPONENT
internal
#else
public
#endif
static class StationDefaults
{
    /// <summary>The station's version: "1".</summary>
    public const string Version = "1";

    /// <summary>Workers: 1.</summary>
    public const int Parallelism = 1;

    /// <summary>The input buffer's bound: 256.</summary>
    public const int Capacity = 256;

    /// <summary>Keep input order when parallel: true.</summary>
    public const bool Ordered = true;

    /// <summary>Attempts per material: 1 (no retry).</summary>
    public const int MaxAttempts = 1;

    /// <summary>Delay before the first retry, in milliseconds: 100.</summary>
    public const int BackoffMs = 100;

    /// <summary>Time per attempt, in milliseconds: 0, none.</summary>
    public const int TimeoutMs = 0;

    /// <summary>Materials per call: 0, not a batch station.</summary>
    public const int BatchSize = 0;

    /// <summary>How long a batch waits to fill, in milliseconds: 0, it goes when no more materials are ready.</summary>
    public const int BatchWaitMs = 0;
}
