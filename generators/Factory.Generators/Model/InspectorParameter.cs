namespace Factory.Generators.Model;

/// <summary>An inspector a line's constructor takes, after its steps. Immutable, structurally equal.</summary>
/// <param name="Type">The inspector class, fully qualified with "global::".</param>
/// <param name="Parameter">The constructor parameter and field name: camelCase, numbered when it meets another name.</param>
/// <param name="Stations">The stations of this line it inspects (fully qualified).</param>
/// <param name="IsPublic">Whether a public constructor may take it.</param>
internal sealed record InspectorParameter(string Type, string Parameter, EquatableArray<string> Stations, bool IsPublic);
