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

    /// <summary>
    /// True when the ledger refused a run itself, not because the ledger failed: a worker asked to join a
    /// run it has no record of, one that is not running (ended, or cancelled until it is started again),
    /// or one of another line or tenant. Nobody waits for that run's materials in this worker now; trying
    /// again helps only once the run is started again. False for a failure of the ledger (its writer
    /// stopped, its database unreachable), after which the run's materials still need doing elsewhere.
    /// </summary>
    public bool RunRefused { get; init; }
}
