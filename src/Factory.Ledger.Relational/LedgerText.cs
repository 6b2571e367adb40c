namespace Factory.Ledger.Relational;

/// <summary>
/// The text of a failure as the ledger keeps it. PostgreSQL's text cannot hold U+0000, and an
/// exception's message can (it may quote text read from a file, a socket or a model), so both ledgers
/// keep it as U+FFFD: a message never stops the writer, and it reads back the same from either.
/// </summary>
internal static class LedgerText
{
    public static string? Storable(string? text) =>
        text is null || !text.Contains('\0', System.StringComparison.Ordinal) ? text : text.Replace('\0', '\uFFFD');
}
