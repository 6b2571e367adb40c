namespace Factory.Generators.Model;

/// <summary>
/// A type as generated code names it, and whether it is nullable itself. Immutable, structurally equal.
/// </summary>
/// <param name="Name">
/// The type without its own "?": fully qualified with "global::", nullable annotations of its type
/// arguments kept; for <c>Nullable&lt;T&gt;</c>, the <c>T</c>.
/// </param>
/// <param name="IsNullable">True for an annotated reference type (<c>T?</c>) and for <c>Nullable&lt;T&gt;</c>.</param>
internal sealed record TypeRef(string Name, bool IsNullable)
{
    /// <summary>The type as code writes it: <see cref="Name"/>, and "?" when nullable.</summary>
    public override string ToString() => IsNullable ? Name + "?" : Name;
}
