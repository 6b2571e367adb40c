using Factory.Generators.Model;

namespace Factory.Generators.Emit;

/// <summary>
/// Emits a line's <c>[assembly: LineDescriptor(typeName, json)]</c>: its steps as JSON, every station
/// with the facts of its <c>Descriptor</c>, nested lines with their own steps, so <c>factory graph</c>
/// can rebuild the line's descriptor from the built assembly's metadata without running it.
/// </summary>
internal static class LineDescriptorEmitter
{
    /// <summary>The JSON format; a reader refuses a format it does not know.</summary>
    public const int Format = 1;

    public static string Emit(LineGraphModel line)
    {
        var writer = new SourceWriter();
        TypeScope.Header(writer);
        writer.Line($"[assembly: global::Factory.LineDescriptor({Literals.String(line.Type.MetadataName)}, {Literals.String(Json(line))})]");
        return writer.ToString();
    }

    /// <summary>The line's JSON: <c>{"format":1,"name","typeName","steps":[...]}</c>.</summary>
    public static string Json(LineGraphModel line)
    {
        var json = new JsonText();
        json.StartObject().Number("format", Format);
        WriteLine(json, line);
        return json.EndObject().ToString();
    }

    private static void WriteLine(JsonText json, LineGraphModel line)
    {
        json.String("name", line.Name).String("typeName", line.Type.MetadataName).StartArray("steps");
        foreach (GraphStepModel step in line.Steps)
        {
            json.StartObject();
            if (step.Routes.Count > 0)
            {
                json.StartArray("routes");
                foreach (GraphRouteModel route in step.Routes)
                {
                    json.StartObject().String("case", route.CaseType);
                    WriteTarget(json, route.Station, route.Line);
                    json.EndObject();
                }

                json.EndArray();
            }
            else
            {
                WriteTarget(json, step.Station, step.Line);
            }

            json.EndObject();
        }

        json.EndArray();
    }

    private static void WriteTarget(JsonText json, GraphStationModel? station, LineGraphModel? line)
    {
        if (station is not null)
        {
            json.StartObject("station");
            WriteStation(json, station);
            json.EndObject();
        }
        else if (line is not null)
        {
            json.StartObject("line");
            WriteLine(json, line);
            json.EndObject();
        }
    }

    private static void WriteStation(JsonText json, GraphStationModel graph)
    {
        StationModel station = graph.Station;
        OptionsModel options = station.Options;
        json.String("name", station.Name)
            .String("version", station.Version)
            .String("typeName", station.Type.MetadataName)
            .String("inputType", station.InputDisplay)
            .String("outputType", station.OutputDisplay)
            .String("shape", station.Shape.ToString())
            .StartObject("options")
            .Number("parallelism", options.Parallelism)
            .Number("capacity", options.Capacity)
            .Bool("ordered", options.Ordered)
            .Number("maxAttempts", options.MaxAttempts)
            .Number("backoffMs", options.BackoffMs)
            .Number("timeoutMs", options.TimeoutMs)
            .Number("batchSize", options.BatchSize)
            .Number("batchWaitMs", options.BatchWaitMs)
            .EndObject()
            .Strings("requires", station.Requires)
            .Strings("effects", station.Effects);
        if (graph.Gate is { } gate)
        {
            json.StartObject("gate")
                .Strings("approvers", gate.Approvers)
                .Number("timeoutMinutes", gate.TimeoutMinutes)
                .String("onTimeout", gate.OnTimeout.ToString())
                .Bool("fourEyes", gate.FourEyes)
                .EndObject();
        }
    }
}
