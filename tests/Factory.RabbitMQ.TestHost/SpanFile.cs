using System;
using System.Diagnostics;
using System.IO;
using Factory.Telemetry;

namespace Factory.RabbitMQ.TestHost;

/// <summary>
/// Writes every span of Factory's activity source this process records to a file, one line each
/// (name, trace id, span id, parent span id, material id, tab-separated): how the trace test sees spans
/// made in other processes. Its sampler is parent-based, as OpenTelemetry's default: it keeps a root and
/// the child of a sampled parent, and drops (none) the child of an unsampled one.
/// </summary>
internal sealed class SpanFile : IDisposable
{
    private readonly StreamWriter writer;
    private readonly ActivityListener listener;

    public SpanFile(string path)
    {
        writer = new StreamWriter(path, append: false);
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent == default || options.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStopped = Write,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public void Dispose()
    {
        listener.Dispose();
        lock (writer)
        {
            writer.Dispose();
        }
    }

    private void Write(Activity span)
    {
        if (!span.Recorded)
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine($"{span.DisplayName}\t{span.TraceId}\t{span.SpanId}\t{span.ParentSpanId}\t{span.GetTagItem(TelemetryNames.MaterialId)}");
        }
    }
}
