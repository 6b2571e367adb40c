using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger;

/// <summary>
/// The durable record of a factory: runs, inputs and their outcomes, materials, provenance, dead
/// letters and an append-only audit. A run is recorded by handing <see cref="Observe"/>'s observer to
/// <see cref="RunOptions.Observers"/>; giving the same <see cref="RunOptions.RunId"/> again resumes it.
/// The control room and the command line read through <see cref="View"/>, confined to a tenant or
/// explicitly granted every tenant; the read methods here see every tenant. The embedded SQLite ledger
/// and a shared PostgreSQL one implement it. Replay is in <see cref="DeadLetterReplay"/>, over any ledger.
/// </summary>
public interface ILedger : IAsyncDisposable
{
    /// <summary>
    /// A new observer that records one run (give each run its own). At the run's start it records the
    /// run (or, for a known run id, resumes it: inputs that already have an outcome do not enter
    /// again); it refuses a run id that is running in this process, held by another process (a live
    /// lease), or that belongs to another line or tenant.
    /// </summary>
    RunObserver Observe(LedgerObserveOptions? options = null);

    /// <summary>
    /// The ledger's gate store: parked items, their one decision each and every attempt's audit entry,
    /// kept in the ledger's database so they survive the process and can be decided from another one.
    /// A run this ledger observes parks here unless <see cref="RunOptions.Gates"/> names another store.
    /// </summary>
    Gates.IGateStore Gates { get; }

    /// <summary>Quality control: the review queue of sampled outputs, reviews, and defect rates per station version.</summary>
    Quality.IQualityStore Quality { get; }

    /// <summary>Waits until everything observed so far is written.</summary>
    /// <exception cref="LedgerException">The background writer failed.</exception>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The ledger as <paramref name="scope"/> may see it: every read, and discarding dead letters,
    /// confined to its tenant (or every tenant, by an explicit grant). Cheap; keep it or make one per request.
    /// </summary>
    ILedgerView View(LedgerScope scope);

    /// <summary>One run, or null.</summary>
    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Runs, newest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>A run's inputs and their outcomes, by sequence.</summary>
    Task<IReadOnlyList<InputRecord>> ListInputsAsync(string runId, PageQuery? page = null, CancellationToken cancellationToken = default);

    /// <summary>The materials of a run that descend from input <paramref name="root"/> (every material when null), by id.</summary>
    Task<IReadOnlyList<MaterialRecord>> ListMaterialsAsync(string runId, long? root = null, PageQuery? page = null, CancellationToken cancellationToken = default);

    /// <summary>The attempts recorded for one material, in the order they ran (none for a purged run: <see cref="RunRecord.Purged"/>).</summary>
    Task<IReadOnlyList<ExecutionRecord>> GetProvenanceAsync(string runId, long materialId, CancellationToken cancellationToken = default);

    /// <summary>Dead letters, oldest first (open ones by default).</summary>
    Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(DeadLetterQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>One dead letter with its input, or null.</summary>
    Task<DeadLetterRecord?> GetDeadLetterAsync(long deadLetterId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens again those of dead letters <paramref name="deadLetterIds"/> that a replay run claimed and left before their
    /// inputs had an outcome there: its process died (the run is still running, its lease ended), or it ended cancelled,
    /// failed or past its deadline without opening them again. A replay run is never started again, so the replays
    /// (<see cref="DeadLetterReplay"/>) ask this of the letters they are given first. An audit entry each
    /// (<see cref="AuditActions.DeadLetterReopened"/>, by <paramref name="actor"/>); returns the ids opened again.
    /// A ledger that keeps no replays opens none.
    /// </summary>
    Task<IReadOnlyList<long>> ReopenAbandonedAsync(IReadOnlyCollection<long> deadLetterIds, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<long>>([]);

    /// <summary>Marks an open dead letter discarded and writes an audit entry naming <paramref name="actor"/>, in one durable transaction.</summary>
    /// <exception cref="LedgerException">No such dead letter, or it is not open.</exception>
    Task DiscardDeadLetterAsync(long deadLetterId, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>Appends an entry to the audit (durably) and returns it with its id.</summary>
    Task<AuditEntry> AppendAuditAsync(string actor, string action, string target, string? detail = null, string? tenant = null, CancellationToken cancellationToken = default);

    /// <summary>Audit entries, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the materials and attempts (provenance) of runs that ended before
    /// <paramref name="olderThan"/>, one transaction per run, and marks each run purged
    /// (<see cref="RunRecord.Purged"/>). Runs, inputs with their outcomes and counts, dead letters with
    /// their inputs, replays and the audit stay; running runs are not touched. Writes one audit entry
    /// (<see cref="AuditActions.LedgerPurged"/>) naming <paramref name="actor"/> and the counts, also
    /// when cancelled part way (then it throws once the entry is written).
    /// </summary>
    Task<PurgeReport> PurgeAsync(DateTimeOffset olderThan, string actor, CancellationToken cancellationToken = default);
}
