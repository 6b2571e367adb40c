using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// The embedded ledger: one SQLite file in WAL mode. Hand <see cref="Observe"/>'s observer to a run
/// (<c>new RunOptions { RunId = ..., Observers = [ledger.Observe()] }</c>); start the run again with
/// the same id after a crash and inputs that already have an outcome are not processed again.
/// Observers only enqueue; a background writer commits in batches. Safe to share between threads
/// and runs; one <see cref="SqliteLedger"/> per file per process.
/// </summary>
public sealed class SqliteLedger : ILedger
{
    private readonly string connectionString;
    private readonly ConcurrentDictionary<string, RunRecorder> active = new(StringComparer.Ordinal);
    private readonly LedgerQueries queries;
    private int disposed;

    /// <summary>Opens (or creates) the ledger in file <paramref name="path"/>.</summary>
    public SqliteLedger(string path, SqliteLedgerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Options = options ?? new SqliteLedgerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxPending, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.LeaseDuration, TimeSpan.FromMilliseconds(100), nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.CrashLimit, 1, nameof(options));
        ArgumentNullException.ThrowIfNull(Options.Clock, nameof(options));
        Path = System.IO.Path.GetFullPath(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        queries = new LedgerQueries(this);

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Schema.Initialize(connection);

            // The writer's working set: the B-trees it appends to stay in memory (64 MiB; SQLite's default is 2 MiB).
            Sql.Execute(connection, null, "PRAGMA cache_size = -65536");
            Writer = new LedgerWriter(connection, Options, Instance);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>How the ledger records.</summary>
    public SqliteLedgerOptions Options { get; }

    internal LedgerWriter Writer { get; }

    /// <summary>This ledger object, as the runs' leases name it (with the host and the process id): random, so two in one process are two holders.</summary>
    internal string Instance { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Opens (or creates) the ledger in file <paramref name="path"/>.</summary>
    public static SqliteLedger Open(string path, SqliteLedgerOptions? options = null) => new(path, options);

    /// <inheritdoc />
    public RunObserver Observe(LedgerObserveOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return new RunRecorder(this, options ?? new LedgerObserveOptions());
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        queries.GetRunAsync(runId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default) =>
        queries.ListRunsAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<InputRecord>> ListInputsAsync(string runId, PageQuery? page = null, CancellationToken cancellationToken = default) =>
        queries.ListInputsAsync(runId, page, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MaterialRecord>> ListMaterialsAsync(string runId, long? root = null, PageQuery? page = null, CancellationToken cancellationToken = default) =>
        queries.ListMaterialsAsync(runId, root, page, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ExecutionRecord>> GetProvenanceAsync(string runId, long materialId, CancellationToken cancellationToken = default) =>
        queries.GetProvenanceAsync(runId, materialId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(DeadLetterQuery? query = null, CancellationToken cancellationToken = default) =>
        queries.ListDeadLettersAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<DeadLetterRecord?> GetDeadLetterAsync(long deadLetterId, CancellationToken cancellationToken = default) =>
        queries.GetDeadLetterAsync(deadLetterId, cancellationToken);

    /// <inheritdoc />
    public Task DiscardDeadLetterAsync(long deadLetterId, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        cancellationToken.ThrowIfCancellationRequested();
        DeadLetterResolution.Discard(this, deadLetterId, actor, reason);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AuditEntry> AppendAuditAsync(string actor, string action, string target, string? detail = null, string? tenant = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        cancellationToken.ThrowIfCancellationRequested();
        DateTimeOffset time = Options.Clock.GetUtcNow();
        using SqliteConnection connection = OpenConnection();
        long id = Sql.Audit(connection, null, Time.Text(time), actor, action, tenant, target, detail);
        return Task.FromResult(new AuditEntry(id, Time.Parse(Time.Text(time)), actor, action, tenant, target, detail));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery? query = null, CancellationToken cancellationToken = default) =>
        queries.ListAuditAsync(query, cancellationToken);

    /// <summary>Waits for the writer to commit everything queued, then closes the file.</summary>
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

            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A pooled connection for one operation, committing with the durable setting.</summary>
    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Sql.Execute(connection, null, LedgerStatements.SynchronousPragma(Options.DurableSynchronous));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal bool TryActivate(string runId, RunRecorder recorder)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (Writer.Fault is { } fault)
        {
            throw new LedgerException($"The ledger's writer has failed; no run can be recorded: {fault.Message}", fault);
        }

        return active.TryAdd(runId, recorder);
    }

    internal void Deactivate(string runId, RunRecorder recorder) => active.TryRemove(new KeyValuePair<string, RunRecorder>(runId, recorder));
}
