namespace Factory.Generators.Model;

/// <summary>
/// A valid station, as the emitter needs it: strings, numbers and equatable arrays only (no symbols,
/// syntax or locations), so it is immutable and structurally equal.
/// </summary>
/// <param name="Type">The station class.</param>
/// <param name="Name">Station name.</param>
/// <param name="Version">Station version.</param>
/// <param name="InputType">Fully qualified input type.</param>
/// <param name="OutputType">Fully qualified type of one output.</param>
/// <param name="InputDisplay">Input type as shown in descriptors.</param>
/// <param name="OutputDisplay">Output type as shown in descriptors.</param>
/// <param name="Shape">How the work method returns.</param>
/// <param name="MethodName">Process or ProcessAsync.</param>
/// <param name="Arguments">The work method's arguments after the input, in order: "context" or "cancellationToken".</param>
/// <param name="Options">Run-time options.</param>
/// <param name="Requires">Permissions.</param>
/// <param name="Constructor">The constructor DI uses.</param>
/// <param name="IsBatch">True for a batch station (list in, list out).</param>
/// <param name="Sensitive">How a dead letter keeps the input: empty to keep it, else the C# expression of a copy without its [Sensitive] members ("null" when the type cannot be copied).</param>
internal sealed record StationModel(
    TypeDeclaration Type,
    string Name,
    string Version,
    string InputType,
    string OutputType,
    string InputDisplay,
    string OutputDisplay,
    WorkShape Shape,
    string MethodName,
    EquatableArray<string> Arguments,
    OptionsModel Options,
    EquatableArray<string> Requires,
    ConstructorModel? Constructor,
    bool IsBatch,
    string Sensitive);

/// <summary>A station's options with defaults filled in.</summary>
internal sealed record OptionsModel(int Parallelism, int Capacity, bool Ordered, int MaxAttempts, int BackoffMs, int TimeoutMs, int BatchSize, int BatchWaitMs);

/// <summary>The constructor a DI factory calls: its parameter types, fully qualified. Null when none is usable.</summary>
internal sealed record ConstructorModel(EquatableArray<string> ParameterTypes);
