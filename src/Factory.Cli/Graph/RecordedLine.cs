using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Factory.Cli.Graph;

/// <summary>
/// Turns a line's recorded JSON (its steps, as the generator wrote them into
/// <c>[assembly: LineDescriptor]</c>) back into the <see cref="LineDescriptor"/> its generated
/// <c>Descriptor</c> is: the same stations, built by the same <see cref="LineDescriptor.Create"/>.
/// </summary>
internal static class RecordedLine
{
    /// <summary>The JSON format this reader knows.</summary>
    public const int Format = 1;

    public static LineDescriptor Read(string typeName, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            int format = root.GetProperty("format").GetInt32();
            if (format != Format)
            {
                throw CliException.Refused($"Line {typeName} is recorded in format {format.ToString(CultureInfo.InvariantCulture)}, newer than this factory reads ({Format.ToString(CultureInfo.InvariantCulture)}): update the factory tool.");
            }

            return Line(root);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw CliException.Refused($"Line {typeName}'s recorded descriptor cannot be read ({error.Message}): rebuild the assembly with this version of Factory.");
        }
    }

    private static LineDescriptor Line(JsonElement line)
    {
        var steps = new List<LineStep>();
        foreach (JsonElement step in line.GetProperty("steps").EnumerateArray())
        {
            if (step.TryGetProperty("routes", out JsonElement routes))
            {
                steps.Add(LineStep.Route(routes.EnumerateArray().Select(Route).ToArray()));
            }
            else if (step.TryGetProperty("station", out JsonElement station))
            {
                steps.Add(LineStep.Of(Station(station)));
            }
            else
            {
                steps.Add(LineStep.Of(Line(step.GetProperty("line"))));
            }
        }

        return LineDescriptor.Create(Text(line, "name"), Text(line, "typeName"), steps.ToArray());
    }

    private static RouteStep Route(JsonElement route)
    {
        string caseType = Text(route, "case");
        if (route.TryGetProperty("station", out JsonElement station))
        {
            return RouteStep.To(caseType, Station(station));
        }

        return route.TryGetProperty("line", out JsonElement line) ? RouteStep.To(caseType, Line(line)) : RouteStep.Discard(caseType);
    }

    private static StationDescriptor Station(JsonElement station)
    {
        JsonElement o = station.GetProperty("options");
        var options = new StationOptions(
            Parallelism: Int(o, "parallelism"),
            Capacity: Int(o, "capacity"),
            Ordered: o.GetProperty("ordered").GetBoolean(),
            MaxAttempts: Int(o, "maxAttempts"),
            BackoffMs: Int(o, "backoffMs"),
            TimeoutMs: Int(o, "timeoutMs"),
            BatchSize: Int(o, "batchSize"),
            BatchWaitMs: Int(o, "batchWaitMs"));
        return new StationDescriptor(
            Text(station, "name"),
            Text(station, "version"),
            Text(station, "typeName"),
            Text(station, "inputType"),
            Text(station, "outputType"),
            Enum.Parse<WorkShape>(Text(station, "shape")),
            options,
            Strings(station, "requires"))
        {
            Effects = Strings(station, "effects"),
            Gate = station.TryGetProperty("gate", out JsonElement gate) ? Gate(gate) : null,
        };
    }

    private static GateDescriptor Gate(JsonElement gate) => new(
        Strings(gate, "approvers"),
        Int(gate, "timeoutMinutes"),
        Enum.Parse<GateTimeout>(Text(gate, "onTimeout")),
        gate.GetProperty("fourEyes").GetBoolean());

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null");

    private static int Int(JsonElement element, string name) => element.GetProperty(name).GetInt32();

    private static string[] Strings(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(item => item.GetString() ?? string.Empty).ToArray();
}
