using System;

namespace Factory.Ledger;

/// <summary>The ledger could not do what was asked: a write failed, a run cannot be resumed, or a dead letter cannot be replayed or discarded.</summary>
public sealed class LedgerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LedgerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LedgerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
