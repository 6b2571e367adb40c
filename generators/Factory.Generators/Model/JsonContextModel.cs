namespace Factory.Generators.Model;

/// <summary>A JsonSerializerContext and the types it lists. Immutable, structurally equal.</summary>
/// <param name="Context">The context.</param>
/// <param name="Types">The listed types, without nullable annotations of their own.</param>
internal sealed record JsonContextModel(TypeRef Context, EquatableArray<TypeRef> Types);
