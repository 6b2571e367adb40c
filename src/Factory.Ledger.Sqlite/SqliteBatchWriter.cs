using System.Data.Common;
using Factory.Ledger.Relational;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// The SQLite writer's rows: <see cref="LedgerStatements"/>, prepared once on the writer's connection
/// and bound by position through SQLite's own calls (<see cref="PreparedStatement"/>: no allocation per row). A batch is <c>BEGIN IMMEDIATE</c> … <c>COMMIT</c> with the <c>synchronous</c>
/// setting its content asks for (durable or provenance only); attempt rows go several to a statement
/// (<see cref="ExecutionRows"/>), the rest at <see cref="Flush"/>.
/// </summary>
internal sealed class SqliteBatchWriter : BatchWriter
{
    private readonly SqliteConnection connection;
    private readonly SqliteLedgerOptions options;
    private readonly LedgerStatements statements;
    private readonly ExecutionRows executions;

    public SqliteBatchWriter(SqliteConnection connection, SqliteLedgerOptions options)
    {
        this.connection = connection;
        this.options = options;
        statements = new LedgerStatements(connection);
        executions = new ExecutionRows(statements);
    }

    public override DbConnection Connection => connection;

    // The batch is a BEGIN … COMMIT of the statements, not a SqliteTransaction: commands run in it as they are.
    public override DbTransaction? Transaction => null;

    public override void Begin(bool durable)
    {
        executions.Clear();
        statements.SetSynchronous(durable ? options.DurableSynchronous : options.ProvenanceSynchronous);
        statements.Begin.Execute();
    }

    public override void Flush() => executions.Flush();

    public override void Commit() => statements.Commit.Execute();

    public override void Rollback()
    {
        executions.Clear();
        try
        {
            statements.Rollback.Execute();
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled the transaction back.
        }
    }

    public override void InsertInput(string run, long sequence, long materialId, string? hash) =>
        statements.InsertInput.Set(0, run).Set(1, sequence).Set(2, materialId).Set(3, hash).Execute();

    public override void FinishInput(string run, long sequence, long materialId, string outcome, int delivered, int deadLettered, int discarded, string finished, int start) =>
        statements.FinishInput.Set(0, run).Set(1, sequence).Set(2, materialId).Set(3, outcome).Set(4, delivered).Set(5, deadLettered)
            .Set(6, discarded).Set(7, finished).Set(8, start).Execute();

    public override void InsertFinishedInput(string run, long sequence, long materialId, string? hash, string outcome, int delivered, int deadLettered, int discarded, string finished, int start) =>
        statements.InsertFinishedInput.Set(0, run).Set(1, sequence).Set(2, materialId).Set(3, hash).Set(4, outcome).Set(5, delivered)
            .Set(6, deadLettered).Set(7, discarded).Set(8, finished).Set(9, start).Execute();

    public override void InsertMaterial(string run, long id, long parentId, long root, long sequence, string? hash) =>
        statements.InsertMaterial.Set(0, run).Set(1, id).Set(2, parentId).Set(3, root).Set(4, sequence).Set(5, hash).Execute();

    public override void MaterialOutcome(string run, long id, long parentId, long root, long sequence, string outcome, string? station) =>
        statements.MaterialOutcome.Set(0, run).Set(1, id).Set(2, parentId).Set(3, root).Set(4, sequence).Set(5, outcome).Set(6, station).Execute();

    public override void InsertFinishedMaterial(string run, long id, long parentId, long root, long sequence, string? hash, string outcome, string? station) =>
        statements.InsertFinishedMaterial.Set(0, run).Set(1, id).Set(2, parentId).Set(3, root).Set(4, sequence).Set(5, hash).Set(6, outcome)
            .Set(7, station).Execute();

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
        int start) =>
        executions.Add(new ExecutionRow(
            run, materialId, root, station, stationVersion, attempt, startedMicros, durationMicros, outcome, exceptionType, message, model, inputTokens, outputTokens, start));

    public override void InsertDeadLetter(in DeadLetterRow row) =>
        statements.InsertDeadLetter.Set(0, row.Run).Set(1, row.Tenant).Set(2, row.JobId).Set(3, row.Line).Set(4, row.MaterialId)
            .Set(5, row.ParentId).Set(6, row.Root).Set(7, row.Station).Set(8, row.StationVersion).Set(9, row.Attempts)
            .Set(10, row.ExceptionType).Set(11, row.Message).Set(12, row.Time).Set(13, row.InputType).Set(14, row.ClrType)
            .Set(15, row.InputStatus).Set(16, row.Json).Execute();

    public override void EndRun(string run, string status, string ended, string? error) =>
        statements.EndRun.Set(0, status).Set(1, ended).Set(2, error).Set(3, run).Execute();

    public override void ReleaseLease(string run, string instance) =>
        statements.ReleaseLease.Set(0, run).Set(1, instance).Execute();

    public override string? LeaseHolder(string run) => statements.LeaseHolder.Set(0, run).Text();

    public override void Dispose()
    {
        statements.Dispose();
        connection.Dispose();
    }
}
