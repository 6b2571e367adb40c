namespace Factory.Generators.Model;

/// <summary>A piece of the prompt: literal text, or a placeholder whose value, a member path of the input, is appended.</summary>
/// <param name="Text">The literal text, or the placeholder as written (e.g. <c>Customer.Name</c>).</param>
/// <param name="Path">For a placeholder, the members it reads from the input, in order; empty for text.</param>
internal sealed record PromptPart(string Text, EquatableArray<PathMember> Path)
{
    public bool IsPlaceholder => Path.Count > 0;
}

/// <summary>One member a placeholder reads.</summary>
/// <param name="Name">The member's name.</param>
/// <param name="MayBeNull">True when its value may be null (a reference type or <c>Nullable&lt;T&gt;</c>): the next member is read null-safely.</param>
internal sealed record PathMember(string Name, bool MayBeNull);
