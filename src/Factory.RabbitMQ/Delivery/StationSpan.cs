using System.Collections.Generic;
using System.Diagnostics;
using Factory.Runtime;
using Factory.Telemetry;

namespace Factory.RabbitMQ;

/// <summary>
/// A station's span in a worker, one per delivery: a child of the span the message was published under
/// (the upstream station's, in whichever worker ran it, or the material's at the caller), read from the
/// message's W3C <c>traceparent</c>/<c>tracestate</c>. It is current while the station works and its
/// outputs are published, so the next station's span, in another worker, is its child in turn and a
/// material's whole path across workers is one trace, as in process.
/// </summary>
internal static class StationSpan
{
    /// <summary>Starts the span (current from here), or null when nobody listens.</summary>
    public static Activity? Start(StationDescriptor station, string runId, MaterialInfo material, IDictionary<string, object?>? headers)
    {
        if (!FactoryTelemetry.Source.HasListeners())
        {
            return null;
        }

        // A message without a trace context (or with one that does not parse) starts a trace of its own.
        ActivityContext.TryParse(
            MessageHeaders.Text(headers, MessageHeaders.TraceParent), MessageHeaders.Text(headers, MessageHeaders.TraceState), isRemote: true, out ActivityContext parent);
        Activity? span = FactoryTelemetry.Source.StartActivity(TelemetryNames.StationSpan + " " + station.Path, ActivityKind.Consumer, parent);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(TelemetryNames.Station, station.Path);
            span.SetTag(TelemetryNames.StationVersion, station.Version);
            span.SetTag(TelemetryNames.MaterialId, material.Id);
            span.SetTag(TelemetryNames.RunId, runId);
            if (material.ParentId != 0)
            {
                span.SetTag(TelemetryNames.ParentId, material.ParentId);
            }
        }

        return span;
    }

    /// <summary>Ends the span with what the station's attempts gave; null (no outcome): the delivery was recognised as done, or it failed outside the station.</summary>
    public static void End(Activity? span, StationOutcome? outcome)
    {
        if (span is null)
        {
            return;
        }

        if (outcome is not null)
        {
            span.SetTag(TelemetryNames.Attempt, outcome.Executions.Count);
            span.SetTag(TelemetryNames.Outcome, outcome.DeadLetter is null ? "succeeded" : "dead_lettered");
            if (outcome.DeadLetter is { } letter)
            {
                // The dead letter's reason is already redacted with the job's secrets.
                span.SetTag(TelemetryNames.ErrorType, letter.ExceptionType);
                span.SetStatus(ActivityStatusCode.Error, letter.Message);
            }
        }

        span.Dispose();
    }
}
