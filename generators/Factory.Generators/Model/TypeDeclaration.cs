namespace Factory.Generators.Model;

/// <summary>
/// Where a generated partial goes: the namespace and the chain of containing types (outermost first),
/// each with the keyword and name needed to reopen it. Immutable, structurally equal.
/// </summary>
/// <param name="Namespace">The namespace, empty for the global one.</param>
/// <param name="Containers">Reopening text of each containing type, e.g. "partial class Outer".</param>
/// <param name="Keyword">"class" or "record".</param>
/// <param name="Name">The type's name.</param>
/// <param name="FullyQualifiedName">The name with "global::".</param>
/// <param name="MetadataName">Namespace-qualified name with dots, for descriptors and file names.</param>
internal sealed record TypeDeclaration(
    string Namespace,
    EquatableArray<string> Containers,
    string Keyword,
    string Name,
    string FullyQualifiedName,
    string MetadataName)
{
    /// <summary>A stable, unique hint name for the generated file.</summary>
    public string HintName(string suffix) => MetadataName.Replace('<', '[').Replace('>', ']') + suffix;
}
