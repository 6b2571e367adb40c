using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Factory.Telemetry;

namespace Factory.Tests;

/// <summary>Records every measurement of Factory's meter, with its tags, for the telemetry tests.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> measured = new();
    private readonly MeterListener listener = new();

    public MetricRecorder()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TelemetryNames.Source)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        listener.Start();
    }

    public void Observe() => listener.RecordObservableInstruments();

    public double Sum(string instrument, string line, string station) => Matching(instrument, line, station).Sum(m => m.Value);

    public int Count(string instrument, string line, string station) => Matching(instrument, line, station).Count();

    public double Last(string instrument, string line, string station) => Matching(instrument, line, station).Last().Value;

    /// <summary>The last value of <paramref name="instrument"/> for run <paramref name="runId"/>.</summary>
    public double Last(string instrument, string runId) =>
        measured.Last(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(TelemetryNames.RunId), runId)).Value;

    /// <summary>Every value of <paramref name="instrument"/> for station <paramref name="station"/>.</summary>
    public IEnumerable<double> Recorded(string instrument, string station) =>
        measured.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(TelemetryNames.Station), station)).Select(m => m.Value);

    public IEnumerable<string> AllTags() => measured.SelectMany(m => m.Tags.Values).Select(v => v?.ToString() ?? string.Empty);

    public void Dispose() => listener.Dispose();

    private IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> Matching(string instrument, string line, string station) =>
        measured.Where(m => m.Instrument == instrument
            && Equals(m.Tags.GetValueOrDefault(TelemetryNames.Line), line)
            && Equals(m.Tags.GetValueOrDefault(TelemetryNames.Station), station));

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        measured.Enqueue((instrument.Name, value, copy));
    }
}
