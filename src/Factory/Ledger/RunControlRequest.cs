namespace Factory.Ledger;

/// <summary>What may be asked, through the ledger, of the process that holds a run.</summary>
public enum RunControlRequest
{
    /// <summary>Hold the run: its workers stop taking materials.</summary>
    Pause,

    /// <summary>Let a paused run go on.</summary>
    Resume,

    /// <summary>Cancel the run.</summary>
    Cancel,
}
