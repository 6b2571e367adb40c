using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using Factory.Telemetry;

namespace TicketTriage.Reporting;

/// <summary>
/// Listens to Factory's meter for one run and keeps, per station, what the per-attempt instruments
/// said: <c>factory.station.materials.processed</c>, <c>factory.station.attempts.failed</c>,
/// <c>factory.station.materials.dead_lettered</c>, and every <c>factory.station.duration</c>
/// measurement, so the latency percentiles are exact rather than read off histogram buckets.
/// </summary>
/// <remarks>
/// A <see cref="MeterListener"/> is process-wide: it hears every line that runs while it listens.
/// Give a line name to keep only that line's measurements (nested lines' stations are tagged with
/// the outer line). While it listens, stations take Factory's instrumented path: the clock is read
/// before and after each attempt.
/// </remarks>
public sealed class StationMetrics : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, Series> stations = new(StringComparer.Ordinal);
    private readonly string? line;
    private int order;

    /// <summary>Starts listening to the <c>Factory</c> meter, to every line or only to <paramref name="line"/>.</summary>
    public StationMetrics(string? line = null)
    {
        this.line = line;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TelemetryNames.Source && Listened(instrument.Name))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>(OnCount);
        listener.SetMeasurementEventCallback<double>(OnDuration);
        listener.Start();
    }

    /// <summary>What the instruments said so far, one entry per station, in the order the stations were first heard of.</summary>
    /// <remarks>
    /// The dictionary is copied first: another line running meanwhile adds stations to it, and LINQ sizes its array
    /// from a count read before it enumerates (an IndexOutOfRangeException in a test run once).
    /// </remarks>
    public IReadOnlyList<StationStats> Snapshot() =>
        stations
            .ToArray()
            .OrderBy(p => p.Value.Order)
            .Select(p => p.Value.Stats(p.Key))
            .ToArray();

    /// <summary>Stops listening; what was heard stays readable.</summary>
    public void Dispose() => listener.Dispose();

    private static bool Listened(string instrument) => instrument is
        TelemetryNames.MaterialsProcessed or
        TelemetryNames.AttemptsFailed or
        TelemetryNames.MaterialsDeadLettered or
        TelemetryNames.StationDuration;

    private void OnCount(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (Station(tags) is not { } series)
        {
            return;
        }

        switch (instrument.Name)
        {
            case TelemetryNames.MaterialsProcessed:
                Interlocked.Add(ref series.Processed, value);
                break;
            case TelemetryNames.AttemptsFailed:
                Interlocked.Add(ref series.Failed, value);
                break;
            case TelemetryNames.MaterialsDeadLettered:
                Interlocked.Add(ref series.DeadLettered, value);
                break;
        }
    }

    private void OnDuration(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == TelemetryNames.StationDuration && Station(tags) is { } series)
        {
            series.Record(seconds);
        }
    }

    /// <summary>The series of the station a measurement is tagged with, or null when it is another line's or untagged.</summary>
    private Series? Station(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? station = null;
        string? measuredLine = null;
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == TelemetryNames.Station)
            {
                station = tag.Value as string;
            }
            else if (tag.Key == TelemetryNames.Line)
            {
                measuredLine = tag.Value as string;
            }
        }

        if (station is null || (line is not null && !string.Equals(line, measuredLine, StringComparison.Ordinal)))
        {
            return null;
        }

        return stations.TryGetValue(station, out Series? series)
            ? series
            : stations.GetOrAdd(station, _ => new Series(Interlocked.Increment(ref order)));
    }

    /// <summary>One station's counts and durations; counters are added atomically, durations under a lock.</summary>
    private sealed class Series(int order)
    {
        private readonly List<double> durations = [];
        private readonly Lock gate = new();

        public long Processed;
        public long Failed;
        public long DeadLettered;

        public int Order { get; } = order;

        public void Record(double seconds)
        {
            lock (gate)
            {
                durations.Add(seconds);
            }
        }

        public StationStats Stats(string station)
        {
            double[] sorted;
            lock (gate)
            {
                sorted = [.. durations];
            }

            Array.Sort(sorted);
            return new StationStats(
                station,
                Interlocked.Read(ref Processed),
                Interlocked.Read(ref Failed),
                Interlocked.Read(ref DeadLettered),
                sorted.Length,
                Percentiles.NearestRank(sorted, 50),
                Percentiles.NearestRank(sorted, 95));
        }
    }
}
