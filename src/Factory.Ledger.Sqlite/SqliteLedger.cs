using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Initialize(connection);

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
    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        IReadOnlyList<RunRecord> runs = await QueryRunsAsync("WHERE r.run_id = $run", [("$run", runId)], cancellationToken).ConfigureAwait(false);
        return runs.Count == 0 ? null : runs[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new RunQuery();
        var filter = new SqlFilter()
            .Equal("r.tenant", "$tenant", query.Tenant)
            .Equal("r.line", "$line", query.Line)
            .Equal("r.status", "$status", query.Status is { } status ? Names.Of(status) : null);
        string text = filter.Build("r.started DESC, r.run_id", query.Limit, query.Offset);
        return QueryRunsAsync(text, filter.Parameters, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InputRecord>> ListInputsAsync(string runId, PageQuery? page = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        page ??= new PageQuery();
        return await QueryAsync(
            """
            SELECT run_id, sequence, material_id, input_hash, entries, outcome, finished, delivered, dead_lettered, discarded, crashes
            FROM inputs WHERE run_id = $run ORDER BY sequence LIMIT $limit OFFSET $offset
            """,
            static reader => new InputRecord(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                NullableString(reader, 3),
                reader.GetInt32(4),
                reader.IsDBNull(5) ? null : Names.ParseInputOutcome(reader.GetString(5)),
                reader.IsDBNull(6) ? null : Time.Parse(reader.GetString(6)),
                reader.GetInt32(7),
                reader.GetInt32(8),
                reader.GetInt32(9))
            {
                Crashes = reader.GetInt32(10),
            },
            cancellationToken,
            ("$run", runId),
            ("$limit", page.Limit),
            ("$offset", page.Offset)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MaterialRecord>> ListMaterialsAsync(string runId, long? root = null, PageQuery? page = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        page ??= new PageQuery();
        return await QueryAsync(
            """
            SELECT run_id, id, parent_id, root, sequence, input_hash, outcome, station FROM materials
            WHERE run_id = $run AND ($root IS NULL OR root = $root) ORDER BY id LIMIT $limit OFFSET $offset
            """,
            static reader => new MaterialRecord(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                NullableString(reader, 5),
                reader.IsDBNull(6) ? null : Names.ParseMaterialOutcome(reader.GetString(6)),
                NullableString(reader, 7)),
            cancellationToken,
            ("$run", runId),
            ("$root", root),
            ("$limit", page.Limit),
            ("$offset", page.Offset)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExecutionRecord>> GetProvenanceAsync(string runId, long materialId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return await QueryAsync(
            """
            SELECT run_id, material_id, root, station, station_version, attempt, started_us, duration_us, outcome, exception_type, message,
                model, input_tokens, output_tokens, start_no
            FROM executions WHERE run_id = $run AND material_id = $id ORDER BY started_us, id
            """,
            static reader => new ExecutionRecord(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt32(5),
                Time.FromMicros(reader.GetInt64(6)),
                TimeSpan.FromTicks(reader.GetInt64(7) * 10),
                Names.ParseExecutionOutcome(reader.GetString(8)),
                NullableString(reader, 9),
                NullableString(reader, 10),
                NullableString(reader, 11),
                reader.GetInt64(12),
                reader.GetInt64(13),
                reader.GetInt32(14)),
            cancellationToken,
            ("$run", runId),
            ("$id", materialId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(DeadLetterQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new DeadLetterQuery();
        var filter = new SqlFilter()
            .Equal("d.run_id", "$run", query.RunId)
            .Equal("d.tenant", "$tenant", query.Tenant)
            .Equal("d.station", "$station", query.Station)
            .Equal("d.status", "$status", query.Status is { } status ? Names.Of(status) : null);
        string text = filter.Build("d.id", query.Limit, query.Offset);
        return QueryDeadLettersAsync(text, filter.Parameters, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DeadLetterRecord?> GetDeadLetterAsync(long deadLetterId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DeadLetterRecord> letters = await QueryDeadLettersAsync("WHERE d.id = $id", [("$id", deadLetterId)], cancellationToken).ConfigureAwait(false);
        return letters.Count == 0 ? null : letters[0];
    }

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
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AuditQuery();
        return await QueryAsync(
            """
            SELECT id, time, actor, action, tenant, target, detail FROM audit
            WHERE id > $after AND ($tenant IS NULL OR tenant = $tenant) AND ($action IS NULL OR action = $action) AND ($target IS NULL OR target = $target)
            ORDER BY id LIMIT $limit
            """,
            static reader => new AuditEntry(
                reader.GetInt64(0),
                Time.Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                NullableString(reader, 4),
                reader.GetString(5),
                NullableString(reader, 6)),
            cancellationToken,
            ("$after", query.After),
            ("$tenant", query.Tenant),
            ("$action", query.Action),
            ("$target", query.Target),
            ("$limit", query.Limit)).ConfigureAwait(false);
    }

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
            Sql.Execute(connection, null, "PRAGMA synchronous = " + Names.Of(Options.DurableSynchronous));
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

    private static void Initialize(SqliteConnection connection)
    {
        using (SqliteCommand wal = Sql.Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            string? mode = wal.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new LedgerException($"The ledger needs WAL journaling; SQLite answered '{mode}' for {connection.DataSource}.");
            }
        }

        long version;
        using (SqliteCommand read = Sql.Command(connection, null, "PRAGMA user_version"))
        {
            version = (long)read.ExecuteScalar()!;
        }

        if (version > Schema.Version)
        {
            throw new LedgerException($"The ledger file {connection.DataSource} has schema version {version}; this version of Factory knows up to {Schema.Version}.");
        }

        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        Sql.Execute(connection, transaction, Schema.Create);
        foreach ((string table, string column, string definition) in Schema.AddedColumns)
        {
            if (!HasColumn(connection, transaction, table, column))
            {
                Sql.Execute(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
            }
        }
        Sql.Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {Schema.Version}"));
        transaction.Commit();
    }

    private static bool HasColumn(SqliteConnection connection, SqliteTransaction transaction, string table, string column)
    {
        using SqliteCommand command = Sql.Command(connection, transaction, "SELECT count(*) FROM pragma_table_info($table) WHERE name = $column", ("$table", table), ("$column", column));
        return (long)command.ExecuteScalar()! > 0;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Runs a query on a connection of its own and reads every row with <paramref name="read"/>.</summary>
    private async Task<IReadOnlyList<T>> QueryAsync<T>(
        string text,
        Func<SqliteDataReader, T> read,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        using SqliteConnection connection = OpenConnection();
        using SqliteCommand command = Sql.Command(connection, null, text, parameters);
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private Task<IReadOnlyList<RunRecord>> QueryRunsAsync(string filter, IReadOnlyList<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        return QueryAsync(
            $"""
            SELECT r.run_id, r.line, r.line_type, r.line_hash, r.input_type, r.job, r.provenance, r.status, r.started, r.last_started, r.ended, r.starts, r.error,
                (SELECT count(*) FROM inputs i WHERE i.run_id = r.run_id),
                (SELECT count(*) FROM inputs i WHERE i.run_id = r.run_id AND i.outcome IS NOT NULL),
                (SELECT count(*) FROM dead_letters d WHERE d.run_id = r.run_id),
                (SELECT group_concat(p.dead_letter_id) FROM (SELECT dead_letter_id FROM replays WHERE run_id = r.run_id ORDER BY sequence) p)
            FROM runs r {filter}
            """,
            static reader =>
            {
                long[] replayOf = reader.IsDBNull(16)
                    ? []
                    : reader.GetString(16).Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                return new RunRecord(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    JobJson.Read(reader.GetString(5)),
                    Names.ParseProvenanceLevel(reader.GetString(6)),
                    Names.ParseRunStatus(reader.GetString(7)),
                    Time.Parse(reader.GetString(8)),
                    Time.Parse(reader.GetString(9)),
                    reader.IsDBNull(10) ? null : Time.Parse(reader.GetString(10)),
                    reader.GetInt32(11),
                    NullableString(reader, 12),
                    replayOf)
                {
                    Inputs = reader.GetInt64(13),
                    InputsDone = reader.GetInt64(14),
                    DeadLetters = reader.GetInt64(15),
                };
            },
            cancellationToken,
            parameters.ToArray());
    }

    private Task<IReadOnlyList<DeadLetterRecord>> QueryDeadLettersAsync(string filter, IReadOnlyList<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        return QueryAsync(
            $"""
            SELECT d.id, d.run_id, d.tenant, d.job_id, d.line, d.material_id, d.parent_id, d.root, d.station, d.station_version, d.attempts,
                d.exception_type, d.message, d.time, d.input_type, d.input_clr_type, d.input_status, d.input_json, d.status,
                d.resolved_by, d.resolved_at, d.reason, d.replay_run,
                (SELECT i.outcome FROM replays p JOIN inputs i ON i.run_id = p.run_id AND i.sequence = p.sequence
                 WHERE p.dead_letter_id = d.id AND p.run_id = d.replay_run)
            FROM dead_letters d {filter}
            """,
            static reader => new DeadLetterRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt64(5),
                reader.GetInt64(6),
                reader.GetInt64(7),
                reader.GetString(8),
                reader.GetString(9),
                reader.GetInt32(10),
                reader.GetString(11),
                reader.GetString(12),
                Time.Parse(reader.GetString(13)),
                reader.GetString(14),
                NullableString(reader, 15),
                Names.ParseDeadLetterInputStatus(reader.GetString(16)),
                NullableString(reader, 17),
                Names.ParseDeadLetterStatus(reader.GetString(18)),
                NullableString(reader, 19),
                reader.IsDBNull(20) ? null : Time.Parse(reader.GetString(20)),
                NullableString(reader, 21),
                NullableString(reader, 22),
                reader.IsDBNull(23) ? null : Names.ParseInputOutcome(reader.GetString(23))),
            cancellationToken,
            parameters.ToArray());
    }
}
