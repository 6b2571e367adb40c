using System;
using System.Collections.Generic;
using System.Diagnostics;
using Factory.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Factory.AI.Tests;

/// <summary>
/// Spans of one trace through the real OpenTelemetry SDK pipeline (sampler, processor, in-memory
/// exporter). The sampler records only the trace this capture's root starts, so spans other tests emit
/// at the same time never enter its list (the exporter adds to it on their threads too).
/// </summary>
internal sealed class TraceCapture : IDisposable
{
    private readonly List<Activity> exported = [];
    private readonly TracerProvider tracing;

    public TraceCapture(string name)
    {
        Root = new Activity(name).Start();
        tracing = Sdk.CreateTracerProviderBuilder().SetSampler(new OnlyTrace(Root.TraceId)).AddSource(TelemetryNames.Source).AddInMemoryExporter(exported).Build();
    }

    /// <summary>The caller's span: every span of the capture is in its trace.</summary>
    public Activity Root { get; }

    /// <summary>Ends the root and returns every span the trace exported.</summary>
    public Activity[] Spans()
    {
        Root.Stop();
        tracing.ForceFlush();
        return [.. exported];
    }

    public void Dispose()
    {
        tracing.Dispose();
        Root.Dispose();
    }

    private sealed class OnlyTrace(ActivityTraceId trace) : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(samplingParameters.TraceId == trace ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }
}
