using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger;

/// <summary>
/// The ledger as one <see cref="LedgerScope"/> may see it (<see cref="ILedger.View"/>): the reads of
/// <see cref="ILedger"/> and discarding a dead letter, confined to the scope's tenant. Another tenant's
/// run, material or dead letter reads as not there (null, or an empty list), never as forbidden, so a
/// view does not tell whether it exists. A tenant's audit holds only entries of that tenant; entries
/// that concern no tenant are seen by every-tenant scopes only. The filtering is done by the database.
/// </summary>
public interface ILedgerView
{
    /// <summary>Whose records this view shows.</summary>
    LedgerScope Scope { get; }

    /// <summary>Quality control as the scope may see it: the review queue, reviews and defect rates of its tenant (or of every tenant, by an explicit grant).</summary>
    Quality.IQualityStore Quality { get; }

    /// <summary>One run of the scope, or null (no such run, or another tenant's).</summary>
    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The scope's runs, newest first (a <see cref="RunQuery.Tenant"/> narrows it further).</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>A run's inputs and their outcomes, by sequence; empty for another tenant's run.</summary>
    Task<IReadOnlyList<InputRecord>> ListInputsAsync(string runId, PageQuery? page = null, CancellationToken cancellationToken = default);

    /// <summary>A run's materials that descend from input <paramref name="root"/> (all when null), by id; empty for another tenant's run.</summary>
    Task<IReadOnlyList<MaterialRecord>> ListMaterialsAsync(string runId, long? root = null, PageQuery? page = null, CancellationToken cancellationToken = default);

    /// <summary>The attempts recorded for one material, in the order they ran; empty for another tenant's run, and for a purged run (<see cref="RunRecord.Purged"/>).</summary>
    Task<IReadOnlyList<ExecutionRecord>> GetProvenanceAsync(string runId, long materialId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per station of each of <paramref name="runIds"/> (at most 500) that is the scope's: attempts,
    /// failures, tokens, cost and durations, over every start and recording process; by run, then
    /// station. Another tenant's run has none, as one that does not exist.
    /// </summary>
    Task<IReadOnlyList<StationTotalsRecord>> ListStationTotalsAsync(IReadOnlyCollection<string> runIds, CancellationToken cancellationToken = default);

    /// <summary>The scope's dead letters, oldest first (open ones by default).</summary>
    Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(DeadLetterQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>One dead letter of the scope with its input, or null (no such letter, or another tenant's).</summary>
    Task<DeadLetterRecord?> GetDeadLetterAsync(long deadLetterId, CancellationToken cancellationToken = default);

    /// <summary>Marks an open dead letter of the scope discarded and writes an audit entry naming <paramref name="actor"/>, in one durable transaction.</summary>
    /// <exception cref="LedgerException">No such dead letter in the scope (another tenant's reads as none), or it is not open.</exception>
    Task DiscardDeadLetterAsync(long deadLetterId, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks the process that holds running run <paramref name="runId"/> of the scope to pause, resume or
    /// cancel it: recorded on the run with an audit entry naming <paramref name="actor"/>
    /// (<see cref="AuditActions.RunControlRequested"/>), in one durable transaction. The holder's
    /// ledger observer looks for requests about once a second, applies the last one and records that
    /// (<see cref="AuditActions.RunControlApplied"/>, <see cref="RunRecord.ControlApplied"/>).
    /// </summary>
    /// <exception cref="LedgerException">No such run in the scope (another tenant's reads as none), or it is not running.</exception>
    Task RequestRunControlAsync(string runId, RunControlRequest request, string actor, CancellationToken cancellationToken = default);

    /// <summary>The scope's audit entries, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery? query = null, CancellationToken cancellationToken = default);
}
