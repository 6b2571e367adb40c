namespace Factory.Generators.Model;

/// <summary>An <c>[Inspector&lt;TStation&gt;]</c> class, as the lines that wire it need it. Immutable, structurally equal.</summary>
/// <param name="Type">The class, fully qualified with "global::".</param>
/// <param name="Name">Its simple name, for the line constructor's parameter.</param>
/// <param name="Stations">The stations it inspects (fully qualified), only those whose types it matches.</param>
/// <param name="Constructor">The constructor DI calls, or null when it has no usable one (then DI does not register it).</param>
/// <param name="IsPublic">Whether a public line constructor may take it.</param>
internal sealed record InspectorModel(string Type, string Name, EquatableArray<string> Stations, ConstructorModel? Constructor, bool IsPublic);
