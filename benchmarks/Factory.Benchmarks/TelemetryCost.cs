using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Factory.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Factory.Benchmarks;

/// <summary>
/// Issue 7: "with no listener the cost is nil". S1's Factory line (three trivial stations,
/// <c>await foreach</c> over <c>RunAsync</c>) with nobody listening (the baseline), with an
/// <see cref="ActivityListener"/> on source "Factory" that records every span (sampling
/// <c>AllDataAndRecorded</c>; <c>ActivityStopped</c> does nothing), and with a
/// <see cref="MeterListener"/> enabling every instrument of meter "Factory" (a measurement callback
/// that does nothing), and with the OpenTelemetry SDK's tracer provider on source "Factory" sampling
/// with a parent-based 1% trace-id ratio sampler (no processor, no exporter: the sampler's cost and
/// Factory's), and with an <see cref="ActivityListener"/> whose sampler drops every span (Factory's own
/// part of a dropped material: one question to the sampler, nothing made). What the listener does with the data is not measured, only what Factory
/// pays to produce it. Listeners are process-wide, so each exists only between its own variant's
/// global setup and cleanup, and every invocation of a line checks (O(1)) that exactly its listener is on.
/// Two variants run no line: the spans alone, as System.Diagnostics and the SDK make them, the floor
/// under the traced and sampled variants' ratios.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Telemetry")]
public class TelemetryCost
{
    private const string FloorSource = "Factory.Benchmarks.Floor";
    private const string FloorRunId = "run-floor";

    private readonly AddOne addOne = new();
    private readonly Twice twice = new();
    private readonly Mask mask = new();
    private int count;
    private long expected;
    private Linear3 line = null!;
    private ActivityListener? spans;
    private MeterListener? instruments;
    private TracerProvider? sampled;
    private ActivitySource? floor;
    private ActivityLink floorRun;

    [GlobalSetup(Target = nameof(NoListener))]
    public void Setup()
    {
        count = Scale.Linear;
        expected = Expected.Linear3(count);
        line = new Linear3(addOne, twice, mask);
    }

    [GlobalSetup(Target = nameof(WithActivityListener))]
    public void SetupActivityListener()
    {
        Setup();
        spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => { },
        };
        ActivitySource.AddActivityListener(spans);
    }

    [GlobalSetup(Target = nameof(WithMeterListener))]
    public void SetupMeterListener()
    {
        Setup();
        instruments = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TelemetryNames.Source)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        instruments.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        instruments.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        instruments.SetMeasurementEventCallback<int>(static (_, _, _, _) => { });
        instruments.Start();
    }

    [GlobalSetup(Target = nameof(WithEveryMaterialDropped))]
    public void SetupDroppingListener()
    {
        Setup();
        spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
        };
        ActivitySource.AddActivityListener(spans);
    }

    [GlobalSetup(Target = nameof(WithOnePercentSampled))]
    public void SetupSampler()
    {
        Setup();
        sampled = Sdk.CreateTracerProviderBuilder()
            .AddSource(TelemetryNames.Source)
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(0.01)))
            .Build();
    }

    [GlobalSetup(Target = nameof(SpansAlone))]
    public void SetupSpansAlone()
    {
        Setup();
        floor = new ActivitySource(FloorSource);
        spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FloorSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => { },
        };
        ActivitySource.AddActivityListener(spans);
        floorRun = RunLink(floor);
    }

    [GlobalSetup(Target = nameof(OnePercentSampledAlone))]
    public void SetupSampledAlone()
    {
        Setup();
        floor = new ActivitySource(FloorSource);
        sampled = Sdk.CreateTracerProviderBuilder()
            .AddSource(FloorSource)
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(0.01)))
            .Build();
    }

    [GlobalCleanup(Targets = [nameof(WithActivityListener), nameof(WithMeterListener), nameof(WithOnePercentSampled), nameof(WithEveryMaterialDropped), nameof(SpansAlone), nameof(OnePercentSampledAlone)])]
    public void Cleanup()
    {
        sampled?.Dispose();
        sampled = null;
        spans?.Dispose();
        spans = null;
        instruments?.Dispose();
        instruments = null;
        floor?.Dispose();
        floor = null;
    }

    [PerMaterial(Scenario.Linear, Baseline = true, Description = "Factory line, RunAsync(), no listener")]
    public Task<long> NoListener() => RunAsync(spansOn: false, instrumentsOn: false, nameof(NoListener));

    [PerMaterial(Scenario.Linear, Description = "Factory line, RunAsync(), ActivityListener (all spans recorded)")]
    public Task<long> WithActivityListener() => RunAsync(spansOn: true, instrumentsOn: false, nameof(WithActivityListener));

    [PerMaterial(Scenario.Linear, Description = "Factory line, RunAsync(), OpenTelemetry SDK, parent-based 1% ratio sampler")]
    public Task<long> WithOnePercentSampled() => RunAsync(spansOn: true, instrumentsOn: false, nameof(WithOnePercentSampled));

    [PerMaterial(Scenario.Linear, Description = "Factory line, RunAsync(), ActivityListener dropping every span")]
    public Task<long> WithEveryMaterialDropped() => RunAsync(spansOn: true, instrumentsOn: false, nameof(WithEveryMaterialDropped));

    [PerMaterial(Scenario.Linear, Description = "Factory line, RunAsync(), MeterListener (every instrument)")]
    public Task<long> WithMeterListener() => RunAsync(spansOn: false, instrumentsOn: true, nameof(WithMeterListener));

    /// <summary>
    /// The floor of <see cref="WithActivityListener"/>: the two spans a traced material makes (its own,
    /// linked to the run's, with its two tags; the span of the fused stations, its child) made in a loop
    /// by System.Diagnostics alone, no line, under the same listener on a source of its own.
    /// </summary>
    [PerMaterial(Scenario.Linear, Description = "no line: a traced material's two spans alone, ActivityListener (all recorded)")]
    public long SpansAlone()
    {
        ActivitySource source = floor!;
        for (long id = 0; id < count; id++)
        {
            Activity material = source.CreateActivity(TelemetryNames.MaterialSpan, ActivityKind.Internal, default(ActivityContext))!;
            material.AddLink(floorRun);
            material.SetTag(TelemetryNames.RunId, FloorRunId);
            material.SetTag(TelemetryNames.MaterialId, id);
            material.Start();
            material.Stop();
            Activity.Current = null;
            Activity stations = source.StartActivity("AddOne+Twice+Mask", ActivityKind.Internal, material.Context)!;
            stations.SetStatus(ActivityStatusCode.Ok);
            stations.Dispose();
        }

        return count;
    }

    /// <summary>
    /// The floor of <see cref="WithOnePercentSampled"/>: what the OpenTelemetry SDK's parent-based 1%
    /// sampler costs for each root span asked for (a material's own span is the root of its trace), no
    /// line: a dropped root comes back as a propagation-only activity, a kept one is started and stopped.
    /// </summary>
    [PerMaterial(Scenario.Linear, Description = "no line: a root span asked for per material alone, OpenTelemetry SDK, 1% sampler")]
    public long OnePercentSampledAlone()
    {
        ActivitySource source = floor!;
        for (long id = 0; id < count; id++)
        {
            Activity? material = source.CreateActivity(TelemetryNames.MaterialSpan, ActivityKind.Internal, default(ActivityContext));
            if (material is { IsAllDataRequested: true })
            {
                material.Start();
                material.Stop();
                Activity.Current = null;
            }
        }

        return count;
    }

    /// <summary>A run's span on <paramref name="source"/>, ended, and the link every material's span carries to it.</summary>
    private static ActivityLink RunLink(ActivitySource source)
    {
        using Activity run = source.StartActivity(TelemetryNames.RunSpan)!;
        Activity.Current = null;
        return new ActivityLink(run.Context);
    }

    private async Task<long> RunAsync(bool spansOn, bool instrumentsOn, string variant)
    {
        // ModelTokens is public and in meter "Factory", so "every instrument" enables it too.
        if (FactoryTelemetry.Source.HasListeners() != spansOn || FactoryTelemetry.ModelTokens.Enabled != instrumentsOn)
        {
            throw new InvalidOperationException(
                $"{variant}: spans listened to: {FactoryTelemetry.Source.HasListeners()} (expected {spansOn}); instruments enabled: {FactoryTelemetry.ModelTokens.Enabled} (expected {instrumentsOn}).");
        }

        long sum = await FactoryRun.SumAsync(line.RunAsync(new Counting(count))).ConfigureAwait(false);
        Expected.Check(expected, sum, variant);
        return sum;
    }
}
