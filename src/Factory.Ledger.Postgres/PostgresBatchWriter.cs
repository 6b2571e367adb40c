using System;
using System.Data.Common;
using Factory.Ledger.Relational;
using Npgsql;

namespace Factory.Ledger.Postgres;

/// <summary>
/// The PostgreSQL writer's rows: each row a reused batch command (<see cref="PooledStatement"/>),
/// sent to the server up to <see cref="RoundTrip"/> at a time in one <see cref="NpgsqlBatch"/>, inside
/// the batch's transaction; attempt rows by binary <c>COPY</c> (<see cref="ExecutionCopy"/>) when the
/// batch is flushed; an input or material that enters and ends in the same batch is one row, staged
/// by <c>COPY</c> and merged by one statement for all of them (<see cref="FinishedInputStage"/>,
/// <see cref="FinishedMaterialStage"/>): at <c>Full</c> nothing of a material is a statement of its own. The lease check is read <c>FOR SHARE</c>, so a take-over by another
/// process waits for this batch to commit, and this batch never writes after one.
/// </summary>
internal sealed class PostgresBatchWriter : BatchWriter
{
    /// <summary>At most this many rows per round trip to the server.</summary>
    public const int RoundTrip = 1024;

    private readonly NpgsqlConnection connection;
    private readonly NpgsqlBatch batch;
    private readonly NpgsqlCommand leaseHolder;
    private readonly PooledStatement insertInput = new(
        """
        INSERT INTO inputs (run_id, sequence, material_id, input_hash, entries) VALUES ($1, $2, $3, $4, 1)
        ON CONFLICT (run_id, sequence) DO UPDATE SET entries = inputs.entries + 1, input_hash = coalesce(excluded.input_hash, inputs.input_hash)
        """,
        "tllt");

    private readonly PooledStatement finishInput = new(
        """
        INSERT INTO inputs (run_id, sequence, material_id, entries, outcome, delivered, dead_lettered, discarded, finished, finished_start)
        VALUES ($1, $2, $3, 0, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (run_id, sequence) DO UPDATE SET outcome = excluded.outcome, delivered = excluded.delivered,
            dead_lettered = excluded.dead_lettered, discarded = excluded.discarded, finished = excluded.finished,
            finished_start = excluded.finished_start
        WHERE inputs.outcome IS NULL
        """,
        "tllt" + "iiiti");

    private readonly PooledStatement insertMaterial = new(
        "INSERT INTO materials (run_id, id, parent_id, root, sequence, input_hash) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        "tllllt");

    private readonly PooledStatement materialOutcome = new(
        """
        INSERT INTO materials (run_id, id, parent_id, root, sequence, outcome, station) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (run_id, id) DO UPDATE SET outcome = excluded.outcome, station = coalesce(excluded.station, materials.station)
        """,
        "tllllt" + "t");

    private readonly PooledStatement insertDeadLetter = new(
        """
        INSERT INTO dead_letters (run_id, tenant, job_id, line, material_id, parent_id, root, station, station_version, attempts,
            exception_type, message, time, input_type, input_clr_type, input_status, input_json, status)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'open')
        ON CONFLICT (run_id, material_id, station) DO UPDATE SET attempts = excluded.attempts, exception_type = excluded.exception_type,
            message = excluded.message, time = excluded.time, input_type = excluded.input_type, input_clr_type = excluded.input_clr_type,
            input_status = excluded.input_status, input_json = excluded.input_json
        WHERE dead_letters.status = 'open'
        """,
        "tttt" + "lll" + "tti" + "ttttttt");

    private readonly PooledStatement endRun = new("UPDATE runs SET status = $2, ended = $3, error = $4 WHERE run_id = $1", "tttt");

    private readonly PooledStatement releaseLease = new("DELETE FROM leases WHERE run_id = $1 AND instance = $2", "tt");

    private readonly PooledStatement[] statements;
    private readonly ExecutionCopy executions;
    private readonly FinishedInputStage inputs;
    private readonly FinishedMaterialStage materials;
    private NpgsqlTransaction? transaction;

    public PostgresBatchWriter(NpgsqlConnection connection)
    {
        this.connection = connection;
        batch = new NpgsqlBatch(connection);
        leaseHolder = new NpgsqlCommand("SELECT instance FROM leases WHERE run_id = $1 FOR SHARE", connection);
        leaseHolder.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = DBNull.Value });
        statements = [insertInput, finishInput, insertMaterial, materialOutcome, insertDeadLetter, endRun, releaseLease];
        executions = new ExecutionCopy(connection);
        inputs = new FinishedInputStage(connection);
        materials = new FinishedMaterialStage(connection);

        // The stages are the session's own: made once per connection, outside any batch, so no rollback takes them.
        using var create = new NpgsqlCommand(FinishedInputStage.Create + "; " + FinishedMaterialStage.Create, connection);
        create.ExecuteNonQuery();
    }

    public override DbConnection Connection => connection;

    public override DbTransaction? Transaction => transaction;

    // A batch of provenance only commits like any other: the server's synchronous_commit decides.
    public override void Begin(bool durable)
    {
        // Rows held from a batch that failed before its rollback are not this batch's.
        Drop();
        transaction = connection.BeginTransaction();
        batch.Transaction = transaction;
        leaseHolder.Transaction = transaction;
    }

    public override void Flush()
    {
        Send();
        inputs.Write();
        materials.Write();
        executions.Write();
    }

    public override void Commit()
    {
        Flush();
        transaction!.Commit();
        EndTransaction();
    }

    public override void Rollback()
    {
        Drop();
        try
        {
            transaction?.Rollback();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // The connection broke, or the server already ended the transaction.
        }

        EndTransaction();
    }

    public override void InsertInput(string run, long sequence, long materialId, string? hash)
    {
        NpgsqlBatchCommand row = insertInput.Next();
        PooledStatement.Set(row, 0, run);
        PooledStatement.Set(row, 1, sequence);
        PooledStatement.Set(row, 2, materialId);
        PooledStatement.Set(row, 3, hash);
        Add(row);
    }

    public override void FinishInput(string run, long sequence, long materialId, string outcome, int delivered, int deadLettered, int discarded, string finished, int start)
    {
        NpgsqlBatchCommand row = finishInput.Next();
        PooledStatement.Set(row, 0, run);
        PooledStatement.Set(row, 1, sequence);
        PooledStatement.Set(row, 2, materialId);
        PooledStatement.Set(row, 3, outcome);
        PooledStatement.Set(row, 4, delivered);
        PooledStatement.Set(row, 5, deadLettered);
        PooledStatement.Set(row, 6, discarded);
        PooledStatement.Set(row, 7, finished);
        PooledStatement.Set(row, 8, start);
        Add(row);
    }

    public override void InsertFinishedInput(string run, long sequence, long materialId, string? hash, string outcome, int delivered, int deadLettered, int discarded, string finished, int start)
    {
        inputs.Add(new FinishedInputStage.Row(run, sequence, materialId, hash, outcome, delivered, deadLettered, discarded, finished, start), run, sequence);
    }

    public override void InsertMaterial(string run, long id, long parentId, long root, long sequence, string? hash)
    {
        NpgsqlBatchCommand row = insertMaterial.Next();
        PooledStatement.Set(row, 0, run);
        PooledStatement.Set(row, 1, id);
        PooledStatement.Set(row, 2, parentId);
        PooledStatement.Set(row, 3, root);
        PooledStatement.Set(row, 4, sequence);
        PooledStatement.Set(row, 5, hash);
        Add(row);
    }

    public override void MaterialOutcome(string run, long id, long parentId, long root, long sequence, string outcome, string? station)
    {
        NpgsqlBatchCommand row = materialOutcome.Next();
        PooledStatement.Set(row, 0, run);
        PooledStatement.Set(row, 1, id);
        PooledStatement.Set(row, 2, parentId);
        PooledStatement.Set(row, 3, root);
        PooledStatement.Set(row, 4, sequence);
        PooledStatement.Set(row, 5, outcome);
        PooledStatement.Set(row, 6, station);
        Add(row);
    }

    public override void InsertFinishedMaterial(string run, long id, long parentId, long root, long sequence, string? hash, string outcome, string? station)
    {
        materials.Add(new FinishedMaterialStage.Row(run, id, parentId, root, sequence, hash, outcome, station), run, id);
    }

    public override void InsertExecution(
        string run,
        long materialId,
        long root,
        string station,
        string stationVersion,
        int attempt,
        long startedMicros,
        long durationMicros,
        string outcome,
        string? exceptionType,
        string? message,
        string? model,
        long inputTokens,
        long outputTokens,
        int start)
    {
        executions.Add(new ExecutionRow(
            run, materialId, root, station, stationVersion, attempt, startedMicros, durationMicros, outcome, exceptionType, message, model, inputTokens, outputTokens, start));
    }

    public override void InsertDeadLetter(in DeadLetterRow letter)
    {
        NpgsqlBatchCommand row = insertDeadLetter.Next();
        PooledStatement.Set(row, 0, letter.Run);
        PooledStatement.Set(row, 1, letter.Tenant);
        PooledStatement.Set(row, 2, letter.JobId);
        PooledStatement.Set(row, 3, letter.Line);
        PooledStatement.Set(row, 4, letter.MaterialId);
        PooledStatement.Set(row, 5, letter.ParentId);
        PooledStatement.Set(row, 6, letter.Root);
        PooledStatement.Set(row, 7, letter.Station);
        PooledStatement.Set(row, 8, letter.StationVersion);
        PooledStatement.Set(row, 9, letter.Attempts);
        PooledStatement.Set(row, 10, letter.ExceptionType);
        PooledStatement.Set(row, 11, letter.Message);
        PooledStatement.Set(row, 12, letter.Time);
        PooledStatement.Set(row, 13, letter.InputType);
        PooledStatement.Set(row, 14, letter.ClrType);
        PooledStatement.Set(row, 15, letter.InputStatus);
        PooledStatement.Set(row, 16, letter.Json);
        Add(row);
    }

    public override void EndRun(string run, string status, string ended, string? error)
    {
        NpgsqlBatchCommand row = endRun.Next();
        PooledStatement.Set(row, 0, run);
        PooledStatement.Set(row, 1, status);
        PooledStatement.Set(row, 2, ended);
        PooledStatement.Set(row, 3, error);
        Add(row);
    }

    public override void ReleaseLease(string run, string instance)
    {
        NpgsqlBatchCommand row = releaseLease.Next();
        PooledStatement.Set(row, 0, run);
        PooledStatement.Set(row, 1, instance);
        Add(row);
    }

    public override string? LeaseHolder(string run)
    {
        // Rows queued before the check are sent first: statements run in the order they were given.
        Flush();
        leaseHolder.Parameters[0].Value = run;
        return leaseHolder.ExecuteScalar() as string;
    }

    public override void Dispose()
    {
        batch.Dispose();
        inputs.Dispose();
        materials.Dispose();
        leaseHolder.Dispose();
        connection.Dispose();
    }

    private void Add(NpgsqlBatchCommand row)
    {
        batch.BatchCommands.Add(row);
        if (batch.BatchCommands.Count >= RoundTrip)
        {
            Send();
        }
    }

    /// <summary>Sends the queued rows in one round trip.</summary>
    private void Send()
    {
        if (batch.BatchCommands.Count > 0)
        {
            try
            {
                batch.ExecuteNonQuery();
            }
            finally
            {
                DropCommands();
            }
        }
    }

    /// <summary>Drops every row held: the batch is begun again or rolled back.</summary>
    private void Drop()
    {
        executions.Clear();
        inputs.Clear();
        materials.Clear();
        DropCommands();
    }

    private void DropCommands()
    {
        batch.BatchCommands.Clear();
        foreach (PooledStatement statement in statements)
        {
            statement.Reset();
        }
    }

    private void EndTransaction()
    {
        transaction?.Dispose();
        transaction = null;
        batch.Transaction = null;
        leaseHolder.Transaction = null;
    }
}
