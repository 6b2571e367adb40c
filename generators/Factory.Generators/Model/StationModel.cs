namespace Factory.Generators.Model;

/// <summary>
/// A valid station, as the emitter needs it: strings, numbers, enums and equatable arrays only (no
/// symbols, syntax or locations), so it is immutable and structurally equal.
/// </summary>
/// <param name="Type">The station class.</param>
/// <param name="Name">Station name.</param>
/// <param name="Version">Station version.</param>
/// <param name="InputType">The input type (for a batch station, of one input).</param>
/// <param name="OutputType">The type of one output.</param>
/// <param name="InputDisplay">Input type as shown in descriptors.</param>
/// <param name="OutputDisplay">Output type as shown in descriptors.</param>
/// <param name="Shape">How the work method returns.</param>
/// <param name="MethodName">Process or ProcessAsync.</param>
/// <param name="Arguments">What the work method takes after its input, in order.</param>
/// <param name="Options">Run-time options.</param>
/// <param name="Requires">Permissions.</param>
/// <param name="Constructor">The constructor DI uses.</param>
/// <param name="IsBatch">True for a batch station (list in, list out).</param>
/// <param name="Redaction">What a dead letter keeps of the input.</param>
internal sealed record StationModel(
    TypeDeclaration Type,
    string Name,
    string Version,
    TypeRef InputType,
    TypeRef OutputType,
    string InputDisplay,
    string OutputDisplay,
    WorkShape Shape,
    string MethodName,
    EquatableArray<Analysis.WorkParameter> Arguments,
    OptionsModel Options,
    EquatableArray<string> Requires,
    ConstructorModel? Constructor,
    bool IsBatch,
    Redaction Redaction)
{
    /// <summary>The permissions of <c>Effects</c>: what the station does outside the line.</summary>
    public EquatableArray<string> Effects { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The content hash of the station's own source (<see cref="Parse.StationCode"/>), stamped beside <see cref="Version"/>.</summary>
    /// <summary>What a sample for review keeps of an output (its <c>[Sensitive]</c> members blanked).</summary>
    public Redaction OutputRedaction { get; init; } = Redaction.None;

    public string CodeHash { get; init; } = string.Empty;
}
