using System;
using System.Collections.Generic;
using System.Diagnostics;
using Factory.Gates;
using Microsoft.Extensions.Logging;

namespace Factory.Telemetry;

/// <summary>
/// What one run tells telemetry and its logger: the run's span, a trace for each material entering,
/// its stations' gauges while it runs, and its log messages (redacted with the job's secrets). It
/// knows the run by its line, id, job and stations' counts only: telemetry does not reach into the
/// runtime, the runtime calls it.
/// </summary>
internal sealed class RunTelemetry(LineDescriptor line, string runId, JobOrder job, ILogger? logger)
{
    private Activity? span;
    private ActivityLink? link;

    public LineDescriptor Line => line;

    public string RunId => runId;

    /// <summary>The live counts of the run's stations, for the gauges; set when the run starts.</summary>
    public IReadOnlyList<StationStatus> Stations { get; private set; } = [];

    /// <summary>The run starts: its span opens (without becoming the caller's current activity), its gauges count, and it is logged.</summary>
    public void Started(IReadOnlyList<StationStatus> stations)
    {
        Stations = stations;
        span = RunSpan.Start(line, runId, job);
        link = RunSpan.LinkTo(span);
        FactoryTelemetry.Track(this);
        if (logger is not null)
        {
            FactoryLog.RunStarted(logger, runId, line.Name, job.Id, job.Tenant);
        }
    }

    /// <summary>The run ended with <paramref name="report"/>, or failed with <paramref name="fault"/>.</summary>
    public void Ended(LineReport? report, Exception? fault)
    {
        FactoryTelemetry.Forget(this);
        RunSpan.End(span, report, fault, job);
        if (logger is null)
        {
            return;
        }

        if (report is not null)
        {
            FactoryLog.RunEnded(logger, runId, line.Name, report.Outcome, report.In, report.Out, report.DeadLettered, report.Discarded, (long)report.Duration.TotalMilliseconds);
        }
        else if (fault is not null)
        {
            FactoryLog.RunFailed(logger, runId, line.Name, fault.GetType().FullName ?? fault.GetType().Name, FactoryLog.Redacted(job, fault));
        }
    }

    /// <summary>The trace a material entering the line carries (<see cref="MaterialTrace"/>), or null when no one listens to spans.</summary>
    public object? Entering(long materialId) => RunSpan.Enter(link, runId, materialId);

    /// <summary>A station will try <paramref name="materialId"/> again after <paramref name="failure"/>.</summary>
    public void Retrying(string station, long materialId, int attempt, Exception failure)
    {
        if (logger is not null)
        {
            FactoryLog.Retrying(logger, station, materialId, attempt, failure.GetType().FullName ?? failure.GetType().Name, FactoryLog.Redacted(job, failure));
        }
    }

    public void DeadLettered(DeadLetter letter)
    {
        if (logger is not null)
        {
            FactoryLog.DeadLettered(logger, letter.MaterialId, letter.Station, letter.StationVersion, letter.Attempts, letter.ExceptionType, letter.Message);
        }
    }

    /// <summary>An input was refused: the job's material budget is spent.</summary>
    public void BudgetExhausted(string reason)
    {
        if (logger is not null)
        {
            FactoryLog.BudgetExhausted(logger, job.Id, reason);
        }
    }

    /// <summary>A station's andon tripped: an error in the log.</summary>
    public void AndonTripped(Quality.AndonTrip trip)
    {
        if (logger is not null)
        {
            FactoryLog.AndonTripped(logger, runId, trip.ToString());
        }
    }

    /// <summary>The run's gate <paramref name="gate"/> keeps its items in a store that does not survive the process.</summary>
    public void GateNotDurable(string gate, string store)
    {
        if (logger is not null)
        {
            FactoryLog.GateNotDurable(logger, gate, runId, store);
        }
    }

    /// <summary>A gate's decision was taken: the time it waited, and its span when anyone listens.</summary>
    public void GateDecided(GateItem item, GateDecision decision, object? trace)
    {
        double waited = Math.Max(0, (decision.Time - item.Parked).TotalSeconds);
        if (FactoryTelemetry.GateDecisionTime.Enabled)
        {
            FactoryTelemetry.GateDecisionTime.Record(
                waited,
                new KeyValuePair<string, object?>(TelemetryNames.Line, line.Name),
                new KeyValuePair<string, object?>(TelemetryNames.Station, item.Key.Gate),
                new KeyValuePair<string, object?>(TelemetryNames.GateDecision, decision.Kind.ToString()));
        }

        GateSpan.Record(line.Name, runId, item, decision, trace);
    }
}
