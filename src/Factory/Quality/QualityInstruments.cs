using System.Diagnostics;
using System.Diagnostics.Metrics;
using Factory.Telemetry;

namespace Factory.Quality;

/// <summary>The <c>factory.quality.*</c> instruments, tagged with the line, the station and its full version.</summary>
internal static class QualityInstruments
{
    private static readonly Counter<long> SampledCounter = FactoryTelemetry.Meter.CreateCounter<long>(TelemetryNames.QualitySampled, TelemetryNames.MaterialUnit, "Outputs sent to the review queue.");
    private static readonly Counter<long> InspectedCounter = FactoryTelemetry.Meter.CreateCounter<long>(TelemetryNames.QualityInspected, TelemetryNames.MaterialUnit, "Outputs inspected, by verdict.");
    private static readonly Counter<long> AndonCounter = FactoryTelemetry.Meter.CreateCounter<long>(TelemetryNames.QualityAndon, "{trip}", "Andons tripped.");

    public static void Sampled(string line, StationDescriptor station, SampleReason reason)
    {
        if (SampledCounter.Enabled)
        {
            SampledCounter.Add(1, Tags(line, station, TelemetryNames.QualityReason, reason.ToString()));
        }
    }

    public static void Inspected(string line, StationDescriptor station, InspectionResult result)
    {
        if (InspectedCounter.Enabled)
        {
            InspectedCounter.Add(1, Tags(line, station, TelemetryNames.QualityVerdict, result.IsDefect ? "defect" : "ok"));
        }
    }

    public static void Andon(string line, StationDescriptor station, AndonAction action) =>
        AndonCounter.Add(1, Tags(line, station, TelemetryNames.QualityAction, action.ToString()));

    private static TagList Tags(string line, StationDescriptor station, string name, string value) => new()
    {
        { TelemetryNames.Line, line },
        { TelemetryNames.Station, station.Path },
        { TelemetryNames.StationVersion, station.FullVersion },
        { name, value },
    };
}
