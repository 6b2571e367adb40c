using System.Linq;
using Factory.Generators.Model;

namespace Factory.Generators.Emit;

/// <summary>
/// Emits a gate's partial: its static descriptor (shape <c>Gate</c>, who decides, until when),
/// <c>IStation&lt;T, Decision&lt;T&gt;&gt;</c>, and the <c>GateWork</c> struct through which the runtime
/// presents a payload to its approvers and checks an edited one against its data annotations (plain
/// comparisons, no reflection, so it trims and compiles ahead of time).
/// </summary>
internal static class GateEmitter
{
    public static string Emit(GateModel gate)
    {
        StationModel station = gate.Station;
        var writer = new SourceWriter();
        TypeScope.Header(writer);
        using (TypeScope.Open(writer, station.Type))
        {
            string stationInterface = $"global::Factory.IStation<{station.InputType}, {station.OutputType}>";
            using (writer.Block($"{TypeScope.Partial(station.Type)} : {stationInterface}"))
            {
                StationEmitter.WriteDescriptor(writer, station, GateInitializer(gate));
                writer.Line();
                writer.Line("/// <inheritdoc />");
                writer.Line($"global::Factory.StationDescriptor {stationInterface}.Station => Descriptor;");
                writer.Line();
                WritePatterns(writer, gate);
                WriteWork(writer, gate);
            }
        }

        return writer.ToString();
    }

    private static string GateInitializer(GateModel gate)
    {
        string approvers = "new string[] { " + string.Join(", ", gate.Approvers.Select(Literals.String)) + " }";
        return $"Gate = new global::Factory.GateDescriptor({approvers}, {Literals.Int(gate.TimeoutMinutes)}, global::Factory.GateTimeout.{gate.OnTimeout}, {Literals.Bool(gate.FourEyes)}),";
    }

    private static string PatternField(int index) => "GatePattern" + Literals.Int(index);

    private static void WritePatterns(SourceWriter writer, GateModel gate)
    {
        for (int i = 0; i < gate.Checks.Count; i++)
        {
            if (gate.Checks[i] is PatternCheck check)
            {
                writer.Line(TypeScope.GeneratedCode);
                writer.Line($"private static readonly global::System.Text.RegularExpressions.Regex {PatternField(i)} = new({Literals.String(check.Pattern)}, global::System.Text.RegularExpressions.RegexOptions.CultureInvariant);");
                writer.Line();
            }
        }
    }

    private static void WriteWork(SourceWriter writer, GateModel gate)
    {
        StationModel station = gate.Station;
        writer.Line("/// <summary>The runtime's direct calls into this gate: what approvers see, and what an edit must pass.</summary>");
        writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        writer.Line(TypeScope.GeneratedCode);
        using (writer.Block($"public readonly struct GateWork : global::Factory.Runtime.IGateWork<{station.InputType}>"))
        {
            writer.Line($"private readonly {station.Type.FullyQualifiedName} gate;");
            writer.Line();
            writer.Line("/// <summary>Binds the work to a gate instance.</summary>");
            using (writer.Block($"public GateWork({station.Type.FullyQualifiedName} gate)"))
            {
                writer.Line("this.gate = gate ?? throw new global::System.ArgumentNullException(nameof(gate));");
            }

            writer.Line();
            writer.Line("/// <inheritdoc />");
            writer.Line(gate.HasPresent
                ? $"public object? Present({station.InputType} payload) => this.gate.Present(payload);"
                : $"public object? Present({station.InputType} payload) => payload;");
            writer.Line();
            writer.Line("/// <inheritdoc />");
            using (writer.Block($"public void Validate({station.InputType} payload, global::System.Collections.Generic.ICollection<string> problems)"))
            {
                WriteChecks(writer, gate);
            }

            Redactions.Write(writer, "A dead letter keeps the payload without its [Sensitive] members.", station.InputType, station.Redaction);
        }
    }

    private static void WriteChecks(SourceWriter writer, GateModel gate)
    {
        if (gate.Checks.Count == 0)
        {
            writer.Line("// The payload type has no data annotations to check.");
            return;
        }

        using (writer.Block("if ((object?)payload is null)"))
        {
            writer.Line("problems.Add(\"the payload is missing\");");
            writer.Line("return;");
        }

        for (int i = 0; i < gate.Checks.Count; i++)
        {
            AnnotationCheck check = gate.Checks[i];
            writer.Line();
            using (writer.Block($"if ({CheckConditions.Of(check, i, "payload", "global::Factory.Runtime.GateChecks.IsFullMatch", PatternField(i))})"))
            {
                writer.Line($"problems.Add({Literals.String(check.Message)});");
            }
        }
    }
}
