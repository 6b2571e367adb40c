namespace Factory.Generators;

/// <summary>Names of the generator's incremental steps, so tests can check what was cached.</summary>
public static class TrackingNames
{
    /// <summary>Station models.</summary>
    public const string Stations = nameof(Stations);

    /// <summary>Gate models.</summary>
    public const string Gates = nameof(Gates);

    /// <summary>Thinking-unit models, as parsed.</summary>
    public const string ThinkingUnits = nameof(ThinkingUnits);

    /// <summary>Thinking-unit models with the JsonSerializerContext that lists their output.</summary>
    public const string ThinkingUnitsWithJson = nameof(ThinkingUnitsWithJson);

    /// <summary>The JsonSerializerContexts and the types they list.</summary>
    public const string JsonContexts = nameof(JsonContexts);

    /// <summary>Line models.</summary>
    public const string Lines = nameof(Lines);

    /// <summary>Inspector models: the <c>[Inspector&lt;TStation&gt;]</c> classes and the stations each inspects.</summary>
    public const string Inspectors = nameof(Inspectors);

    /// <summary>Line models with the inspectors of their stations: what each line's partial is emitted from.</summary>
    public const string LinesWithInspectors = nameof(LinesWithInspectors);

    /// <summary>Line models with every step resolved: what each line's <c>[assembly: LineDescriptor]</c> records.</summary>
    public const string LineGraphs = nameof(LineGraphs);

    /// <summary>What the compilation offers the registration (assembly name, DI present).</summary>
    public const string CompilationFacts = nameof(CompilationFacts);

    /// <summary>The DI registration model.</summary>
    public const string Registration = nameof(Registration);
}
