namespace Factory.Ledger;

/// <summary>The actions the ledger itself writes to the audit.</summary>
public static class AuditActions
{
    /// <summary>A run was started again with its id.</summary>
    public const string RunResumed = "run.resume";

    /// <summary>A run was resumed with a line whose descriptor differs from the one it started with.</summary>
    public const string RunLineChanged = "run.line-changed";

    /// <summary>A start of a run found inputs that were in a station when an earlier start crashed, and counted the crash for each.</summary>
    public const string RunCrashesCounted = "run.crashes-counted";

    /// <summary>A run was started while another holder's lease on it had expired (that holder crashed or stopped renewing): the detail names it.</summary>
    public const string RunLeaseTakenOver = "run.lease-taken-over";

    /// <summary>
    /// Someone asked, through the ledger, that a running run be paused, resumed or cancelled by the
    /// process that holds it (<see cref="ILedgerView.RequestRunControlAsync"/>): the detail names the request.
    /// </summary>
    public const string RunControlRequested = "run.control-requested";

    /// <summary>The process holding a run applied a request recorded with <see cref="RunControlRequested"/>.</summary>
    public const string RunControlApplied = "run.control-applied";

    /// <summary>A dead letter was replayed.</summary>
    public const string DeadLetterReplayed = "dead-letter.replay";

    /// <summary>A dead letter was discarded.</summary>
    public const string DeadLetterDiscarded = "dead-letter.discard";

    /// <summary>
    /// A dead letter a replay claimed is open again: the replay run ended (cancelled, failed, past its deadline) before
    /// the letter's input had an outcome there, and a replay run cannot be started again. The detail names the run.
    /// </summary>
    public const string DeadLetterReopened = "dead-letter.reopen";

    /// <summary>The ledger's schema was upgraded when it was opened: the detail names the versions (from -> to) and each step. Concerns no tenant.</summary>
    public const string LedgerUpgraded = "ledger.upgrade";

    /// <summary>Finished runs' materials and attempts were removed (<see cref="ILedger.PurgeAsync"/>): the detail names the cut-off and the counts. Concerns no tenant.</summary>
    public const string LedgerPurged = "ledger.purge";

    /// <summary>An attempt to decide on an item parked at a gate, accepted or refused (a timeout's too): the detail is the attempt as JSON.</summary>
    public const string GateDecision = "gate.decision";
}
