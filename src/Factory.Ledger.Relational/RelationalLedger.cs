using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Relational;

/// <summary>
/// A ledger in a SQL database: everything <see cref="ILedger"/> does, over a store that says how to
/// reach the database (<c>SqliteLedger</c>, <c>PostgresLedger</c>). Observers only enqueue; a
/// background writer commits in batches. Safe to share between threads and runs.
/// </summary>
public abstract class RelationalLedger : ILedger, IJobBudgetLedger
{
    private readonly ConcurrentDictionary<string, RunRecorder> active = new(StringComparer.Ordinal);
    private int disposed;

    /// <summary>Brings <paramref name="store"/>'s schema up and starts the writer; disposes the store when that fails.</summary>
    internal RelationalLedger(LedgerStore store, RecorderSettings settings)
    {
        Store = store;
        Settings = settings;
        Queries = new LedgerQueries(this);
        try
        {
            SchemaUpgrade.Apply(store, settings);
            Writer = new LedgerWriter(this);
            Gates = new LedgerGateStore(this);
            Quality = new LedgerQuality(this);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    internal LedgerStore Store { get; }

    internal LedgerQueries Queries { get; }

    internal RecorderSettings Settings { get; }

    internal LedgerWriter Writer { get; }

    /// <inheritdoc />
    public Gates.IGateStore Gates { get; }

    /// <inheritdoc />
    public Factory.Quality.IQualityStore Quality { get; }

    /// <summary>This ledger object, as the runs' leases name it (with the host and the process id): random, so two in one process are two holders.</summary>
    internal string Instance { get; } = Guid.NewGuid().ToString("N");

    /// <summary>How a closed ledger is named in <see cref="ObjectDisposedException"/>s.</summary>
    internal string TypeName => GetType().Name;

    /// <inheritdoc />
    public RunObserver Observe(LedgerObserveOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return new RunRecorder(this, options ?? new LedgerObserveOptions());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<long>> ReopenAbandonedAsync(IReadOnlyCollection<long> deadLetterIds, string actor, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(AbandonedReplays.Reopen(this, deadLetterIds, actor));
    }

    /// <inheritdoc />
    public Task<BudgetAnswer> TryReserveAsync(string tenant, string jobId, JobBudget budget, long tokens, decimal cost, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return LedgerBudgets.TryReserveAsync(this, tenant, jobId, budget, tokens, cost, cancellationToken);
    }

    /// <inheritdoc />
    public Task SettleAsync(string tenant, string jobId, long reservedTokens, decimal reservedCost, long tokens, decimal cost, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return LedgerBudgets.SettleAsync(this, tenant, jobId, reservedTokens, reservedCost, tokens, cost, cancellationToken);
    }

    /// <inheritdoc />
    public Task<BudgetHold> TryHoldAsync(string tenant, string jobId, JobBudget budget, long tokens, decimal cost, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return LedgerBudgets.TryHoldAsync(this, tenant, jobId, budget, tokens, cost, lease, cancellationToken);
    }

    /// <inheritdoc />
    public Task SettleHoldAsync(string tenant, string jobId, string holdId, long reservedTokens, decimal reservedCost, long tokens, decimal cost, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return LedgerBudgets.SettleHoldAsync(this, tenant, jobId, holdId, tokens, cost, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JobBudgetRecord> GetJobBudgetAsync(string tenant, string jobId, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return LedgerBudgets.GetAsync(this, tenant, jobId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ILedgerView View(LedgerScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new LedgerView(this, scope);
    }

    /// <inheritdoc />
    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Queries.GetRunAsync(runId, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default) =>
        Queries.ListRunsAsync(query, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<InputRecord>> ListInputsAsync(string runId, PageQuery? page = null, CancellationToken cancellationToken = default) =>
        Queries.ListInputsAsync(runId, page, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MaterialRecord>> ListMaterialsAsync(string runId, long? root = null, PageQuery? page = null, CancellationToken cancellationToken = default) =>
        Queries.ListMaterialsAsync(runId, root, page, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ExecutionRecord>> GetProvenanceAsync(string runId, long materialId, CancellationToken cancellationToken = default) =>
        Queries.GetProvenanceAsync(runId, materialId, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(DeadLetterQuery? query = null, CancellationToken cancellationToken = default) =>
        Queries.ListDeadLettersAsync(query, null, cancellationToken);

    /// <inheritdoc />
    public Task<DeadLetterRecord?> GetDeadLetterAsync(long deadLetterId, CancellationToken cancellationToken = default) =>
        Queries.GetDeadLetterAsync(deadLetterId, null, cancellationToken);

    /// <inheritdoc />
    public Task DiscardDeadLetterAsync(long deadLetterId, string actor, string reason, CancellationToken cancellationToken = default) =>
        DiscardDeadLetterAsync(deadLetterId, actor, reason, null, cancellationToken);

    /// <inheritdoc />
    public Task<AuditEntry> AppendAuditAsync(string actor, string action, string target, string? detail = null, string? tenant = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        cancellationToken.ThrowIfCancellationRequested();
        DateTimeOffset time = Settings.Clock.GetUtcNow();
        using DbConnection connection = Store.OpenConnection();
        long id = Sql.Audit(connection, null, Time.Text(time), actor, action, tenant, target, detail);
        return Task.FromResult(new AuditEntry(id, Time.Parse(Time.Text(time)), actor, action, tenant, target, detail));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery? query = null, CancellationToken cancellationToken = default) =>
        Queries.ListAuditAsync(query, null, cancellationToken);

    /// <inheritdoc />
    public async Task<PurgeReport> PurgeAsync(DateTimeOffset olderThan, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);

        // What this ledger was told before the call is committed first: a run's end can be written before
        // the rows of outputs its caller took after it ended, and those rows must not land in a purged run.
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return RunPurge.Purge(this, olderThan, actor, cancellationToken);
    }

    /// <summary>Waits for the writer to commit everything queued, then closes the ledger's connections.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Writer.Dispose();
            foreach (RunRecorder running in active.Values)
            {
                // Runs still going when the ledger closes keep their leases until they expire.
                running.StopHeartbeat();
            }

            Store.Dispose();
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Discards a dead letter; in a tenant's view (<paramref name="tenant"/> given) only one of that tenant.</summary>
    internal Task DiscardDeadLetterAsync(long deadLetterId, string actor, string reason, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        cancellationToken.ThrowIfCancellationRequested();
        DeadLetterResolution.Discard(this, deadLetterId, actor, reason, tenant);
        return Task.CompletedTask;
    }

    internal bool TryActivate(string runId, RunRecorder recorder)
    {
        ThrowIfWriterFailed();
        return active.TryAdd(runId, recorder);
    }

    /// <summary>Refuses a new run (or worker) once the ledger is closed or its writer has failed.</summary>
    internal void ThrowIfWriterFailed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (Writer.Fault is { } fault)
        {
            throw new LedgerException($"The ledger's writer has failed; no run can be recorded: {fault.Message}", fault);
        }
    }

    /// <summary>The recorder of run <paramref name="runId"/> while it is live in this process, else null.</summary>
    internal RunRecorder? Live(string runId) => active.TryGetValue(runId, out RunRecorder? recorder) ? recorder : null;

    internal void Deactivate(string runId, RunRecorder recorder) => active.TryRemove(new KeyValuePair<string, RunRecorder>(runId, recorder));
}
