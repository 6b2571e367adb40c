using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Factory.Telemetry;

/// <summary>
/// Factory's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named "Factory". With no
/// listener nothing is recorded and stations take their fast path: the cost is one check per
/// material. Point the OpenTelemetry SDK at <see cref="TelemetryNames.Source"/> to export.
/// </summary>
public static class FactoryTelemetry
{
    private static readonly ConcurrentDictionary<RunTelemetry, byte> LiveRuns = new();

    /// <summary>Spans: runs, materials entering, station attempts, model calls.</summary>
    public static ActivitySource Source { get; } = new(TelemetryNames.Source, typeof(FactoryTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Instruments: counts, latencies, queue depths, tokens.</summary>
    public static Meter Meter { get; } = new(TelemetryNames.Source, typeof(FactoryTelemetry).Assembly.GetName().Version?.ToString());

    internal static Counter<long> Processed { get; } = Meter.CreateCounter<long>(TelemetryNames.MaterialsProcessed, TelemetryNames.MaterialUnit, "Materials a station finished.");

    internal static Counter<long> Failed { get; } = Meter.CreateCounter<long>(TelemetryNames.AttemptsFailed, TelemetryNames.AttemptUnit, "Station attempts that failed.");

    internal static Counter<long> DeadLettered { get; } = Meter.CreateCounter<long>(TelemetryNames.MaterialsDeadLettered, TelemetryNames.MaterialUnit, "Materials that became dead letters.");

    internal static Histogram<double> Duration { get; } = Meter.CreateHistogram<double>(TelemetryNames.StationDuration, TelemetryNames.SecondsUnit, "How long one station attempt took.");

    /// <summary>Model tokens used, tagged with the model and the token type.</summary>
    public static Counter<long> ModelTokens { get; } = Meter.CreateCounter<long>(TelemetryNames.ModelTokens, "{token}", "Model tokens used.");

    /// <summary>Model cost spent, tagged with the model.</summary>
    public static Counter<double> ModelCost { get; } = Meter.CreateCounter<double>(TelemetryNames.ModelCost, "{cost}", "Model cost spent, in the prices' currency.");

    internal static ObservableGauge<int> QueueDepth { get; } = Meter.CreateObservableGauge(TelemetryNames.QueueDepth, () => Observe(static s => s.Queued), TelemetryNames.MaterialUnit, "Materials waiting in a station's input buffer.");

    internal static ObservableGauge<int> InFlight { get; } = Meter.CreateObservableGauge(TelemetryNames.InFlight, () => Observe(static s => (int)Math.Max(0, s.In - s.Out - s.DeadLettered)), TelemetryNames.MaterialUnit, "Materials a station is working on.");

    internal static ObservableGauge<int> GateWaiting { get; } = Meter.CreateObservableGauge(TelemetryNames.GateWaiting, () => Observe(static s => (int)Math.Max(0, s.In - s.Out - s.DeadLettered), gatesOnly: true), TelemetryNames.MaterialUnit, "Materials waiting at a gate for a decision.");

    internal static Histogram<double> GateDecisionTime { get; } = Meter.CreateHistogram<double>(TelemetryNames.GateDecisionTime, TelemetryNames.SecondsUnit, "How long a material waited at a gate for its decision.");

    /// <summary>True when anyone listens to spans or to the per-attempt instruments.</summary>
    internal static bool IsListening => Source.HasListeners() || IsMetered;

    /// <summary>True when anyone listens to the per-attempt instruments: every attempt is then timed, traced or not.</summary>
    internal static bool IsMetered => Processed.Enabled || Failed.Enabled || DeadLettered.Enabled || Duration.Enabled;

    internal static void Track(RunTelemetry run) => LiveRuns.TryAdd(run, 0);

    internal static void Forget(RunTelemetry run) => LiveRuns.TryRemove(run, out _);

    private static IEnumerable<Measurement<int>> Observe(Func<StationStatus, int> read, bool gatesOnly = false)
    {
        foreach (RunTelemetry run in LiveRuns.Keys)
        {
            foreach (StationStatus station in run.Stations)
            {
                if (gatesOnly && station.Station.Gate is null)
                {
                    continue;
                }

                yield return new Measurement<int>(
                    read(station),
                    new KeyValuePair<string, object?>(TelemetryNames.Line, run.Line.Name),
                    new KeyValuePair<string, object?>(TelemetryNames.Station, station.Station.Path),
                    new KeyValuePair<string, object?>(TelemetryNames.RunId, run.RunId));
            }
        }
    }
}
