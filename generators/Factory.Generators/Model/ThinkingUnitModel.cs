namespace Factory.Generators.Model;

/// <summary>
/// A thinking unit, as the emitter needs it: its station half, its model options, the prompt as text
/// and member expressions, the output checks, and how its partial work method is declared.
/// Immutable, structurally equal.
/// </summary>
/// <param name="Station">The station half (descriptor, work struct, DI constructor).</param>
/// <param name="IsValid">False when the prompt or a placeholder is wrong: only the work method is implemented, to throw.</param>
/// <param name="Method">The partial work method as the user declared it.</param>
/// <param name="OutputKey">The output type, fully qualified without nullable annotations (typeof, JsonTypeInfo).</param>
/// <param name="Model">The logical model name.</param>
/// <param name="Escalate">The escalation model, or empty.</param>
/// <param name="Temperature">The temperature as a float literal, or empty to leave it to the model.</param>
/// <param name="MaxOutputTokens">Most tokens per answer.</param>
/// <param name="MaxRepairs">Re-asks per model.</param>
/// <param name="Instructions">The system message, or null.</param>
/// <param name="Prompt">The prompt's parts in order.</param>
/// <param name="Checks">The output type's data-annotation checks.</param>
/// <param name="HasInspect">True when the unit has its own Inspect(TIn, TOut).</param>
/// <param name="EmitConstructor">True when the unit declares no constructor: one taking the model catalog is generated.</param>
/// <param name="JsonContext">The JsonSerializerContext that lists the output type, or empty (filled in after parsing).</param>
internal sealed record ThinkingUnitModel(
    StationModel Station,
    bool IsValid,
    UnitMethodModel Method,
    string OutputKey,
    string Model,
    string Escalate,
    string Temperature,
    int MaxOutputTokens,
    int MaxRepairs,
    string? Instructions,
    EquatableArray<PromptPart> Prompt,
    EquatableArray<AnnotationCheck> Checks,
    bool HasInspect,
    bool EmitConstructor,
    string JsonContext);

/// <summary>The declared partial work method: its accessibility, return type and parameters, to repeat exactly.</summary>
/// <param name="Modifiers">e.g. "public".</param>
/// <param name="ReturnType">Fully qualified return type.</param>
/// <param name="Name">Process or ProcessAsync.</param>
/// <param name="Parameters">"type name" pairs, fully qualified.</param>
/// <param name="InputName">The input parameter's name.</param>
/// <param name="ContextName">The StationContext parameter's name, or empty.</param>
/// <param name="TokenName">The CancellationToken parameter's name, or empty.</param>
/// <param name="ReturnsTask">True for Task&lt;T&gt;, false for ValueTask&lt;T&gt;.</param>
internal sealed record UnitMethodModel(
    string Modifiers,
    string ReturnType,
    string Name,
    EquatableArray<string> Parameters,
    string InputName,
    string ContextName,
    string TokenName,
    bool ReturnsTask);

/// <summary>A piece of the prompt: literal text, or a C# expression over "input" whose value is appended.</summary>
/// <param name="IsText">True for literal text.</param>
/// <param name="Value">The text, or the expression.</param>
internal sealed record PromptPart(bool IsText, string Value);

/// <summary>One data-annotation check on the output: when <paramref name="Condition"/> (C# over "output") holds, <paramref name="Message"/> is a problem.</summary>
/// <param name="Condition">The failing condition; "{pattern}" stands for the check's compiled regular expression.</param>
/// <param name="Message">The problem, in words fed back to the model.</param>
/// <param name="Pattern">The regular expression of a [RegularExpression] check, or null.</param>
internal sealed record AnnotationCheck(string Condition, string Message, string? Pattern);

/// <summary>A JsonSerializerContext and the types it lists. Immutable, structurally equal.</summary>
/// <param name="Context">The context, fully qualified.</param>
/// <param name="Types">The listed types, fully qualified without nullable annotations.</param>
internal sealed record JsonContextModel(string Context, EquatableArray<string> Types);
