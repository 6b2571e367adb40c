using System.Linq;
using System.Text;
using Factory.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Emit;

/// <summary>
/// Emits a thinking unit's partial: everything a station gets (descriptor, <c>IStation</c>,
/// <c>StationWork</c>), plus the model catalog it asks, its build-time spec, the implementation of its
/// partial work method, and <c>IThinkingUnit</c>: prompt rendering by string building and the output
/// type's data-annotation checks, both written out here (no reflection at run time).
/// </summary>
internal static class ThinkingUnitEmitter
{
    private const string Catalog = "global::Factory.AI.ModelCatalog";

    public static string Emit(ThinkingUnitModel unit)
    {
        var writer = new SourceWriter();
        TypeScope.Header(writer);
        using (TypeScope.Open(writer, unit.Station.Type))
        {
            if (unit.IsValid)
            {
                WriteUnit(writer, unit);
            }
            else
            {
                WriteShell(writer, unit);
            }
        }

        return writer.ToString();
    }

    private static void WriteUnit(SourceWriter writer, ThinkingUnitModel unit)
    {
        StationModel station = unit.Station;
        string stationInterface = $"global::Factory.IStation<{station.InputType}, {station.OutputType}>";
        string unitInterface = $"global::Factory.AI.IThinkingUnit<{station.InputType}, {unit.OutputKey}>";
        using (writer.Block($"{TypeScope.Partial(station.Type)} : {stationInterface}, {unitInterface}"))
        {
            StationEmitter.WriteDescriptor(writer, station);
            writer.Line();
            writer.Line("/// <inheritdoc />");
            writer.Line($"global::Factory.StationDescriptor {stationInterface}.Station => Descriptor;");
            writer.Line();
            WriteSpec(writer, unit);
            writer.Line();
            WriteModels(writer, unit);
            writer.Line();
            WriteMethod(writer, unit);
            writer.Line();
            WriteRender(writer, unit, unitInterface);
            writer.Line();
            WriteInspect(writer, unit, unitInterface);
            writer.Line();
            StationEmitter.WriteWork(writer, station, call => call.Line(
                $"return output.AddAsync({Run(unit, "station", "station.Models", "input", "context", "cancellationToken")});"));
        }
    }

    private static string Run(ThinkingUnitModel unit, string self, string models, string input, string context, string token) =>
        $"global::Factory.AI.ThinkingEngine.RunAsync<{unit.Station.InputType}, {unit.OutputKey}>({self}, ThinkingSpec, {models}, {input}, {context}, {token})";

    private static void WriteSpec(SourceWriter writer, ThinkingUnitModel unit)
    {
        string spec = $"global::Factory.AI.ThinkingUnitSpec<{unit.OutputKey}>";
        writer.Line($"private static {spec}? thinkingSpec;");
        writer.Line();
        writer.Line("/// <summary>What this unit asks and how: model, options, instructions and the output's JSON metadata.</summary>");
        writer.Line(TypeScope.GeneratedCode);
        writer.Line($"public static {spec} ThinkingSpec => thinkingSpec ??= new {spec}(");
        writer.Line($"    {Literals.String(unit.Station.Name)},");
        writer.Line($"    {Literals.String(unit.Station.Version)},");
        writer.Line($"    {Literals.String(unit.Model)},");
        writer.Line(unit.JsonContext is { } context
            ? $"    (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{unit.OutputKey}>){context}.Default.GetTypeInfo(typeof({unit.OutputKey}))!)"
            : $"    global::Factory.AI.ThinkingEngine.MissingJsonContext<{unit.OutputKey}>({Literals.String(unit.Station.Name)}))");
        using (writer.Block(closing: ";"))
        {
            if (unit.Escalate is { } escalate)
            {
                writer.Line($"Escalate = {Literals.String(escalate)},");
            }

            if (unit.Temperature is { } temperature)
            {
                writer.Line($"Temperature = {Literals.Float(temperature)},");
            }

            writer.Line($"MaxOutputTokens = {Literals.Int(unit.MaxOutputTokens)},");
            writer.Line($"MaxRepairs = {Literals.Int(unit.MaxRepairs)},");
            if (unit.CacheMinutes > 0)
            {
                writer.Line($"CacheMinutes = {Literals.Int(unit.CacheMinutes)},");
            }

            writer.Line($"Instructions = {(unit.Instructions is null ? "null" : Literals.String(unit.Instructions))},");
            if (unit.Checks.Count > 0)
            {
                writer.Line("Rules = new string[]");
                using (writer.Block(closing: ","))
                {
                    foreach (AnnotationCheck check in unit.Checks)
                    {
                        writer.Line(Literals.String(check.Message) + ",");
                    }
                }
            }
        }
    }

    private static void WriteModels(SourceWriter writer, ThinkingUnitModel unit)
    {
        string name = Identifiers.Escape(unit.Station.Type.Name);
        writer.Line($"private {Catalog}? models;");
        writer.Line();
        if (unit.EmitConstructor)
        {
            writer.Line("/// <summary>Creates the unit over the catalog that serves its logical models.</summary>");
            writer.Line(TypeScope.GeneratedCode);
            using (writer.Block($"public {name}({Catalog} models)"))
            {
                writer.Line("Models = models;");
            }

            writer.Line();
        }

        writer.Line("/// <summary>The catalog that serves this unit's logical models; set by the generated constructor, by DI, or by your constructor.</summary>");
        writer.Line(TypeScope.GeneratedCode);
        using (writer.Block($"public {Catalog} Models"))
        {
            writer.Line($"get => models ?? throw new global::System.InvalidOperationException({Literals.String($"Thinking unit '{unit.Station.Name}' has no model catalog: construct it with one, or set Models.")});");
            writer.Line("init => models = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        }
    }

    private static void WriteMethod(SourceWriter writer, ThinkingUnitModel unit, bool shell = false)
    {
        UnitMethodModel method = unit.Method;
        writer.Line("/// <inheritdoc />");
        writer.Line(TypeScope.GeneratedCode);
        string parameters = string.Join(", ", method.Parameters.Select(p => $"{p.Type} {Identifiers.Escape(p.Name)}"));
        writer.Line($"{SyntaxFacts.GetText(method.Accessibility)} partial {method.ReturnType} {unit.Station.MethodName}({parameters})");
        using (writer.Block())
        {
            if (shell)
            {
                writer.Line($"throw new global::System.InvalidOperationException({Literals.String($"Thinking unit '{unit.Station.Name}' did not build: see its FCT diagnostics.")});");
                return;
            }

            string context = method.ContextName is null ? "null" : Identifiers.Escape(method.ContextName);
            string token = method.TokenName is null ? "default" : Identifiers.Escape(method.TokenName);
            string run = Run(unit, "this", "Models", Identifiers.Escape(method.InputName), context, token);
            writer.Line(unit.Station.Shape == WorkShape.Task ? $"return {run}.AsTask();" : $"return {run};");
        }
    }

    private static void WriteRender(SourceWriter writer, ThinkingUnitModel unit, string unitInterface)
    {
        int capacity = unit.Prompt.Where(p => !p.IsPlaceholder).Sum(p => p.Text.Length) + (32 * unit.Prompt.Count(p => p.IsPlaceholder));
        writer.Line("/// <inheritdoc />");
        writer.Line(TypeScope.GeneratedCode);
        using (writer.Block($"string {unitInterface}.RenderPrompt({unit.Station.InputType} input)"))
        {
            writer.Line($"var text = new global::System.Text.StringBuilder({Literals.Int(capacity)});");
            foreach (PromptPart part in unit.Prompt)
            {
                writer.Line(part.IsPlaceholder
                    ? $"global::Factory.AI.PromptText.Append(text, {Placeholder(part, unit.Station.InputType)});"
                    : $"text.Append({Literals.String(part.Text)});");
            }

            writer.Line("return text.ToString();");
        }
    }

    /// <summary>
    /// The value a placeholder appends: its member path over "input", null-safe after a member that may be
    /// null (<c>{{Customer.Name}}</c> is <c>input.Customer?.Name</c>), and from the start when the input may be.
    /// </summary>
    private static string Placeholder(PromptPart part, TypeRef input)
    {
        var expression = new StringBuilder(input.IsNullable ? "input?" : "input");
        for (int i = 0; i < part.Path.Count; i++)
        {
            expression.Append(i > 0 && part.Path[i - 1].MayBeNull ? "?." : ".").Append(Identifiers.Escape(part.Path[i].Name));
        }

        return expression.ToString();
    }

    private static void WriteInspect(SourceWriter writer, ThinkingUnitModel unit, string unitInterface)
    {
        for (int i = 0; i < unit.Checks.Count; i++)
        {
            if (unit.Checks[i] is PatternCheck check)
            {
                writer.Line($"private static readonly global::System.Text.RegularExpressions.Regex {CheckConditions.PatternField(i)} = new({Literals.String(check.Pattern)}, global::System.Text.RegularExpressions.RegexOptions.CultureInvariant);");
                writer.Line();
            }
        }

        writer.Line("/// <inheritdoc />");
        writer.Line(TypeScope.GeneratedCode);
        using (writer.Block($"void {unitInterface}.Inspect({unit.Station.InputType} input, {unit.OutputKey} output, global::System.Collections.Generic.ICollection<string> problems)"))
        {
            for (int i = 0; i < unit.Checks.Count; i++)
            {
                AnnotationCheck check = unit.Checks[i];
                using (writer.Block($"if ({CheckConditions.Of(check, i)})"))
                {
                    writer.Line($"problems.Add({Literals.String(check.Message)});");
                }

                writer.Line();
            }

            if (unit.HasInspect)
            {
                writer.Line("global::Factory.AI.PromptText.AddAll(problems, Inspect(input, output));");
            }
        }
    }

    /// <summary>An invalid unit gets only its work method, which throws: the FCT diagnostics are the build's only errors.</summary>
    private static void WriteShell(SourceWriter writer, ThinkingUnitModel unit)
    {
        using (writer.Block(TypeScope.Partial(unit.Station.Type)))
        {
            WriteMethod(writer, unit, shell: true);
        }
    }
}
