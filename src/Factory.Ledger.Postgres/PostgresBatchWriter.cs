using System;
using System.Data.Common;
using Factory.Ledger.Relational;
using Npgsql;

namespace Factory.Ledger.Postgres;

/// <summary>
/// The PostgreSQL writer's rows. Inputs and materials (entered, finished, or both in one row when
/// both happen in the batch: nearly all) are staged by binary <c>COPY</c> and merged by one statement
/// each (<see cref="InputStage"/>, <see cref="MaterialStage"/>); attempts are copied a row per material
/// (<see cref="AttemptCopy"/>); all of it when the batch is flushed, so at <c>Full</c> nothing of a
/// material is a statement of its own. The rare rest (dead letters, a run's end, its lease) are reused
/// batch commands (<see cref="PooledStatement"/>), sent up to <see cref="RoundTrip"/> at a time in one
/// <see cref="NpgsqlBatch"/>. All of it inside the batch's transaction. The lease check is read
/// <c>FOR SHARE</c>, so a take-over by another process waits for this batch to commit, and this batch
/// never writes after one.
/// </summary>
internal sealed class PostgresBatchWriter : BatchWriter
{
    /// <summary>At most this many rows per round trip to the server.</summary>
    public const int RoundTrip = 1024;

    private readonly NpgsqlConnection connection;
    private readonly NpgsqlBatch batch;
    private readonly NpgsqlCommand leaseHolder;
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
    private readonly AttemptCopy executions;
    private readonly InputStage inputs;
    private readonly MaterialStage materials;
    private NpgsqlTransaction? transaction;

    public PostgresBatchWriter(NpgsqlConnection connection)
    {
        this.connection = connection;
        batch = new NpgsqlBatch(connection);
        leaseHolder = new NpgsqlCommand("SELECT instance FROM leases WHERE run_id = $1 FOR SHARE", connection);
        leaseHolder.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = DBNull.Value });
        statements = [insertDeadLetter, endRun, releaseLease];
        executions = new AttemptCopy(connection);
        inputs = new InputStage(connection);
        materials = new MaterialStage(connection);

        // The stages are the session's own: made once per connection, outside any batch, so no rollback takes them.
        using var create = new NpgsqlCommand(InputStage.Create + "; " + MaterialStage.Create, connection);
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

    public override void InsertInput(string run, long sequence, long materialId, string? hash) =>
        inputs.AddNew(InputStage.Entered(run, sequence, materialId, hash), run, sequence);

    public override void FinishInput(string run, long sequence, long materialId, string outcome, int delivered, int deadLettered, int discarded, string finished, int start) =>
        inputs.Add(new InputStage.Row(run, sequence, materialId, null, 0, outcome, delivered, deadLettered, discarded, finished, start), run, sequence);

    public override void InsertFinishedInput(string run, long sequence, long materialId, string? hash, string outcome, int delivered, int deadLettered, int discarded, string finished, int start) =>
        inputs.AddNew(new InputStage.Row(run, sequence, materialId, hash, 1, outcome, delivered, deadLettered, discarded, finished, start), run, sequence);

    public override void InsertMaterial(string run, long id, long parentId, long root, long sequence, string? hash) =>
        materials.AddNew(new MaterialStage.Row(run, id, parentId, root, sequence, hash, null, null), run, id);

    public override void MaterialOutcome(string run, long id, long parentId, long root, long sequence, string outcome, string? station) =>
        materials.Add(new MaterialStage.Row(run, id, parentId, root, sequence, null, outcome, station), run, id);

    public override void InsertFinishedMaterial(string run, long id, long parentId, long root, long sequence, string? hash, string outcome, string? station) =>
        materials.AddNew(new MaterialStage.Row(run, id, parentId, root, sequence, hash, outcome, station), run, id);

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
        executions.Dispose();
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
