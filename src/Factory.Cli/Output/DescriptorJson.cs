using System.Text.Json;
using Factory.Ledger;

namespace Factory.Cli.Output;

/// <summary>
/// A line's descriptor as <c>factory graph --format json</c> prints it: the stations as they run
/// (nested lines and route targets flattened, their paths), belts, routes, exits, and the descriptor's
/// hash as runs record it (<see cref="LineFingerprint"/>). A stable schema, as <see cref="RecordJson"/>.
/// </summary>
internal static class DescriptorJson
{
    public static void Line(Utf8JsonWriter json, LineDescriptor line)
    {
        json.WriteStartObject();
        json.WriteString("name", line.Name);
        json.WriteString("typeName", line.TypeName);
        json.WriteString("lineHash", LineFingerprint.Sha256(line));
        json.WriteString("inputType", line.InputType);
        json.WriteString("outputType", line.OutputType);
        Strings(json, "requires", line.Requires);
        json.WriteStartArray("stations");
        foreach (StationDescriptor station in line.Stations)
        {
            Station(json, station);
        }

        json.WriteEndArray();
        json.WriteStartArray("edges");
        foreach (LineEdge edge in line.Edges)
        {
            json.WriteStartObject();
            json.WriteNumber("from", edge.From);
            json.WriteNumber("to", edge.To);
            json.WriteString("materialType", edge.MaterialType);
            json.WriteString("route", edge.Route);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("routes");
        foreach (RouteDescriptor route in line.Routes)
        {
            json.WriteStartObject();
            json.WriteNumber("from", route.From);
            json.WriteString("caseType", route.CaseType);
            json.WriteNumber("to", route.To);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("exits");
        foreach (int exit in line.Exits)
        {
            json.WriteNumberValue(exit);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Station(Utf8JsonWriter json, StationDescriptor station)
    {
        StationOptions options = station.Options;
        json.WriteStartObject();
        json.WriteString("path", station.Path);
        json.WriteString("name", station.Name);
        json.WriteString("version", station.Version);
        json.WriteString("typeName", station.TypeName);
        json.WriteString("inputType", station.InputType);
        json.WriteString("outputType", station.OutputType);
        json.WriteString("shape", Words.Kebab(station.Shape.ToString()));
        json.WriteStartObject("options");
        json.WriteNumber("parallelism", options.Parallelism);
        json.WriteNumber("capacity", options.Capacity);
        json.WriteBoolean("ordered", options.Ordered);
        json.WriteNumber("maxAttempts", options.MaxAttempts);
        json.WriteNumber("backoffMs", options.BackoffMs);
        json.WriteNumber("timeoutMs", options.TimeoutMs);
        json.WriteNumber("batchSize", options.BatchSize);
        json.WriteNumber("batchWaitMs", options.BatchWaitMs);
        json.WriteEndObject();
        Strings(json, "requires", station.Requires);
        Strings(json, "effects", station.Effects);
        if (station.Gate is { } gate)
        {
            json.WriteStartObject("gate");
            Strings(json, "approvers", gate.Approvers);
            json.WriteNumber("timeoutMinutes", gate.TimeoutMinutes);
            json.WriteString("onTimeout", Words.Kebab(gate.OnTimeout.ToString()));
            json.WriteBoolean("fourEyes", gate.FourEyes);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("gate");
        }

        json.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter json, string name, System.Collections.Generic.IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
