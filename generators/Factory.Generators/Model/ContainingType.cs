namespace Factory.Generators.Model;

/// <summary>A type that contains the one a partial is generated for, reopened around it.</summary>
/// <param name="Kind">What kind of type it is.</param>
/// <param name="Name">Its name.</param>
internal sealed record ContainingType(DeclarationKind Kind, string Name);
