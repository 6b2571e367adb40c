using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using Factory.Ledger.Relational;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// A ledger in one SQLite file in WAL mode: pooled connections that commit with
/// <see cref="SqliteLedgerOptions.DurableSynchronous"/>, <c>BEGIN IMMEDIATE</c> for every write that
/// must take turns (SQLite has one writer at a time anyway), flight files in <c>DB.flight/</c>.
/// </summary>
internal sealed class SqliteStore : LedgerStore
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteFull = 13;

    private readonly string connectionString;

    private SqliteStore(string path, SqliteLedgerOptions options, RecorderSettings settings)
    {
        Path = path;
        Options = options;
        Settings = settings;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public SqliteLedgerOptions Options { get; }

    public RecorderSettings Settings { get; }

    public override string LedgerName => Path;

    public override IReadOnlyList<Migration> Migrations => Schema.Migrations;

    public override string FlightFolder => FlightFile.FolderNextTo(Path);

    public override string FlightFolderHint => "It lives next to the ledger's file: give the process write access there.";

    public override string ReplayIdsColumn =>
        "(SELECT group_concat(p.dead_letter_id) FROM (SELECT dead_letter_id FROM replays WHERE run_id = r.run_id ORDER BY sequence) p)";

    // The whole seconds of "yyyy-MM-ddTHH:mm:ss" through strftime, then the seven digits of the fraction: ticks, exactly.
    public override string TicksOf(string column) =>
        $"(CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) * 10000000 + CAST(substr({column}, 21, 7) AS INTEGER))";

    /// <summary>Checks <paramref name="path"/> and <paramref name="options"/>, and makes the store of that file (opened by the ledger).</summary>
    public static SqliteStore Create(string path, SqliteLedgerOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new SqliteLedgerOptions();
        RecorderSettings settings = new RecorderSettings(
            options.Provenance,
            options.Inputs,
            options.BatchSize,
            options.MaxPending,
            options.DefaultActor,
            options.LeaseDuration,
            options.CrashLimit,
            options.Clock)
        {
            ReconnectWait = options.ReconnectWait,
        }.Validate(nameof(options));
        return new SqliteStore(System.IO.Path.GetFullPath(path), options, settings);
    }

    /// <summary>The file's <c>PRAGMA user_version</c>: 0 for a new file.</summary>
    public override int ReadSchemaVersion(DbConnection connection, DbTransaction? transaction)
    {
        using DbCommand read = Sql.Command(connection, transaction, "PRAGMA user_version");
        return Convert.ToInt32(read.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Sets <c>PRAGMA user_version</c>, which commits with the transaction; the audit keeps when and by whom.</summary>
    public override void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version, string time, string by) =>
        Sql.Execute(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version}"));

    /// <summary>WAL journaling: readers never block the writer, and a killed process cannot corrupt the file.</summary>
    public override void PrepareSchema(DbConnection connection, int found)
    {
        using DbCommand wal = Sql.Command(connection, null, "PRAGMA journal_mode = WAL");
        string? mode = wal.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new LedgerException($"The ledger needs WAL journaling; SQLite answered '{mode}' for {Path}.");
        }
    }

    /// <summary>A pooled connection for one operation, committing with the durable setting.</summary>
    public override DbConnection OpenConnection()
    {
        SqliteConnection connection = Open();
        try
        {
            Sql.Execute(connection, null, LedgerStatements.SynchronousPragma(Options.DurableSynchronous));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary><c>BEGIN IMMEDIATE</c>: the file's one write lock, so every such transaction takes turns with all others.</summary>
    public override DbTransaction BeginWrite(DbConnection connection, string key) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public override BatchWriter CreateBatchWriter(RecorderSettings settings)
    {
        SqliteConnection connection = Open();
        try
        {
            // The writer's working set: the B-trees it appends to stay in memory (64 MiB; SQLite's default is 2 MiB).
            Sql.Execute(connection, null, "PRAGMA cache_size = -65536");

            // The writer steps its statements itself (PreparedStatement), past Microsoft.Data.Sqlite's retry
            // loop: SQLite waits for a busy file as long as that loop would (the connection's timeout).
            Sql.Execute(connection, null, "PRAGMA busy_timeout = " + (connection.DefaultTimeout * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new SqliteBatchWriter(connection, Options);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The file busy or locked by another connection longer than the busy timeout.</summary>
    public override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    /// <summary>A full disk named as such: the file's folder is where space must be freed.</summary>
    public override string Explain(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteFull }
            ? $"the disk holding {Path} is full ({exception.Message.TrimEnd('.')}); free space there, then start the run again to resume it"
            : base.Explain(exception);

    public override void Dispose()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
