using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Relational;

/// <summary>
/// <see cref="ILedger.View"/> of a relational ledger: the ledger's queries with the scope's tenant
/// (null for every tenant) handed to each, so the SQL confines the rows.
/// </summary>
internal sealed class LedgerView(RelationalLedger ledger, LedgerScope scope) : ILedgerView
{
    public LedgerScope Scope { get; } = scope;

    public Factory.Quality.IQualityStore Quality { get; } = new LedgerQuality(ledger, scope.Tenant);

    private string? Tenant => Scope.Tenant;

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        ledger.Queries.GetRunAsync(runId, Tenant, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default) =>
        ledger.Queries.ListRunsAsync(query, Tenant, cancellationToken);

    public Task<IReadOnlyList<InputRecord>> ListInputsAsync(string runId, PageQuery? page = null, CancellationToken cancellationToken = default) =>
        ledger.Queries.ListInputsAsync(runId, page, Tenant, cancellationToken);

    public Task<IReadOnlyList<MaterialRecord>> ListMaterialsAsync(string runId, long? root = null, PageQuery? page = null, CancellationToken cancellationToken = default) =>
        ledger.Queries.ListMaterialsAsync(runId, root, page, Tenant, cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> GetProvenanceAsync(string runId, long materialId, CancellationToken cancellationToken = default) =>
        ledger.Queries.GetProvenanceAsync(runId, materialId, Tenant, cancellationToken);

    public Task<IReadOnlyList<StationTotalsRecord>> ListStationTotalsAsync(IReadOnlyCollection<string> runIds, CancellationToken cancellationToken = default) =>
        ledger.Queries.ListStationTotalsAsync(runIds, Tenant, cancellationToken);

    public Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(DeadLetterQuery? query = null, CancellationToken cancellationToken = default) =>
        ledger.Queries.ListDeadLettersAsync(query, Tenant, cancellationToken);

    public Task<DeadLetterRecord?> GetDeadLetterAsync(long deadLetterId, CancellationToken cancellationToken = default) =>
        ledger.Queries.GetDeadLetterAsync(deadLetterId, Tenant, cancellationToken);

    public Task DiscardDeadLetterAsync(long deadLetterId, string actor, string reason, CancellationToken cancellationToken = default) =>
        ledger.DiscardDeadLetterAsync(deadLetterId, actor, reason, Tenant, cancellationToken);

    public Task RequestRunControlAsync(string runId, RunControlRequest request, string actor, CancellationToken cancellationToken = default) =>
        RunControls.RequestAsync(ledger, runId, request, actor, Tenant, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery? query = null, CancellationToken cancellationToken = default) =>
        ledger.Queries.ListAuditAsync(query, Tenant, cancellationToken);

    public override string ToString() => $"{ledger.TypeName} as seen by {Scope}";
}
