using System.Data.Common;
using Factory.Ledger.Relational;

namespace Factory.Ledger.Tests;

/// <summary>The SQLite writer's rows, with the failures its <see cref="FlakyStore"/> plans thrown in front of them.</summary>
internal sealed class FlakyBatchWriter(BatchWriter inner, FlakyStore store) : BatchWriter
{
    public override DbConnection Connection => inner.Connection;

    public override DbTransaction? Transaction => inner.Transaction;

    public override void Begin(bool durable)
    {
        store.ThrowIfDown("begin");
        inner.Begin(durable);
    }

    public override void Commit()
    {
        store.Commit();
        inner.Commit();
    }

    public override void Rollback() => inner.Rollback();

    public override void Flush()
    {
        store.Row();
        inner.Flush();
    }

    public override void InsertFinishedInput(string run, long sequence, long materialId, string? hash, string outcome, int delivered, int deadLettered, int discarded, string finished, int start)
    {
        store.Row();
        inner.InsertFinishedInput(run, sequence, materialId, hash, outcome, delivered, deadLettered, discarded, finished, start);
    }

    public override void InsertFinishedMaterial(string run, long id, long parentId, long root, long sequence, string? hash, string outcome, string? station)
    {
        store.Row();
        inner.InsertFinishedMaterial(run, id, parentId, root, sequence, hash, outcome, station);
    }

    public override void InsertInput(string run, long sequence, long materialId, string? hash)
    {
        store.Row();
        inner.InsertInput(run, sequence, materialId, hash);
    }

    public override void FinishInput(string run, long sequence, long materialId, string outcome, int delivered, int deadLettered, int discarded, string finished, int start)
    {
        store.Row();
        inner.FinishInput(run, sequence, materialId, outcome, delivered, deadLettered, discarded, finished, start);
    }

    public override void InsertMaterial(string run, long id, long parentId, long root, long sequence, string? hash)
    {
        store.Row();
        inner.InsertMaterial(run, id, parentId, root, sequence, hash);
    }

    public override void MaterialOutcome(string run, long id, long parentId, long root, long sequence, string outcome, string? station)
    {
        store.Row();
        inner.MaterialOutcome(run, id, parentId, root, sequence, outcome, station);
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
        store.Row();
        inner.InsertExecution(run, materialId, root, station, stationVersion, attempt, startedMicros, durationMicros, outcome, exceptionType, message, model, inputTokens, outputTokens, start);
    }

    public override void InsertDeadLetter(in DeadLetterRow row)
    {
        store.Row();
        inner.InsertDeadLetter(row);
    }

    public override void EndRun(string run, string status, string ended, string? error)
    {
        store.Row();
        inner.EndRun(run, status, ended, error);
    }

    public override void ReleaseLease(string run, string instance)
    {
        store.Row();
        inner.ReleaseLease(run, instance);
    }

    public override string? LeaseHolder(string run) => inner.LeaseHolder(run);

    public override void Dispose() => inner.Dispose();
}
