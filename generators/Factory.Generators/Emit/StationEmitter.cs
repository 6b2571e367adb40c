using System.Linq;
using Factory.Generators.Analysis;
using Factory.Generators.Model;

namespace Factory.Generators.Emit;

/// <summary>
/// Emits a station's partial: its static descriptor, <c>IStation&lt;TIn, TOut&gt;</c>, and the
/// <c>StationWork</c> struct through which the runtime's workers call its work method directly.
/// </summary>
internal static class StationEmitter
{
    public static string Emit(StationModel station)
    {
        var writer = new SourceWriter();
        TypeScope.Header(writer);
        using (TypeScope.Open(writer, station.Type))
        {
            string stationInterface = $"global::Factory.IStation<{station.InputType}, {station.OutputType}>";
            using (writer.Block($"{TypeScope.Partial(station.Type)} : {stationInterface}"))
            {
                WriteDescriptor(writer, station);
                writer.Line();
                writer.Line("/// <inheritdoc />");
                writer.Line($"global::Factory.StationDescriptor {stationInterface}.Station => Descriptor;");
                writer.Line();
                WriteWork(writer, station);
            }
        }

        return writer.ToString();
    }

    /// <summary>The <c>Descriptor</c>; <paramref name="initializers"/> are extra <c>init</c> assignments (a gate's <c>Gate</c>).</summary>
    internal static void WriteDescriptor(SourceWriter writer, StationModel station, params string[] initializers)
    {
        OptionsModel options = station.Options;
        string requires = station.Requires.Count == 0
            ? "global::System.Array.Empty<string>()"
            : "new string[] { " + string.Join(", ", station.Requires.Select(Literals.String)) + " }";
        writer.Line("/// <summary>What this station is: name, version, types, work shape and options.</summary>");
        writer.Line(TypeScope.GeneratedCode);
        writer.Line("public static global::Factory.StationDescriptor Descriptor { get; } = new global::Factory.StationDescriptor(");
        writer.Line($"    Name: {Literals.String(station.Name)},");
        writer.Line($"    Version: {Literals.String(station.Version)},");
        writer.Line($"    TypeName: {Literals.String(station.Type.MetadataName)},");
        writer.Line($"    InputType: {Literals.String(station.InputDisplay)},");
        writer.Line($"    OutputType: {Literals.String(station.OutputDisplay)},");
        writer.Line($"    Shape: global::Factory.WorkShape.{station.Shape},");
        writer.Line("    Options: new global::Factory.StationOptions(");
        writer.Line($"        Parallelism: {Literals.Int(options.Parallelism)},");
        writer.Line($"        Capacity: {Literals.Int(options.Capacity)},");
        writer.Line($"        Ordered: {Literals.Bool(options.Ordered)},");
        writer.Line($"        MaxAttempts: {Literals.Int(options.MaxAttempts)},");
        writer.Line($"        BackoffMs: {Literals.Int(options.BackoffMs)},");
        writer.Line($"        TimeoutMs: {Literals.Int(options.TimeoutMs)},");
        writer.Line($"        BatchSize: {Literals.Int(options.BatchSize)},");
        writer.Line($"        BatchWaitMs: {Literals.Int(options.BatchWaitMs)}),");
        var extra = new System.Collections.Generic.List<string>(initializers);
        if (station.CodeHash.Length > 0)
        {
            extra.Add($"CodeHash = {Literals.String(station.CodeHash)},");
        }

        if (station.Effects.Count > 0)
        {
            extra.Add("Effects = new string[] { " + string.Join(", ", station.Effects.Select(Literals.String)) + " },");
        }

        if (extra.Count == 0)
        {
            writer.Line($"    Requires: {requires});");
            return;
        }

        writer.Line($"    Requires: {requires})");
        writer.Line("{");
        foreach (string line in extra)
        {
            writer.Line("    " + line);
        }

        writer.Line("};");
    }

    /// <summary>The <c>StationWork</c> struct; <paramref name="call"/> writes its body instead of a call to the work method (thinking units).</summary>
    internal static void WriteWork(SourceWriter writer, StationModel station, System.Action<SourceWriter>? call = null)
    {
        string workInterface = station.IsBatch
            ? $"global::Factory.Runtime.IBatchWork<{station.InputType}, {station.OutputType}>"
            : $"global::Factory.Runtime.IStationWork<{station.InputType}, {station.OutputType}>";
        writer.Line("/// <summary>The runtime's direct call into <see cref=\"" + station.MethodName + "\"/>.</summary>");
        writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        writer.Line(TypeScope.GeneratedCode);
        using (writer.Block($"public readonly struct StationWork : {workInterface}"))
        {
            writer.Line($"private readonly {station.Type.FullyQualifiedName} station;");
            writer.Line();
            writer.Line("/// <summary>Binds the work to a station instance.</summary>");
            using (writer.Block($"public StationWork({station.Type.FullyQualifiedName} station)"))
            {
                writer.Line("this.station = station ?? throw new global::System.ArgumentNullException(nameof(station));");
            }

            writer.Line();
            writer.Line("/// <inheritdoc />");
            if (station.IsBatch)
            {
                WriteBatchProcess(writer, station);
            }
            else
            {
                writer.Line("public global::System.Threading.Tasks.ValueTask ProcessAsync(");
                writer.Line($"    {station.InputType} input,");
                writer.Line("    global::Factory.StationContext context,");
                writer.Line($"    global::Factory.Runtime.OutputBuffer<{station.OutputType}> output,");
                writer.Line("    global::System.Threading.CancellationToken cancellationToken)");
                using (writer.Block())
                {
                    if (call is null)
                    {
                        WriteCall(writer, station);
                    }
                    else
                    {
                        call(writer);
                    }
                }

                if (call is null && IsFunction(station))
                {
                    WriteMap(writer, station);
                }
            }

            Redactions.Write(writer, "A dead letter keeps the input without its [Sensitive] members.", station.InputType, station.Redaction);
            Redactions.Write(writer, "A sample for review keeps the output without its [Sensitive] members.", station.OutputType, station.OutputRedaction, "RedactOutput");
        }
    }

    private static void WriteBatchProcess(SourceWriter writer, StationModel station)
    {
        string outputs = $"global::System.Collections.Generic.IReadOnlyList<{station.OutputType}>";
        writer.Line($"public global::System.Threading.Tasks.ValueTask<{outputs}> ProcessAsync(");
        writer.Line($"    global::System.Collections.Generic.IReadOnlyList<{station.InputType}> inputs,");
        writer.Line("    global::Factory.StationContext context,");
        writer.Line("    global::System.Threading.CancellationToken cancellationToken)");
        using (writer.Block())
        {
            string arguments = string.Join(", ", new[] { "inputs" }.Concat(station.Arguments.Select(Argument)));
            string call = $"station.{station.MethodName}({arguments})";
            writer.Line(station.Shape == WorkShape.ValueTask
                ? $"return {call};"
                : $"return new global::System.Threading.Tasks.ValueTask<{outputs}>({call});");
        }
    }

    /// <summary>
    /// A synchronous work method that takes its input alone: one output, nothing from the context. Not
    /// one with <c>Effects</c>: what it does outside the line stays one material at a time, checked for
    /// cancellation before each.
    /// </summary>
    private static bool IsFunction(StationModel station) =>
        station.Shape == WorkShape.Sync && station.Arguments.Count == 0 && station.Effects.Count == 0;

    /// <summary>
    /// <c>IsFunction</c> and <c>Map</c>: the runtime's direct call into a station that is a function of
    /// its input, which needs neither the context nor an output buffer.
    /// </summary>
    private static void WriteMap(SourceWriter writer, StationModel station)
    {
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line("public bool IsFunction => true;");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line($"public {station.OutputType} Map({station.InputType} input) => station.{station.MethodName}(input);");
    }

    private static void WriteCall(SourceWriter writer, StationModel station)
    {
        string arguments = string.Join(", ", new[] { "input" }.Concat(station.Arguments.Select(Argument)));
        string call = $"station.{station.MethodName}({arguments})";
        switch (station.Shape)
        {
            case WorkShape.Sync:
                writer.Line($"output.Add({call});");
                writer.Line("return default;");
                break;
            case WorkShape.Enumerable:
                writer.Line($"output.AddRange({call});");
                writer.Line("return default;");
                break;
            case WorkShape.AsyncEnumerable:
                writer.Line($"return output.AddRangeAsync({call}, cancellationToken);");
                break;
            default:
                writer.Line($"return output.AddAsync({call});");
                break;
        }
    }

    /// <summary>What the work struct passes for a work method's parameter after the input: its own parameter of that type.</summary>
    private static string Argument(WorkParameter parameter) =>
        parameter == WorkParameter.Context ? "context" : "cancellationToken";
}
