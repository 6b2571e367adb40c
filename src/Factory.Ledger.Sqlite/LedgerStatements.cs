using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Factory.Ledger.Relational;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// The SQL the SQLite writer runs, prepared once on the writer's connection: the transaction's
/// statements, one statement per kind of row (see <see cref="EventRows"/> for which event writes
/// which), the lease check and release. A statement's values are bound by position, in the order its
/// parameter names are listed here (<see cref="SqliteBatchWriter"/> binds them). The tables are in <see cref="Schema"/>.
/// </summary>
internal sealed class LedgerStatements : IDisposable
{
    private readonly SqliteConnection connection;
    private SqliteSynchronous? synchronous;

    public LedgerStatements(SqliteConnection connection)
    {
        this.connection = connection;
        Begin = new PreparedStatement(connection, "BEGIN IMMEDIATE");
        Commit = new PreparedStatement(connection, "COMMIT");
        Rollback = new PreparedStatement(connection, "ROLLBACK");
        InsertInput = new PreparedStatement(
            connection,
            """
            INSERT INTO inputs (run_id, sequence, material_id, input_hash, entries) VALUES ($run, $sequence, $id, $hash, 1)
            ON CONFLICT (run_id, sequence) DO UPDATE SET entries = entries + 1, input_hash = coalesce(excluded.input_hash, input_hash)
            """,
            "$run",
            "$sequence",
            "$id",
            "$hash");
        FinishInput = new PreparedStatement(
            connection,
            """
            INSERT INTO inputs (run_id, sequence, material_id, entries, outcome, delivered, dead_lettered, discarded, finished, finished_start)
            VALUES ($run, $sequence, $id, 0, $outcome, $delivered, $dead, $discarded, $finished, $start)
            ON CONFLICT (run_id, sequence) DO UPDATE SET outcome = excluded.outcome, delivered = excluded.delivered,
                dead_lettered = excluded.dead_lettered, discarded = excluded.discarded, finished = excluded.finished,
                finished_start = excluded.finished_start
            WHERE inputs.outcome IS NULL
            """,
            "$run",
            "$sequence",
            "$id",
            "$outcome",
            "$delivered",
            "$dead",
            "$discarded",
            "$finished",
            "$start");
        InsertFinishedInput = new PreparedStatement(
            connection,
            """
            INSERT INTO inputs (run_id, sequence, material_id, input_hash, entries, outcome, delivered, dead_lettered, discarded, finished, finished_start)
            VALUES ($run, $sequence, $id, $hash, 1, $outcome, $delivered, $dead, $discarded, $finished, $start)
            ON CONFLICT (run_id, sequence) DO UPDATE SET entries = entries + 1, input_hash = coalesce(excluded.input_hash, input_hash),
                outcome = coalesce(outcome, excluded.outcome),
                delivered = CASE WHEN outcome IS NULL THEN excluded.delivered ELSE delivered END,
                dead_lettered = CASE WHEN outcome IS NULL THEN excluded.dead_lettered ELSE dead_lettered END,
                discarded = CASE WHEN outcome IS NULL THEN excluded.discarded ELSE discarded END,
                finished = CASE WHEN outcome IS NULL THEN excluded.finished ELSE finished END,
                finished_start = CASE WHEN outcome IS NULL THEN excluded.finished_start ELSE finished_start END
            """,
            "$run",
            "$sequence",
            "$id",
            "$hash",
            "$outcome",
            "$delivered",
            "$dead",
            "$discarded",
            "$finished",
            "$start");
        InsertMaterial = new PreparedStatement(
            connection,
            "INSERT INTO materials (run_id, id, parent_id, root, sequence, input_hash) VALUES ($run, $id, $parent, $root, $sequence, $hash) ON CONFLICT DO NOTHING",
            "$run",
            "$id",
            "$parent",
            "$root",
            "$sequence",
            "$hash");
        MaterialOutcome = new PreparedStatement(
            connection,
            """
            INSERT INTO materials (run_id, id, parent_id, root, sequence, outcome, station) VALUES ($run, $id, $parent, $root, $sequence, $outcome, $station)
            ON CONFLICT (run_id, id) DO UPDATE SET outcome = excluded.outcome, station = coalesce(excluded.station, station)
            """,
            "$run",
            "$id",
            "$parent",
            "$root",
            "$sequence",
            "$outcome",
            "$station");
        InsertFinishedMaterial = new PreparedStatement(
            connection,
            """
            INSERT INTO materials (run_id, id, parent_id, root, sequence, input_hash, outcome, station)
            VALUES ($run, $id, $parent, $root, $sequence, $hash, $outcome, $station)
            ON CONFLICT (run_id, id) DO UPDATE SET outcome = excluded.outcome, station = coalesce(excluded.station, station),
                input_hash = coalesce(input_hash, excluded.input_hash)
            """,
            "$run",
            "$id",
            "$parent",
            "$root",
            "$sequence",
            "$hash",
            "$outcome",
            "$station");
        InsertExecution = new PreparedStatement(
            connection,
            """
            INSERT INTO executions (run_id, material_id, root, station, station_version, attempt, started_us, duration_us, outcome,
                exception_type, message, model, input_tokens, output_tokens, start_no)
            VALUES ($run, $id, $root, $station, $version, $attempt, $started, $duration, $outcome, $type, $message, $model, $in, $out, $start)
            """,
            "$run",
            "$id",
            "$root",
            "$station",
            "$version",
            "$attempt",
            "$started",
            "$duration",
            "$outcome",
            "$type",
            "$message",
            "$model",
            "$in",
            "$out",
            "$start");
        InsertExecutions = new PreparedStatement(connection, SeveralExecutions(ExecutionRows.PerStatement), Positions(ExecutionRows.PerStatement * ExecutionRows.Columns));
        InsertDeadLetter = new PreparedStatement(
            connection,
            """
            INSERT INTO dead_letters (run_id, tenant, job_id, line, material_id, parent_id, root, station, station_version, attempts,
                exception_type, message, time, input_type, input_clr_type, input_status, input_json, status)
            VALUES ($run, $tenant, $job, $line, $id, $parent, $root, $station, $version, $attempts, $type, $message, $time,
                $input_type, $clr_type, $input_status, $json, 'open')
            ON CONFLICT (run_id, material_id, station) DO UPDATE SET attempts = excluded.attempts, exception_type = excluded.exception_type,
                message = excluded.message, time = excluded.time, input_type = excluded.input_type, input_clr_type = excluded.input_clr_type,
                input_status = excluded.input_status, input_json = excluded.input_json
            WHERE dead_letters.status = 'open'
            """,
            "$run",
            "$tenant",
            "$job",
            "$line",
            "$id",
            "$parent",
            "$root",
            "$station",
            "$version",
            "$attempts",
            "$type",
            "$message",
            "$time",
            "$input_type",
            "$clr_type",
            "$input_status",
            "$json");
        EndRun = new PreparedStatement(
            connection,
            "UPDATE runs SET status = $status, ended = $ended, error = $error WHERE run_id = $run",
            "$status",
            "$ended",
            "$error",
            "$run");
        LeaseHolder = new PreparedStatement(connection, "SELECT instance FROM leases WHERE run_id = $run", "$run");
        ReleaseLease = new PreparedStatement(connection, "DELETE FROM leases WHERE run_id = $run AND instance = $instance", "$run", "$instance");
    }

    public PreparedStatement Begin { get; }

    public PreparedStatement Commit { get; }

    public PreparedStatement Rollback { get; }

    /// <summary>An input entered (again, on a resume: <c>entries</c> counts the starts that let it in).</summary>
    public PreparedStatement InsertInput { get; }

    /// <summary>An input's one outcome: written only while it has none.</summary>
    public PreparedStatement FinishInput { get; }

    /// <summary>An input entered and finished in one batch: one row, with its outcome (only where it has none yet, as <see cref="FinishInput"/>).</summary>
    public PreparedStatement InsertFinishedInput { get; }

    public PreparedStatement InsertMaterial { get; }

    /// <summary>A material's outcome and the station of it (the row is made if it is not there yet).</summary>
    public PreparedStatement MaterialOutcome { get; }

    /// <summary>A material made and finished in one batch: one row, with its outcome.</summary>
    public PreparedStatement InsertFinishedMaterial { get; }

    public PreparedStatement InsertExecution { get; }

    /// <summary><see cref="ExecutionRows.PerStatement"/> attempt rows at once, each in <see cref="InsertExecution"/>'s order, numbered on.</summary>
    public PreparedStatement InsertExecutions { get; }

    /// <summary>A dead letter; one already there for the same material and station is updated while it is open.</summary>
    public PreparedStatement InsertDeadLetter { get; }

    public PreparedStatement EndRun { get; }

    public PreparedStatement LeaseHolder { get; }

    public PreparedStatement ReleaseLease { get; }

    /// <summary>The pragma that sets <paramref name="synchronous"/> on a connection.</summary>
    public static string SynchronousPragma(SqliteSynchronous synchronous) => "PRAGMA synchronous = " + synchronous switch
    {
        SqliteSynchronous.Off => "OFF",
        SqliteSynchronous.Normal => "NORMAL",
        SqliteSynchronous.Full => "FULL",
        _ => throw new ArgumentOutOfRangeException(nameof(synchronous)),
    };

    /// <summary>The INSERT of <paramref name="rows"/> attempt rows, its parameters numbered <c>?1</c> on, row after row.</summary>
    private static string SeveralExecutions(int rows)
    {
        var text = new StringBuilder(
            "INSERT INTO executions (run_id, material_id, root, station, station_version, attempt, started_us, duration_us, outcome, "
            + "exception_type, message, model, input_tokens, output_tokens, start_no) VALUES ");
        for (int row = 0; row < rows; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (int column = 0; column < ExecutionRows.Columns; column++)
            {
                text.Append(column == 0 ? "?" : ", ?").Append((row * ExecutionRows.Columns) + column + 1);
            }

            text.Append(')');
        }

        return text.ToString();
    }

    /// <summary>The names <c>?1</c> … <c>?count</c>.</summary>
    private static string[] Positions(int count) =>
        Enumerable.Range(1, count).Select(i => "?" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Sets the connection's <c>synchronous</c> for the next commit, when it differs from the last.</summary>
    public void SetSynchronous(SqliteSynchronous wanted)
    {
        if (synchronous != wanted)
        {
            using var pragma = new PreparedStatement(connection, SynchronousPragma(wanted));
            pragma.Execute();
            synchronous = wanted;
        }
    }

    public void Dispose()
    {
        foreach (PreparedStatement statement in new[] { Begin, Commit, Rollback, InsertInput, FinishInput, InsertFinishedInput, InsertMaterial, MaterialOutcome, InsertFinishedMaterial, InsertExecution, InsertExecutions, InsertDeadLetter, EndRun, LeaseHolder, ReleaseLease })
        {
            statement.Dispose();
        }
    }
}
