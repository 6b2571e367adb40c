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
            using (writer.Block($"partial {line.Type.Keyword} {line.Type.Name} : {lineInterface}"))
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
        foreach (StepModel step in line.Steps)
        {
            writer.Line($"private readonly {step.Type} {step.Parameter};");
        }

        writer.Line();
    }

    private static void WriteConstructor(SourceWriter writer, LineModel line)
    {
        writer.Line($"/// <summary>Creates the line from its steps, in step order.</summary>");
        writer.Line(TypeScope.GeneratedCode);
        string parameters = string.Join(", ", line.Steps.Select(s => $"{s.Type} {s.Parameter}"));
        using (writer.Block($"{line.ConstructorAccessibility} {line.Type.Name}({parameters})"))
        {
            foreach (StepModel step in line.Steps)
            {
                writer.Line($"this.{step.Parameter} = {step.Parameter} ?? throw new global::System.ArgumentNullException(nameof({step.Parameter}));");
            }
        }

        writer.Line();
    }

    private static void WriteDescriptor(SourceWriter writer, LineModel line)
    {
        writer.Line("/// <summary>What this line is: its stations in run order (nested lines flattened) and the edges between them.</summary>");
        writer.Line(TypeScope.GeneratedCode);
        writer.Line("public static global::Factory.LineDescriptor Descriptor { get; } = global::Factory.LineDescriptor.Create(");
        writer.Line($"    {Literals.String(line.Name)},");
        writer.Line($"    {Literals.String(line.Type.MetadataName)},");
        for (int i = 0; i < line.Steps.Count; i++)
        {
            string separator = i == line.Steps.Count - 1 ? ");" : ",";
            writer.Line($"    global::Factory.LineStep.Of({line.Steps[i].Type}.Descriptor){separator}");
        }

        writer.Line();
        writer.Line("/// <summary>The line as a Mermaid flowchart.</summary>");
        writer.Line("public static string Mermaid { get; } = Descriptor.ToMermaid();");
        writer.Line();
    }

    private static void WriteStart(SourceWriter writer, LineModel line)
    {
        writer.Line("/// <inheritdoc />");
        writer.Line(TypeScope.GeneratedCode);
        writer.Line($"public global::Factory.LineRun<{line.InputType}, {line.OutputType}> Start(");
        writer.Line("    global::Factory.JobOrder? job = null,");
        writer.Line("    global::System.Threading.CancellationToken cancellationToken = default)");
        using (writer.Block())
        {
            writer.Line($"global::Factory.Runtime.Conveyor<{line.InputType}> entry = global::Factory.Runtime.Conveyor.Begin<{line.InputType}>(Descriptor, job, cancellationToken);");
            writer.Line("return AppendTo(entry).Finish(entry);");
        }

        writer.Line();
    }

    private static void WriteRunAsync(SourceWriter writer, LineModel line)
    {
        foreach (string source in new[] { "global::System.Collections.Generic.IEnumerable", "global::System.Collections.Generic.IAsyncEnumerable" })
        {
            writer.Line("/// <inheritdoc />");
            writer.Line(TypeScope.GeneratedCode);
            writer.Line($"public global::System.Collections.Generic.IAsyncEnumerable<{line.OutputType}> RunAsync(");
            writer.Line($"    {source}<{line.InputType}> input,");
            writer.Line("    global::Factory.JobOrder? job = null,");
            writer.Line("    global::System.Threading.CancellationToken cancellationToken = default) =>");
            writer.Line("    global::Factory.Runtime.LineRunner.RunAsync(this, input, job, cancellationToken);");
            writer.Line();
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
                string next = "after" + char.ToUpperInvariant(step.Parameter.TrimStart('@')[0]) + step.Parameter.TrimStart('@').Substring(1);
                // "this." keeps a step's field apart from the parameter and the locals, which a step's name may match.
                string wiring = step.IsLine
                    ? $"this.{step.Parameter}.AppendTo({previous})"
                    : $"{previous}.Then<{step.OutputType}, {step.Type}.StationWork>(new {step.Type}.StationWork(this.{step.Parameter}))";
                if (i == line.Steps.Count - 1)
                {
                    writer.Line($"return {wiring};");
                }
                else if (AcceptsNull(line.Steps[i + 1], step))
                {
                    // Conveyor<T> is invariant: without the widening, the next step's T? vs T is a nullability warning.
                    string input = line.Steps[i + 1].InputType;
                    writer.Line($"// The next step also takes null: the conveyor widens to {input}.");
                    writer.Line($"global::Factory.Runtime.Conveyor<{input}> {next} = {wiring}!;");
                    previous = next;
                }
                else
                {
                    writer.Line($"global::Factory.Runtime.Conveyor<{step.OutputType}> {next} = {wiring};");
                    previous = next;
                }
            }
        }
    }

    /// <summary>
    /// True when <paramref name="next"/> takes the nullable form of what <paramref name="step"/> gives
    /// (string into string?): safe, and the one nullability difference the wiring widens silently.
    /// Other differences are left for the compiler to warn about.
    /// </summary>
    private static bool AcceptsNull(StepModel next, StepModel step) =>
        next.InputType == step.OutputType + "?";
}
