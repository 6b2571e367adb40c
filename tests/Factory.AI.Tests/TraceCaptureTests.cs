using System.Diagnostics;
using System.Linq;
using Factory.Telemetry;
using Xunit;

namespace Factory.AI.Tests;

/// <summary>The capture the OpenTelemetry tests read their spans from holds its own trace alone.</summary>
public sealed class TraceCaptureTests
{
    [Fact]
    public void A_span_another_listener_records_in_another_trace_is_not_captured()
    {
        using var trace = new TraceCapture("isolation");

        // What a test running at the same time does: its own listener records every span of the source.
        using var greedy = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(greedy);
        var elsewhere = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        FactoryTelemetry.Source.StartActivity("chat fake-model", ActivityKind.Client, elsewhere)!.Dispose();
        using (FactoryTelemetry.Source.StartActivity("mine"))
        {
        }

        Activity[] spans = trace.Spans();

        Assert.Equal(["mine"], spans.Select(span => span.DisplayName));
        Assert.Equal(trace.Root.SpanId, spans[0].ParentSpanId);
    }
}
