namespace TicketTriage.Data;

/// <summary>The broken tickets the generator mixes in; each must end as a dead letter with its reason.</summary>
public enum MalformedKind
{
    /// <summary>The ticket's id is empty.</summary>
    MissingId,

    /// <summary>The body is the empty string.</summary>
    EmptyBody,

    /// <summary>The body holds only spaces, tabs and line breaks.</summary>
    WhitespaceBody,

    /// <summary>The body is absurdly long (a pasted log or a stuck key): tens of thousands of characters.</summary>
    AbsurdlyLong,

    /// <summary>The body has no words at all, only punctuation and symbols.</summary>
    NoWords,
}
