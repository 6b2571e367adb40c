namespace Factory.Generators.Model;

/// <summary>
/// A thinking unit, as the emitter needs it: its station half, its model options, the prompt as text
/// and member paths, the output checks, and how its partial work method is declared.
/// Immutable, structurally equal.
/// </summary>
/// <param name="Station">The station half (descriptor, work struct, DI constructor).</param>
/// <param name="IsValid">False when the prompt or a placeholder is wrong: only the work method is implemented, to throw.</param>
/// <param name="Method">The partial work method as the user declared it.</param>
/// <param name="OutputKey">The output type without a nullable annotation of its own (typeof, JsonTypeInfo).</param>
/// <param name="Model">The logical model name.</param>
/// <param name="Escalate">The escalation model, or null.</param>
/// <param name="Temperature">The temperature, or null to leave it to the model.</param>
/// <param name="MaxOutputTokens">Most tokens per answer.</param>
/// <param name="MaxRepairs">Re-asks per model.</param>
/// <param name="CacheMinutes">Minutes accepted answers are remembered; 0 for none.</param>
/// <param name="Instructions">The system message, or null.</param>
/// <param name="Prompt">The prompt's parts in order.</param>
/// <param name="Checks">The output type's data-annotation checks.</param>
/// <param name="HasInspect">True when the unit has its own Inspect(TIn, TOut).</param>
/// <param name="EmitConstructor">True when the unit declares no constructor: one taking the model catalog is generated.</param>
/// <param name="JsonContext">The JsonSerializerContext that lists the output type, or null (filled in after parsing).</param>
internal sealed record ThinkingUnitModel(
    StationModel Station,
    bool IsValid,
    UnitMethodModel Method,
    TypeRef OutputKey,
    string Model,
    string? Escalate,
    double? Temperature,
    int MaxOutputTokens,
    int MaxRepairs,
    int CacheMinutes,
    string? Instructions,
    EquatableArray<PromptPart> Prompt,
    EquatableArray<AnnotationCheck> Checks,
    bool HasInspect,
    bool EmitConstructor,
    TypeRef? JsonContext);
