using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Relational;
using Npgsql;

namespace Factory.Ledger.Postgres;

/// <summary>
/// A ledger in a PostgreSQL database, through one Npgsql data source (pooled, trimming-safe). Writes
/// that must take turns (a run's start, a discard) hold a transaction-scoped advisory lock on their
/// key, so starters of one run id in any process on any machine go one after the other; flight files
/// stay on this machine, in <see cref="PostgresLedgerOptions.FlightFolder"/>.
/// </summary>
internal sealed class PostgresStore : LedgerStore
{
    private readonly NpgsqlDataSource dataSource;
    private readonly PostgresTarget target;
    private readonly PostgresDecisionListener decisions;

    private PostgresStore(PostgresTarget target, PostgresLedgerOptions options, RecorderSettings settings)
    {
        this.target = target;
        Options = options;
        Settings = settings;
        FlightFolder = options.FlightFolder is { Length: > 0 } folder ? Path.GetFullPath(folder) : DefaultFlightFolder(target);
        var builder = new NpgsqlSlimDataSourceBuilder(target.Settings.ConnectionString);

        // The slim builder leaves TLS out unless asked: a shared ledger is usually across a network.
        builder.EnableTransportSecurity();
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            // The writer's statements run thousands of times: prepared once per connection, unless the string says otherwise.
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            builder.ConnectionStringBuilder.ApplicationName = "Factory ledger";
        }

        dataSource = builder.Build();
        decisions = new PostgresDecisionListener(dataSource);
    }

    public PostgresLedgerOptions Options { get; }

    public RecorderSettings Settings { get; }

    public override string LedgerName => target.Name;

    public override IReadOnlyList<Migration> Migrations => PostgresSchema.Migrations;

    public override string FlightFolder { get; }

    public override string FlightFolderHint =>
        $"It is the folder PostgresLedgerOptions.FlightFolder names ({FlightFolder}): give the process write access there, or choose another.";

    public override string ReplayIdsColumn =>
        "(SELECT string_agg(p.dead_letter_id::text, ',' ORDER BY p.sequence) FROM replays p WHERE p.run_id = r.run_id)";

    // The whole seconds of "yyyy-MM-ddTHH:mm:ss" read as a UTC timestamp, then the seven digits of the fraction: ticks, exactly.
    public override string TicksOf(string column) =>
        $"(CAST(EXTRACT(EPOCH FROM CAST(substr({column}, 1, 19) AS timestamp)) AS bigint) * 10000000 + CAST(substr({column}, 21, 7) AS bigint))";

    /// <summary>Checks <paramref name="connectionString"/> and <paramref name="options"/>, and makes the store (opened by the ledger).</summary>
    public static PostgresStore Create(string connectionString, PostgresLedgerOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options ??= new PostgresLedgerOptions();
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
        return new PostgresStore(PostgresTarget.Parse(connectionString), options, settings);
    }

    public override int ReadSchemaVersion(DbConnection connection, DbTransaction? transaction) => PostgresSchema.ReadVersion(connection, transaction, target);

    public override void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version, string time, string by) =>
        PostgresSchema.WriteVersion(connection, transaction, version, time, by);

    /// <summary>A schema to keep the tables in, and for a new database the right to create them there.</summary>
    public override void PrepareSchema(DbConnection connection, int found) => PostgresSchema.Prepare(connection, target, found);

    /// <summary>The role's rights on every table: a role without them is told the grants, now rather than at the first run.</summary>
    public override void CheckSchema(DbConnection connection)
    {
        PostgresSchema.CheckRights(connection, target);
        CheckTemporary(connection);
    }

    /// <summary>No such database, a role that may not connect or log in, a server that does not answer: each named, with what to fix.</summary>
    public override LedgerException? ExplainOpenFailure(Exception exception) => target.Explain(exception);

    public override DbConnection OpenConnection() => dataSource.OpenConnection();

    /// <summary>A transaction holding <c>pg_advisory_xact_lock</c> on <paramref name="key"/> until it ends.</summary>
    public override DbTransaction BeginWrite(DbConnection connection, string key)
    {
        DbTransaction transaction = connection.BeginTransaction();
        try
        {
            Sql.Execute(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", ("@key", "factory:" + key));
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    /// <summary>A row of <c>attempts</c> holds several: they are counted as the rows go.</summary>
    public override long DeleteAttempts(DbConnection connection, DbTransaction transaction, string runId)
    {
        using DbCommand command = Sql.Command(
            connection,
            transaction,
            "WITH gone AS (DELETE FROM attempts WHERE run_id = @run RETURNING json_array_length(list::json) AS attempts) SELECT coalesce(sum(attempts), 0) FROM gone",
            ("@run", runId));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public override BatchWriter CreateBatchWriter(RecorderSettings settings) => new PostgresBatchWriter(dataSource.OpenConnection());

    /// <summary>
    /// A failure the writer waits out: the server shutting down (57P01, 57P02) or not yet taking connections
    /// (57P03), a connection exception (class 08), a deadlock (40P01) or serialization failure (40001) between
    /// writers, and the connection lost or refused (a socket or I/O error, a timeout: what Npgsql calls transient
    /// without a SQLSTATE). Anything else — a full disk, a constraint, missing rights — fails the writer at once.
    /// </summary>
    public override bool IsTransient(Exception exception) => exception switch
    {
        PostgresException { SqlState: var state } => state is "57P01" or "57P02" or "57P03" or "40P01" or "40001" || state.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException => true,
        _ => false,
    };

    /// <summary>Notifies the decision on <see cref="PostgresGateTables.Channel"/>; PostgreSQL delivers it when the transaction commits.</summary>
    public override void SignalDecision(DbConnection connection, DbTransaction transaction, string runId) =>
        Sql.Execute(connection, transaction, "SELECT pg_notify(@channel, @run)", ("@channel", PostgresGateTables.Channel), ("@run", runId));

    /// <summary>Waits for a notified decision (<c>LISTEN</c>), or <paramref name="longest"/> at most: the poll backs it up.</summary>
    public override Task WaitForDecisionAsync(string runId, TimeSpan longest, CancellationToken cancellationToken) =>
        decisions.WaitAsync(longest, cancellationToken);

    public override void Dispose()
    {
        decisions.Dispose();
        dataSource.Dispose();
    }

    /// <summary><c>Factory/flight/HOST_PORT_DATABASE</c> under the local application data (or temporary) folder.</summary>
    private static string DefaultFlightFolder(PostgresTarget target)
    {
        string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(root))
        {
            root = Path.GetTempPath();
        }

        char[] invalid = Path.GetInvalidFileNameChars();
        string key = new($"{target.Host}_{target.Port}_{target.Database}".Select(c => invalid.Contains(c) || c == ':' || c == ',' ? '_' : c).ToArray());
        return Path.Combine(root, "Factory", "flight", key);
    }

    /// <summary>The writer stages rows in temporary tables (<see cref="CopyStage{TRow}"/>): a role that may not make them is told the grant now.</summary>
    private void CheckTemporary(DbConnection connection)
    {
        using DbCommand command = Sql.Command(connection, null, "SELECT has_database_privilege(current_database(), 'TEMPORARY')");
        if (command.ExecuteScalar() is not true)
        {
            throw new LedgerException(
                $"Role '{target.Role}' may not create temporary tables in the PostgreSQL database '{target.Database}' on {target.Server}, "
                + $"where the ledger's writer stages its rows. Grant it: GRANT TEMPORARY ON DATABASE \"{target.Database}\" TO \"{target.Role}\";");
        }
    }
}
