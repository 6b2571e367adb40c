using System.Collections.Generic;
using System.Linq;
using Factory.Generators.Model;

namespace Factory.Generators.Emit;

/// <summary>
/// Emits a line's partial: the constructor taking its steps, the static descriptor and Mermaid
/// chart, <c>Start</c>, both <c>RunAsync</c> overloads, and <c>AppendTo</c>, which wires the steps
/// onto a conveyor (nested lines append their own stations inline).
/// </summary>
internal static class LineEmitter
{
    public static string Emit(LineModel line)
    {
        var writer = new SourceWriter();
        TypeScope.Header(writer);
        using (TypeScope.Open(writer, line.Type))
        {
            string lineInterface = $"global::Factory.ILine<{line.InputType}, {line.OutputType}>";
            using (writer.Block($"{TypeScope.Partial(line.Type)} : {lineInterface}"))
            {
                WriteFields(writer, line);
                WriteConstructor(writer, line);
                WriteDescriptor(writer, line);
                WriteStart(writer, line);
                WriteRunAsync(writer, line);
                WriteAppendTo(writer, line);
            }
        }

        return writer.ToString();
    }

    private static void WriteFields(SourceWriter writer, LineModel line)
    {
        foreach (TargetModel target in line.Targets())
        {
            writer.Line($"private readonly {target.Type} {Identifiers.Escape(target.Parameter)};");
        }

        foreach (InspectorParameter inspector in line.Inspectors)
        {
            writer.Line($"private readonly {inspector.Type} {Identifiers.Escape(inspector.Parameter)};");
        }

        writer.Line();
    }

    private static void WriteConstructor(SourceWriter writer, LineModel line)
    {
        writer.Line(line.Inspectors.Count == 0
            ? "/// <summary>Creates the line from its stations and lines: the steps and the route targets, in the order they are written.</summary>"
            : "/// <summary>Creates the line from its stations and lines (the steps and the route targets, in the order they are written), then the inspectors wired to its stations.</summary>");
        writer.Line(TypeScope.GeneratedCode);
        IEnumerable<string> parameterNames = line.Targets().Select(t => t.Parameter).Concat(line.Inspectors.Select(i => i.Parameter));
        string parameters = string.Join(", ", line.Targets().Select(t => $"{t.Type} {Identifiers.Escape(t.Parameter)}")
            .Concat(line.Inspectors.Select(i => $"{i.Type} {Identifiers.Escape(i.Parameter)}")));
        string accessibility = line.ConstructorIsPublic ? "public" : "internal";
        using (writer.Block($"{accessibility} {Identifiers.Escape(line.Type.Name)}({parameters})"))
        {
            foreach (string name in parameterNames)
            {
                string parameter = Identifiers.Escape(name);
                writer.Line($"this.{parameter} = {parameter} ?? throw new global::System.ArgumentNullException(nameof({parameter}));");
            }
        }

        writer.Line();
    }

    private static void WriteDescriptor(SourceWriter writer, LineModel line)
    {
        writer.Line("/// <summary>What this line is: its stations in run order (nested lines and route targets flattened), the belts between them and its routes.</summary>");
        writer.Line(TypeScope.GeneratedCode);
        writer.Line("public static global::Factory.LineDescriptor Descriptor { get; } = global::Factory.LineDescriptor.Create(");
        writer.Line($"    {Literals.String(line.Name)},");
        writer.Line($"    {Literals.String(line.Type.MetadataName)},");
        var entries = new List<string>();
        foreach (StepModel step in line.Steps)
        {
            entries.Add($"global::Factory.LineStep.Of({step.Target.Type}.Descriptor)");
            if (step.Routes.Count > 0)
            {
                entries.Add("global::Factory.LineStep.Route(" + string.Join(", ", step.Routes.Select(RouteDescriptor)) + ")");
            }
        }

        for (int i = 0; i < entries.Count; i++)
        {
            writer.Line($"    {entries[i]}{(i == entries.Count - 1 ? ");" : ",")}");
        }

        writer.Line();
        writer.Line("/// <summary>The line as a Mermaid flowchart.</summary>");
        writer.Line(TypeScope.GeneratedCode);
        writer.Line("public static string Mermaid { get; } = Descriptor.ToMermaid();");
        writer.Line();
    }

    private static string RouteDescriptor(RouteModel route) => route.Target is null
        ? $"global::Factory.RouteStep.Discard({Literals.String(route.CaseDisplay)})"
        : $"global::Factory.RouteStep.To({Literals.String(route.CaseDisplay)}, {route.Target.Type}.Descriptor)";

    private static void WriteStart(SourceWriter writer, LineModel line)
    {
        string run = $"global::Factory.LineRun<{line.InputType}, {line.OutputType}>";
        writer.Line("/// <inheritdoc />");
        writer.Line(TypeScope.GeneratedCode);
        writer.Line($"public {run} Start(");
        writer.Line("    global::Factory.JobOrder? job = null,");
        writer.Line("    global::System.Threading.CancellationToken cancellationToken = default) =>");
        writer.Line("    Start(new global::Factory.RunOptions { Job = job }, cancellationToken);");
        writer.Line();
        writer.Line("/// <inheritdoc />");
        writer.Line(TypeScope.GeneratedCode);
        writer.Line($"public {run} Start(");
        writer.Line("    global::Factory.RunOptions options,");
        writer.Line("    global::System.Threading.CancellationToken cancellationToken = default)");
        using (writer.Block())
        {
            writer.Line($"global::Factory.Runtime.Conveyor<{line.InputType}> entry = global::Factory.Runtime.Conveyor.Begin<{line.InputType}>(Descriptor, options, cancellationToken);");
            writer.Line("return AppendTo(entry).Finish(entry);");
        }

        writer.Line();
    }

    private static void WriteRunAsync(SourceWriter writer, LineModel line)
    {
        foreach (string source in new[] { "global::System.Collections.Generic.IEnumerable", "global::System.Collections.Generic.IAsyncEnumerable" })
        {
            foreach ((string parameter, string argument) in new[] { ("global::Factory.JobOrder? job = null", "job"), ("global::Factory.RunOptions options", "options") })
            {
                writer.Line("/// <inheritdoc />");
                writer.Line(TypeScope.GeneratedCode);
                writer.Line($"public global::System.Collections.Generic.IAsyncEnumerable<{line.OutputType}> RunAsync(");
                writer.Line($"    {source}<{line.InputType}> input,");
                writer.Line($"    {parameter},");
                writer.Line("    global::System.Threading.CancellationToken cancellationToken = default) =>");
                writer.Line($"    global::Factory.Runtime.LineRunner.RunAsync(this, input, {argument}, cancellationToken);");
                writer.Line();
            }
        }
    }

    private static void WriteAppendTo(SourceWriter writer, LineModel line)
    {
        writer.Line("/// <summary>Wires this line's stations after <paramref name=\"upstream\"/>; used by <c>Start</c> and by lines that contain this one.</summary>");
        writer.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        writer.Line(TypeScope.GeneratedCode);
        writer.Line($"public global::Factory.Runtime.Conveyor<{line.OutputType}> AppendTo(");
        writer.Line($"    global::Factory.Runtime.Conveyor<{line.InputType}> upstream)");
        using (writer.Block())
        {
            string previous = "upstream";
            for (int i = 0; i < line.Steps.Count; i++)
            {
                StepModel step = line.Steps[i];
                string name = Identifiers.Pascal(step.Target.Parameter);
                string from = previous;
                if (step.GatherItem is not null)
                {
                    from = "gatheredFor" + name;
                    writer.Line($"global::Factory.Runtime.Conveyor<global::Factory.Gathered<{step.GatherItem}>> {from} = {previous}.Gather();");
                }

                string wiring = Wire(line, step.Target, from);
                if (step.Routes.Count > 0)
                {
                    wiring = WriteRoutes(writer, line, step, name, wiring);
                }

                if (i == line.Steps.Count - 1)
                {
                    writer.Line($"return {wiring};");
                    break;
                }

                string next = "after" + name;
                if (AcceptsNull(line.Steps[i + 1], step))
                {
                    // Conveyor<T> is invariant: without the widening, the next step's T? vs T is a nullability warning.
                    TypeRef input = line.Steps[i + 1].Target.InputType;
                    writer.Line($"// The next step also takes null: the conveyor widens to {input}.");
                    writer.Line($"global::Factory.Runtime.Conveyor<{input}> {next} = {wiring}!;");
                }
                else
                {
                    writer.Line($"global::Factory.Runtime.Conveyor<{step.FlowType}> {next} = {wiring};");
                }

                previous = next;
            }
        }

        foreach (StepModel step in line.Steps.Where(s => s.Routes.Count > 0))
        {
            writer.Line();
            WriteRouteSwitch(writer, step);
        }
    }

    /// <summary>Writes the router for a step's routes and returns the expression of the merged conveyor.</summary>
    private static string WriteRoutes(SourceWriter writer, LineModel line, StepModel step, string name, string wiring)
    {
        string routed = "routed" + name;
        string router = "routesAfter" + name;
        writer.Line($"global::Factory.Runtime.Conveyor<{step.OutputType}> {routed} = {wiring};");
        writer.Line($"global::Factory.Runtime.Router<{step.OutputType}, {step.FlowType}> {router} = {routed}.Route<{step.FlowType}, RoutesAfter{name}>(new RoutesAfter{name}(), {Literals.Int(step.Routes.Count)});");
        for (int r = 0; r < step.Routes.Count; r++)
        {
            RouteModel route = step.Routes[r];
            if (route.Target is null)
            {
                writer.Line($"{router}.Discard({Literals.Int(r)});");
            }
            else
            {
                writer.Line($"{router}.Branch<{route.Target.InputType}>({Literals.Int(r)}, entry => {Wire(line, route.Target, "entry")});");
            }
        }

        return $"{router}.Merge()";
    }

    /// <summary>The type switch of a step's routes: first match wins, -1 when none does.</summary>
    private static void WriteRouteSwitch(SourceWriter writer, StepModel step)
    {
        string name = Identifiers.Pascal(step.Target.Parameter);
        writer.Line($"/// <summary>Which route a material leaving {step.Target.Parameter} takes, by its run-time type.</summary>");
        writer.Line(TypeScope.GeneratedCode);
        using (writer.Block($"private readonly struct RoutesAfter{name} : global::Factory.Runtime.IRouteSwitch<{step.OutputType}>"))
        {
            writer.Line("/// <inheritdoc />");
            using (writer.Block($"public int Select({step.OutputType} value)"))
            {
                for (int r = 0; r < step.Routes.Count; r++)
                {
                    // A type test takes the type itself: "is T?" is no pattern.
                    using (writer.Block($"if (value is {step.Routes[r].CaseType.Name})"))
                    {
                        writer.Line($"return {Literals.Int(r)};");
                    }

                    writer.Line();
                }

                writer.Line("return -1;");
            }

            writer.Line();
            writer.Line("/// <inheritdoc />");
            writer.Line("public string CaseType(int route) => route switch");
            writer.Line("{");
            for (int r = 0; r < step.Routes.Count; r++)
            {
                writer.Line($"    {Literals.Int(r)} => {Literals.String(step.Routes[r].CaseDisplay)},");
            }

            writer.Line("    _ => string.Empty,");
            writer.Line("};");
            Redactions.Write(writer, "A no-route dead letter or a discard keeps the value without its [Sensitive] members.", step.OutputType, step.Redaction);
        }
    }

    /// <summary>The expression that puts a station or line after <paramref name="from"/>, with the inspectors wired to a station.</summary>
    private static string Wire(LineModel line, TargetModel target, string from)
    {
        // "this." keeps a step's field apart from the parameter and the locals, which a step's name may match.
        if (target.IsLine)
        {
            return $"this.{Identifiers.Escape(target.Parameter)}.AppendTo({from})";
        }

        if (target.IsGate)
        {
            return $"{from}.ThenGate<{target.Type}.GateWork>(new {target.Type}.GateWork(this.{Identifiers.Escape(target.Parameter)}))";
        }

        string then = target.IsBatch ? "ThenBatch" : "Then";
        string work = $"new {target.Type}.StationWork(this.{Identifiers.Escape(target.Parameter)})";
        string[] inspectors = line.InspectorsOf(target).Select(i => "this." + Identifiers.Escape(i.Parameter)).ToArray();
        string inspected = inspectors.Length == 0
            ? string.Empty
            : $", new global::Factory.Quality.IInspector<{target.InputType}, {target.OutputType}>[] {{ {string.Join(", ", inspectors)} }}";
        return $"{from}.{then}<{target.OutputType}, {target.Type}.StationWork>({work}{inspected})";
    }

    /// <summary>
    /// True when <paramref name="next"/> takes the nullable form of what <paramref name="step"/> gives
    /// (string into string?): safe, and the one nullability difference the wiring widens silently.
    /// Other differences are left for the compiler to warn about.
    /// </summary>
    private static bool AcceptsNull(StepModel next, StepModel step) =>
        next.GatherItem is null
        && next.Target.InputType.IsNullable
        && !step.FlowType.IsNullable
        && next.Target.InputType.Name == step.FlowType.Name;
}
