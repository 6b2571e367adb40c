using System;
using System.Diagnostics;
using Factory.Gates;

namespace Factory.Telemetry;

/// <summary>
/// The span of a material's wait at a gate: from parking to the decision, in the material's own trace.
/// Written when the decision is taken, with the store's times, so a wait of days is one span, not an
/// activity kept open for days.
/// </summary>
internal static class GateSpan
{
    public static void Record(string line, string runId, GateItem item, GateDecision decision, object? trace)
    {
        if (!FactoryTelemetry.Source.HasListeners() || MaterialTrace.IsUnsampled(trace))
        {
            return;
        }

        Activity? callers = Activity.Current;
        ActivityContext parent = MaterialTrace.Context(trace);
        Activity? span = FactoryTelemetry.Source.StartActivity(TelemetryNames.GateSpan + " " + item.Key.Gate, ActivityKind.Internal, parent, startTime: item.Parked);
        Activity.Current = callers;
        if (span is null)
        {
            return;
        }

        if (span.IsAllDataRequested)
        {
            span.SetTag(TelemetryNames.Line, line);
            span.SetTag(TelemetryNames.Station, item.Key.Gate);
            span.SetTag(TelemetryNames.RunId, runId);
            span.SetTag(TelemetryNames.Tenant, item.Tenant);
            span.SetTag(TelemetryNames.MaterialId, item.Key.MaterialId);
            span.SetTag(TelemetryNames.GateDecision, decision.Kind.ToString());
            span.SetTag(TelemetryNames.GateTimedOut, decision.ByTimeout);
        }

        span.SetStatus(decision.Kind == GateDecisionKind.DeadLettered ? ActivityStatusCode.Error : ActivityStatusCode.Ok);
        span.SetEndTime(decision.Time.UtcDateTime < item.Parked.UtcDateTime ? item.Parked.UtcDateTime : decision.Time.UtcDateTime);
        span.Stop();
    }
}
