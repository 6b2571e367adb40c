using Microsoft.CodeAnalysis;

namespace Factory.Generators.Model;

/// <summary>The declared partial work method, to repeat exactly: its accessibility, return type and parameters.</summary>
/// <param name="Accessibility">As declared.</param>
/// <param name="ReturnType">The return type.</param>
/// <param name="Parameters">The parameters in order.</param>
/// <param name="InputName">The input parameter's name.</param>
/// <param name="ContextName">The StationContext parameter's name, or null.</param>
/// <param name="TokenName">The CancellationToken parameter's name, or null.</param>
internal sealed record UnitMethodModel(
    Accessibility Accessibility,
    TypeRef ReturnType,
    EquatableArray<ParameterModel> Parameters,
    string InputName,
    string? ContextName,
    string? TokenName);

/// <summary>One parameter of a declared method.</summary>
internal sealed record ParameterModel(TypeRef Type, string Name);
