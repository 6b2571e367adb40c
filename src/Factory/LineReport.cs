using System;
using System.Collections.Generic;
using System.Linq;

namespace Factory;

/// <summary>What a run did: per-station counts, dead letters, duration and outcome.</summary>
public sealed class LineReport
{
    internal LineReport(
        LineDescriptor line,
        JobOrder job,
        LineOutcome outcome,
        IReadOnlyList<StationReport> stations,
        IReadOnlyList<DeadLetter> deadLetters,
        IReadOnlyList<DiscardedMaterial> discards,
        TimeSpan duration)
    {
        Line = line;
        Job = job;
        Outcome = outcome;
        Stations = stations;
        DeadLetters = deadLetters;
        Discards = discards;
        Duration = duration;
    }

    /// <summary>The run's id.</summary>
    public string RunId { get; init; } = string.Empty;

    /// <summary>The line that ran.</summary>
    public LineDescriptor Line { get; }

    /// <summary>The job order it ran under.</summary>
    public JobOrder Job { get; }

    /// <summary>How the run ended.</summary>
    public LineOutcome Outcome { get; }

    /// <summary>Counts per station, in run order.</summary>
    public IReadOnlyList<StationReport> Stations { get; }

    /// <summary>Every dead letter of the run.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters { get; }

    /// <summary>Every material a route discarded on purpose (not dead letters).</summary>
    public IReadOnlyList<DiscardedMaterial> Discards { get; }

    /// <summary>Wall time from start to the last output.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Materials that entered the line: its first station's, or, when its stations ran elsewhere (a transport), what entered its entry.</summary>
    public long In
    {
        get => entered ?? (Stations.Count == 0 ? 0 : Stations[0].In);
        init => entered = value;
    }

    private readonly long? entered;

    /// <summary>Materials that left the line.</summary>
    public long Out { get; init; }

    /// <summary>Dead letters over the whole line (stations and routes).</summary>
    public long DeadLettered => DeadLetters.Count;

    /// <summary>Model tokens (input plus output) over all stations.</summary>
    public long Tokens => Stations.Sum(s => s.InputTokens + s.OutputTokens);

    /// <summary>Model cost over all stations.</summary>
    public decimal Cost => Stations.Sum(s => s.Cost);

    /// <summary>
    /// The materials still waiting at gates when the run ended (outcome
    /// <see cref="LineOutcome.AwaitingDecision"/>); empty when none.
    /// </summary>
    public IReadOnlyList<Gates.GateItem> AwaitingDecision { get; init; } = [];

    /// <summary>Materials discarded by routes.</summary>
    public long Discarded => Discards.Count;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Line.Name} {Outcome} in {Duration.TotalMilliseconds:0} ms: {In} in, {Out} out, {DeadLettered} dead-lettered, {Discarded} discarded"
        + (AwaitingDecision.Count > 0 ? $", {AwaitingDecision.Count} awaiting decision" : string.Empty);
}
