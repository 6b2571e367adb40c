using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using Factory.Telemetry;

namespace Factory.Tests;

/// <summary>Records the spans Factory's activity source stops, for the telemetry tests.</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> stopped = new();
    private readonly ActivityListener listener;

    public SpanRecorder()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>The spans of one run: its run span, and everything in the traces of its materials.</summary>
    public Activity[] Of(string runId)
    {
        Activity[] all = stopped.ToArray();
        var traces = all.Where(a => (string?)a.GetTagItem(TelemetryNames.RunId) == runId).Select(a => a.TraceId).ToHashSet();
        return all.Where(a => traces.Contains(a.TraceId)).ToArray();
    }

    public Activity[] All() => stopped.ToArray();

    /// <summary>The spans named <paramref name="name"/> of run <paramref name="runId"/>.</summary>
    public Activity[] Named(string name, string runId) =>
        stopped.Where(a => a.DisplayName == name && (string?)a.GetTagItem(TelemetryNames.RunId) == runId).ToArray();

    public void Dispose() => listener.Dispose();
}
