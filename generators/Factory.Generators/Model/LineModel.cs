namespace Factory.Generators.Model;

/// <summary>A valid line, as the emitter needs it. Immutable, structurally equal.</summary>
/// <param name="Type">The line class.</param>
/// <param name="Name">Line name.</param>
/// <param name="InputType">Fully qualified input type (the first step's).</param>
/// <param name="OutputType">Fully qualified output type (the last step's).</param>
/// <param name="Steps">The steps in order.</param>
/// <param name="IsPublic">Whether DI registration may name it from outside.</param>
/// <param name="ConstructorAccessibility">"public", or "internal" when a step's type is not public (a public constructor could not take it).</param>
internal sealed record LineModel(
    TypeDeclaration Type,
    string Name,
    string InputType,
    string OutputType,
    EquatableArray<StepModel> Steps,
    bool IsPublic,
    string ConstructorAccessibility);

/// <summary>One step of a line.</summary>
/// <param name="IsLine">True for a nested line, false for a station.</param>
/// <param name="Type">Fully qualified step type.</param>
/// <param name="Parameter">Constructor parameter and field name (camelCase, numbered when a type repeats).</param>
/// <param name="InputType">Fully qualified input type.</param>
/// <param name="OutputType">Fully qualified output type.</param>
internal sealed record StepModel(bool IsLine, string Type, string Parameter, string InputType, string OutputType);
