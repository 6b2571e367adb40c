using System;
using System.Collections.Generic;
using Factory.Ledger;

namespace Factory.Cli.Commands;

/// <summary>What one station did in a run, summed from its attempts and its materials' outcomes.</summary>
internal sealed class StationTally(string station)
{
    private readonly SortedSet<string> versions = new(StringComparer.Ordinal);
    private readonly SortedSet<string> models = new(StringComparer.Ordinal);

    public string Station { get; } = station;

    public long Attempts { get; private set; }

    public long Succeeded { get; private set; }

    public long Failed { get; private set; }

    public long TimedOut { get; private set; }

    public TimeSpan Busy { get; private set; }

    public TimeSpan Longest { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    /// <summary>Materials whose outcome was here: dead-lettered, discarded or split.</summary>
    public long DeadLettered { get; private set; }

    public long Discarded { get; private set; }

    public long Split { get; private set; }

    public string Versions => string.Join(", ", versions);

    public string Models => string.Join(", ", models);

    public TimeSpan Mean => Attempts == 0 ? TimeSpan.Zero : Busy / Attempts;

    public void Add(ExecutionRecord attempt)
    {
        Attempts++;
        switch (attempt.Outcome)
        {
            case ExecutionOutcome.Succeeded:
                Succeeded++;
                break;
            case ExecutionOutcome.Failed:
                Failed++;
                break;
            default:
                TimedOut++;
                break;
        }

        Busy += attempt.Duration;
        Longest = attempt.Duration > Longest ? attempt.Duration : Longest;
        InputTokens += attempt.InputTokens;
        OutputTokens += attempt.OutputTokens;
        versions.Add(attempt.StationVersion);
        if (attempt.Model is { } model)
        {
            models.Add(model);
        }
    }

    public void Add(MaterialOutcome outcome)
    {
        switch (outcome)
        {
            case MaterialOutcome.DeadLettered:
                DeadLettered++;
                break;
            case MaterialOutcome.Discarded:
                Discarded++;
                break;
            case MaterialOutcome.Split:
                Split++;
                break;
        }
    }
}
