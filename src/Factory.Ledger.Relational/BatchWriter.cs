using System;
using System.Data.Common;

namespace Factory.Ledger.Relational;

/// <summary>
/// The rows the writer thread writes, one batch per transaction (which event writes which is
/// <see cref="EventRows"/>'). Parameters are typed so a store binds them without an array or a box
/// per row where its driver allows. One instance, used by the writer thread only.
/// </summary>
internal abstract class BatchWriter : IDisposable
{
    /// <summary>The writer's connection, for the rare one-off statement inside a batch.</summary>
    public abstract DbConnection Connection { get; }

    /// <summary>The open batch's transaction object, when the store uses one (commands may need it).</summary>
    public abstract DbTransaction? Transaction { get; }

    /// <summary>Begins a batch; <paramref name="durable"/> when it can give an input its outcome, holds a dead letter or ends a run.</summary>
    public abstract void Begin(bool durable);

    /// <summary>Writes what the store still holds of the batch (rows it sends together); the writer calls it before <see cref="Commit"/>.</summary>
    public virtual void Flush()
    {
    }

    public abstract void Commit();

    /// <summary>Rolls the batch back; quiet when the database already did.</summary>
    public abstract void Rollback();

    /// <summary>An input entered (again, on a resume: <c>entries</c> counts the starts that let it in).</summary>
    public abstract void InsertInput(string run, long sequence, long materialId, string? hash);

    /// <summary>An input's one outcome: written only while it has none.</summary>
    public abstract void FinishInput(string run, long sequence, long materialId, string outcome, int delivered, int deadLettered, int discarded, string finished, int start);

    /// <summary>
    /// An input that entered and got its outcome in the same batch: <see cref="InsertInput"/> and
    /// <see cref="FinishInput"/> in one, which a store may write as one row.
    /// </summary>
    public virtual void InsertFinishedInput(string run, long sequence, long materialId, string? hash, string outcome, int delivered, int deadLettered, int discarded, string finished, int start)
    {
        InsertInput(run, sequence, materialId, hash);
        FinishInput(run, sequence, materialId, outcome, delivered, deadLettered, discarded, finished, start);
    }

    public abstract void InsertMaterial(string run, long id, long parentId, long root, long sequence, string? hash);

    /// <summary>A material's outcome and the station of it (the row is made if it is not there yet).</summary>
    public abstract void MaterialOutcome(string run, long id, long parentId, long root, long sequence, string outcome, string? station);

    /// <summary>
    /// A material made and finished in the same batch: <see cref="InsertMaterial"/> and
    /// <see cref="MaterialOutcome"/> in one, which a store may write as one row.
    /// </summary>
    public virtual void InsertFinishedMaterial(string run, long id, long parentId, long root, long sequence, string? hash, string outcome, string? station)
    {
        InsertMaterial(run, id, parentId, root, sequence, hash);
        MaterialOutcome(run, id, parentId, root, sequence, outcome, station);
    }

    public abstract void InsertExecution(
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
        int start);

    /// <summary>A dead letter; one already there for the same material and station is updated while it is open.</summary>
    public abstract void InsertDeadLetter(in DeadLetterRow row);

    public abstract void EndRun(string run, string status, string ended, string? error);

    /// <summary>
    /// Marks <paramref name="held"/>'s items as where a later start takes its input up, and no other
    /// item of that input, and puts what the input reached so far on its row (which has no outcome
    /// yet). Written after the batch's other rows (<see cref="Flush"/>), so the input's row is there.
    /// </summary>
    public virtual void HoldAtGates(string run, HeldRoot held) => GateRows.Hold(Connection, Transaction, run, held);

    public abstract void ReleaseLease(string run, string instance);

    /// <summary>The instance holding <paramref name="run"/>'s lease, or null; read so that a take-over commits before this batch or after it.</summary>
    public abstract string? LeaseHolder(string run);

    public abstract void Dispose();
}
