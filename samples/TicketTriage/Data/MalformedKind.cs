namespace TicketTriage.Data;

/// <summary>
/// The broken input the generator mixes in. The first five are tickets that arrive whole but cannot
/// be worked on: each must end as a dead letter at Normalize with its reason. The last three are lines
/// of the tickets file that are not a ticket at all: each must be reported by the JSONL source with its
/// line number. See <see cref="MalformedKinds.IsBrokenLine"/>.
/// </summary>
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

    /// <summary>The line stops in the middle of the ticket's JSON (an export cut off mid-write).</summary>
    TruncatedLine,

    /// <summary>The line is not JSON: a comma-separated row from another export.</summary>
    NotJson,

    /// <summary>The line is JSON but not a ticket: the id is a number where a string belongs.</summary>
    WrongFieldType,
}

/// <summary>What each <see cref="MalformedKind"/> is.</summary>
public static class MalformedKinds
{
    /// <summary>True for a line of the tickets file that is not a ticket; false for a ticket that arrives whole but is malformed.</summary>
    public static bool IsBrokenLine(this MalformedKind kind) =>
        kind is MalformedKind.TruncatedLine or MalformedKind.NotJson or MalformedKind.WrongFieldType;
}
