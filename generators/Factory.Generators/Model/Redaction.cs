namespace Factory.Generators.Model;

/// <summary>What a dead letter or a discard keeps of a value whose type has <c>[Sensitive]</c> members.</summary>
internal enum RedactionKind
{
    /// <summary>Nothing is sensitive: the value as it is.</summary>
    None,

    /// <summary>The type cannot be copied with the members blanked (not a record, or a member cannot be set): nothing.</summary>
    Nothing,

    /// <summary>A copy of the record with the sensitive members blanked.</summary>
    Copy,
}

/// <summary>How a value with <c>[Sensitive]</c> members is kept. Immutable, structurally equal.</summary>
/// <param name="Kind">Kept as it is, not at all, or as a blanked copy.</param>
/// <param name="Members">For a copy, the members it blanks.</param>
/// <param name="CanBeNull">For a copy, true when the value may be null (a record class): a null value is kept as null.</param>
internal sealed record Redaction(RedactionKind Kind, EquatableArray<BlankedMember> Members, bool CanBeNull)
{
    public static Redaction None { get; } = new(RedactionKind.None, EquatableArray<BlankedMember>.Empty, false);
}

/// <summary>A <c>[Sensitive]</c> member a redacting copy blanks.</summary>
/// <param name="Name">The member's name.</param>
/// <param name="IsText">True for a string, blanked as "***"; other members get their default.</param>
internal sealed record BlankedMember(string Name, bool IsText);
