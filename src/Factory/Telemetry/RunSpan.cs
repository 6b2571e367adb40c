using System;
using System.Diagnostics;

namespace Factory.Telemetry;

/// <summary>
/// The spans a run makes besides its stations': one for the run, and one per material as it enters
/// the line, which starts the material's own trace (linked to the run's span) so one material's
/// whole path — across nested lines and splits — is one trace.
/// </summary>
internal static class RunSpan
{
    public static Activity? Start(LineDescriptor line, string runId, JobOrder job)
    {
        if (!FactoryTelemetry.Source.HasListeners())
        {
            return null;
        }

        // The run's span must not become the caller's current activity.
        Activity? callers = Activity.Current;
        Activity? span = FactoryTelemetry.Source.StartActivity(TelemetryNames.RunSpan + " " + line.Name, ActivityKind.Internal);
        Activity.Current = callers;
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TelemetryNames.Line, line.Name);
            span.SetTag(TelemetryNames.RunId, runId);
            span.SetTag(TelemetryNames.JobId, job.Id);
            span.SetTag(TelemetryNames.Tenant, job.Tenant);
        }

        return span;
    }

    public static void End(Activity? span, LineReport? report, Exception? fault, JobOrder job)
    {
        if (span is null)
        {
            return;
        }

        if (fault is not null)
        {
            span.SetTag(TelemetryNames.ErrorType, fault.GetType().FullName);
            span.SetStatus(ActivityStatusCode.Error, job.Secrets.Redact(fault.Message));
        }
        else if (report is not null)
        {
            span.SetTag(TelemetryNames.Outcome, report.Outcome.ToString());
            span.SetStatus(report.Outcome is LineOutcome.Completed or LineOutcome.AwaitingDecision ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        }

        span.Stop();
    }

    /// <summary>The link of every material's span to the run's span: made once per run, not per material.</summary>
    public static ActivityLink? LinkTo(Activity? run) => run is null ? null : new ActivityLink(run.Context);

    /// <summary>
    /// The trace a new material carries (<see cref="MaterialTrace"/>): a short span of its own, a child of the
    /// caller's context if any, linked to the run's span (<paramref name="link"/>); when the sampler drops it,
    /// what a transport propagates the drop with (<see cref="MaterialTrace"/>); null when no one listens.
    /// </summary>
    /// <remarks>
    /// The span is made and asked about before it starts, and the link added after: one the sampler drops,
    /// or keeps for propagation only (the OpenTelemetry SDK does that with a dropped root), is never
    /// started, so it costs no span id, no change of the current activity and no copy of the link.
    /// </remarks>
    public static object? Enter(ActivityLink? link, string runId, long materialId)
    {
        if (!FactoryTelemetry.Source.HasListeners())
        {
            return null;
        }

        Activity? callers = Activity.Current;
        Activity? span = FactoryTelemetry.Source.CreateActivity(TelemetryNames.MaterialSpan, ActivityKind.Internal, callers?.Context ?? default);
        if (span is not { IsAllDataRequested: true })
        {
            // Kept for propagation only: the span, never started, holds the trace id the sampler was asked
            // about. Dropped: the trace id was the caller's, if it had one.
            return span ?? (object?)callers ?? MaterialTrace.Unsampled;
        }

        if (link is { } run)
        {
            span.AddLink(run);
        }

        // The line is the run's: its span, linked, says it.
        span.SetTag(TelemetryNames.RunId, runId);
        span.SetTag(TelemetryNames.MaterialId, materialId);
        span.Start();
        span.Stop();
        Activity.Current = callers;
        return span;
    }
}
