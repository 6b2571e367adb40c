using System;

namespace Factory;

/// <summary>
/// Marks a <c>partial</c> class as a station: one typed step <c>TIn -> TOut</c>. The station's work is
/// exactly one public instance method named <c>Process</c> or <c>ProcessAsync</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
#if BUILDING_ROSLYN_COMPONENT
internal
#else
public
#endif
sealed class StationAttribute : Attribute
{
    /// <summary>The station's name in descriptors, reports and dead letters. Default: the class name.</summary>
    public string? Name { get; set; }

    /// <summary>The station's version, recorded with every material it processes. Default "1".</summary>
    public string Version { get; set; } = StationDefaults.Version;

    /// <summary>How many workers run the station at once. Default 1.</summary>
    public int Parallelism { get; set; } = StationDefaults.Parallelism;

    /// <summary>Bound of the station's input buffer; a full buffer blocks the writer. Default 256.</summary>
    public int Capacity { get; set; } = StationDefaults.Capacity;

    /// <summary>Keep input order in the output when <see cref="Parallelism"/> is above 1. Default true.</summary>
    public bool Ordered { get; set; } = StationDefaults.Ordered;

    /// <summary>Attempts per material before it becomes a dead letter. Default 1 (no retry).</summary>
    public int MaxAttempts { get; set; } = StationDefaults.MaxAttempts;

    /// <summary>Delay before the first retry in milliseconds, doubled each time, with jitter. Default 100.</summary>
    public int BackoffMs { get; set; } = StationDefaults.BackoffMs;

    /// <summary>Time allowed per attempt in milliseconds; 0 means none. Default 0.</summary>
    public int TimeoutMs { get; set; } = StationDefaults.TimeoutMs;

    /// <summary>
    /// Makes this a batch station: its work method takes <c>IReadOnlyList&lt;TIn&gt;</c> and returns
    /// <c>IReadOnlyList&lt;TOut&gt;</c> (one output per input, in order), called with up to this many
    /// materials at once. 0 (the default) means not a batch station.
    /// </summary>
    public int BatchSize { get; set; } = StationDefaults.BatchSize;

    /// <summary>
    /// How long a batch waits to fill, in milliseconds from its first material, before it goes
    /// anyway. 0 (the default): a batch goes as soon as no more materials are ready.
    /// </summary>
    public int BatchWaitMs { get; set; } = StationDefaults.BatchWaitMs;

    /// <summary>Permissions the job order must grant for a line containing this station to run.</summary>
    public string[] Requires { get; set; } = [];

    /// <summary>
    /// What the station does outside the line, as a comma-separated list of permissions (e.g.
    /// <c>"refunds:issue"</c>): such a station may only be reached through a gate (FCT0025).
    /// </summary>
    public string? Effects { get; set; }
}
