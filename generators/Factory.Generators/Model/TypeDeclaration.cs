namespace Factory.Generators.Model;

/// <summary>
/// Where a generated partial goes: the namespace and the chain of containing types (outermost first).
/// Immutable, structurally equal.
/// </summary>
/// <param name="Namespace">The namespace, dotted, empty for the global one.</param>
/// <param name="Containers">The containing types, outermost first.</param>
/// <param name="Kind">What kind of type it is.</param>
/// <param name="Name">The type's name.</param>
/// <param name="FullyQualifiedName">The name with "global::".</param>
/// <param name="MetadataName">Namespace-qualified name with dots, for descriptors and file names.</param>
internal sealed record TypeDeclaration(
    string Namespace,
    EquatableArray<ContainingType> Containers,
    DeclarationKind Kind,
    string Name,
    string FullyQualifiedName,
    string MetadataName)
{
    /// <summary>A stable, unique hint name for the generated file (no '@' of an escaped keyword: hint names may not have one).</summary>
    public string HintName(string suffix) => MetadataName.Replace("@", string.Empty).Replace('<', '[').Replace('>', ']') + suffix;
}
