using System;
using System.Collections.Generic;
using System.Diagnostics;
using Factory.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Factory.AI.Tests;

/// <summary>
/// Spans of one trace through the real OpenTelemetry SDK pipeline (sampler, processor). Its sampler
/// records only the trace this capture's root starts, but that alone does not keep other tests' spans
/// out: .NET asks every listener of the source and takes the strongest answer, and the SDK hands every
/// recorded span to its processors, so a span a parallel test's own listener records reaches this
/// provider too. The processor keeps the capture's trace alone.
/// </summary>
internal sealed class TraceCapture : IDisposable
{
    private readonly List<Activity> exported = [];
    private readonly TracerProvider tracing;

    public TraceCapture(string name)
    {
        Root = new Activity(name).Start();
        tracing = Sdk.CreateTracerProviderBuilder()
            .SetSampler(new OnlyTrace(Root.TraceId))
            .AddSource(TelemetryNames.Source)
            .AddProcessor(new OwnTrace(Root.TraceId, exported))
            .Build();
    }

    /// <summary>The caller's span: every span of the capture is in its trace.</summary>
    public Activity Root { get; }

    /// <summary>Ends the root and returns every span of its trace that ended.</summary>
    public Activity[] Spans()
    {
        Root.Stop();
        tracing.ForceFlush();
        lock (exported)
        {
            return [.. exported];
        }
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

    /// <summary>Keeps the spans of <paramref name="trace"/> as they end, on whichever thread ends them.</summary>
    private sealed class OwnTrace(ActivityTraceId trace, List<Activity> into) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.TraceId == trace)
            {
                lock (into)
                {
                    into.Add(data);
                }
            }
        }
    }
}
