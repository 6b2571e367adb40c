using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Relational;

/// <summary>
/// The ledger's queries (<see cref="ILedger"/>'s reads): runs, inputs, materials, provenance, dead
/// letters and the audit, each on a pooled connection of its own. Rows are read by column position,
/// so each query's SELECT list sits beside the code that reads its rows. Each takes the tenant of the
/// view that asks (null: every tenant), and the SQL confines the rows to it: another tenant's rows are
/// never read, so they cannot leak through a forgotten check.
/// </summary>
internal sealed class LedgerQueries(RelationalLedger ledger)
{
    /// <summary>The condition a per-run query adds in a tenant's view: the run (<c>@run</c>) is the tenant's.</summary>
    private const string RunOfTenant = "EXISTS (SELECT 1 FROM runs t WHERE t.run_id = @run AND t.tenant = @scope)";

    public async Task<RunRecord?> GetRunAsync(string runId, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var filter = new SqlFilter().Equal("r.run_id", "@run", runId).Equal("r.tenant", "@scope", tenant);
        IReadOnlyList<RunRecord> runs = await QueryRunsAsync(filter.Build("r.run_id", 1, 0), filter.Parameters, cancellationToken).ConfigureAwait(false);
        return runs.Count == 0 ? null : runs[0];
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery? query, string? tenant, CancellationToken cancellationToken)
    {
        query ??= new RunQuery();
        var filter = new SqlFilter()
            .Equal("r.tenant", "@scope", tenant)
            .Equal("r.tenant", "@tenant", query.Tenant)
            .Equal("r.line", "@line", query.Line)
            .Equal("r.status", "@status", query.Status is { } status ? Names.Of(status) : null);
        string text = filter.Build("r.started DESC, r.run_id", query.Limit, query.Offset);
        return QueryRunsAsync(text, filter.Parameters, cancellationToken);
    }

    public async Task<IReadOnlyList<InputRecord>> ListInputsAsync(string runId, PageQuery? page, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        page ??= new PageQuery();
        var filter = new SqlFilter().Equal("run_id", "@run", runId).Scope(RunOfTenant, tenant);
        return await QueryAsync(
            "SELECT run_id, sequence, material_id, input_hash, entries, outcome, finished, delivered, dead_lettered, discarded, crashes, "
                + "(SELECT k.json FROM input_values k WHERE k.run_id = inputs.run_id AND k.sequence = inputs.sequence) FROM inputs "
                + filter.Build("sequence", page.Limit, page.Offset),
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
                InputJson = NullableString(reader, 11),
            },
            cancellationToken,
            filter.Parameters.ToArray()).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MaterialRecord>> ListMaterialsAsync(string runId, long? root, PageQuery? page, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        page ??= new PageQuery();
        var filter = new SqlFilter().Equal("run_id", "@run", runId).Equal("root", "@root", root).Scope(RunOfTenant, tenant);
        return await QueryAsync(
            "SELECT run_id, id, parent_id, root, sequence, input_hash, outcome, station FROM materials " + filter.Build("id", page.Limit, page.Offset),
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
            filter.Parameters.ToArray()).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ExecutionRecord>> GetProvenanceAsync(string runId, long materialId, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var filter = new SqlFilter().Equal("run_id", "@run", runId).Equal("material_id", "@id", materialId).Scope(RunOfTenant, tenant);
        return await QueryAsync(
            """
            SELECT run_id, material_id, root, station, station_version, attempt, started_us, duration_us, outcome, exception_type, message,
                model, input_tokens, output_tokens, start_no
            FROM executions
            """ + " " + filter.Build("started_us, id", int.MaxValue, 0),
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
            filter.Parameters.ToArray()).ConfigureAwait(false);
    }

    /// <summary>
    /// Each station's totals of the runs asked for (<see cref="RunTally"/>'s rows, one per start and
    /// process, added up here): one indexed read per run, however many attempts it had.
    /// </summary>
    public async Task<IReadOnlyList<StationTotalsRecord>> ListStationTotalsAsync(IReadOnlyCollection<string> runIds, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        if (runIds.Count > MaxTotalsRuns)
        {
            throw new ArgumentOutOfRangeException(nameof(runIds), runIds.Count, $"Station totals are read for at most {MaxTotalsRuns} runs at once; ask for fewer.");
        }

        if (runIds.Count == 0)
        {
            return [];
        }

        var parameters = new List<(string, object?)>();
        foreach (string runId in runIds)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(runId);
            parameters.Add(("@r" + parameters.Count.ToString(CultureInfo.InvariantCulture), runId));
        }

        string text = "SELECT s.run_id, s.station, s.attempts, s.failed, s.input_tokens, s.output_tokens, s.cost, s.durations FROM station_totals s WHERE s.run_id IN ("
            + string.Join(", ", parameters.Select(p => p.Item1)) + ")";
        if (tenant is not null)
        {
            text += " AND EXISTS (SELECT 1 FROM runs t WHERE t.run_id = s.run_id AND t.tenant = @scope)";
            parameters.Add(("@scope", tenant));
        }

        IReadOnlyList<StationTotalsRecord> rows = await QueryAsync(
            text + " ORDER BY s.run_id, s.station",
            static reader => new StationTotalsRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetInt64(5),
                decimal.Parse(reader.GetString(6), NumberStyles.Number, CultureInfo.InvariantCulture),
                DurationHistogram.Parse(reader.GetString(7))),
            cancellationToken,
            parameters.ToArray()).ConfigureAwait(false);
        return AddUp(rows);
    }

    private const int MaxTotalsRuns = 500;

    /// <summary>Adds up the rows of one run and station (its starts and processes), which come one after another.</summary>
    private static List<StationTotalsRecord> AddUp(IReadOnlyList<StationTotalsRecord> rows)
    {
        var totals = new List<StationTotalsRecord>(rows.Count);
        foreach (StationTotalsRecord row in rows)
        {
            if (totals.Count > 0 && totals[^1] is { } last && last.RunId == row.RunId && last.Station == row.Station)
            {
                last.Durations.Add(row.Durations);
                totals[^1] = last with
                {
                    Attempts = last.Attempts + row.Attempts,
                    Failed = last.Failed + row.Failed,
                    InputTokens = last.InputTokens + row.InputTokens,
                    OutputTokens = last.OutputTokens + row.OutputTokens,
                    Cost = last.Cost + row.Cost,
                };
            }
            else
            {
                totals.Add(row);
            }
        }

        return totals;
    }

    public Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(DeadLetterQuery? query, string? tenant, CancellationToken cancellationToken)
    {
        query ??= new DeadLetterQuery();
        var filter = new SqlFilter()
            .Equal("d.tenant", "@scope", tenant)
            .Equal("d.run_id", "@run", query.RunId)
            .Equal("d.tenant", "@tenant", query.Tenant)
            .Equal("d.station", "@station", query.Station)
            .Equal("d.status", "@status", query.Status is { } status ? Names.Of(status) : null);
        string text = filter.Build("d.id", query.Limit, query.Offset);
        return QueryDeadLettersAsync(text, filter.Parameters, cancellationToken);
    }

    public async Task<DeadLetterRecord?> GetDeadLetterAsync(long deadLetterId, string? tenant, CancellationToken cancellationToken)
    {
        var filter = new SqlFilter().Equal("d.id", "@id", deadLetterId).Equal("d.tenant", "@scope", tenant);
        IReadOnlyList<DeadLetterRecord> letters = await QueryDeadLettersAsync(filter.Build("d.id", 1, 0), filter.Parameters, cancellationToken).ConfigureAwait(false);
        return letters.Count == 0 ? null : letters[0];
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery? query, string? tenant, CancellationToken cancellationToken)
    {
        query ??= new AuditQuery();

        // A tenant's view never sees entries of no tenant: "tenant = @scope" is not true for a null tenant.
        var filter = new SqlFilter()
            .Where("id > @after", "@after", query.After)
            .Equal("tenant", "@scope", tenant)
            .Equal("tenant", "@tenant", query.Tenant)
            .Equal("action", "@action", query.Action)
            .Equal("target", "@target", query.Target);
        return await QueryAsync(
            "SELECT id, time, actor, action, tenant, target, detail FROM audit " + filter.Build("id", query.Limit, 0),
            static reader => new AuditEntry(
                reader.GetInt64(0),
                Time.Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                NullableString(reader, 4),
                reader.GetString(5),
                NullableString(reader, 6)),
            cancellationToken,
            filter.Parameters.ToArray()).ConfigureAwait(false);
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Runs a query on a connection of its own and reads every row with <paramref name="read"/>.</summary>
    internal async Task<IReadOnlyList<T>> QueryAsync<T>(
        string text,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbCommand command = Sql.Command(connection, null, text, parameters);
        using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
                {ledger.Store.ReplayIdsColumn},
                r.purged, r.control, r.control_seq, r.control_applied
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
                    Purged = reader.IsDBNull(17) ? null : Time.Parse(reader.GetString(17)),
                    Control = reader.IsDBNull(18) ? null : RunControls.Parse(reader.GetString(18)),
                    ControlApplied = !reader.IsDBNull(18) && reader.GetInt32(20) >= reader.GetInt32(19),
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
