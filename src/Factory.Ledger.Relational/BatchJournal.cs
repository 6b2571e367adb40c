using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Runtime.InteropServices;

namespace Factory.Ledger.Relational;

/// <summary>
/// The rows of the batch being written, kept until it commits, so a batch the database failed with a
/// transient error can be written again, the same, on a new connection (<see cref="LedgerWriter"/>).
/// The rows cannot be made again from the events: making them moved each run's
/// <see cref="RootTracker"/> on, once. It forwards every row to the store's writer while that works;
/// after a failure it only keeps them, so the batch's events are all turned into rows exactly once,
/// and <see cref="Failure"/> says why the batch did not go through.
/// </summary>
internal sealed class BatchJournal : BatchWriter
{
    private readonly List<Row> rows = [];
    private readonly List<ExecutionRow> executions = [];
    private readonly List<DeadLetterRow> deadLetters = [];
    private readonly List<HeldRoot> holds = [];
    private BatchWriter sink = null!;

    private enum Kind
    {
        Input,
        Finish,
        Material,
        MaterialOutcome,
        Execution,
        DeadLetter,
        EndRun,
        ReleaseLease,
        FinishedInput,
        FinishedMaterial,
        Flush,
        Hold,
    }

    /// <summary>The first error of the batch's database calls, or null while they all worked.</summary>
    public Exception? Failure { get; private set; }

    public override DbConnection Connection => sink.Connection;

    public override DbTransaction? Transaction => sink.Transaction;

    /// <summary>Starts a batch written through to <paramref name="writer"/>.</summary>
    public void Open(BatchWriter writer)
    {
        sink = writer;
        rows.Clear();
        executions.Clear();
        deadLetters.Clear();
        holds.Clear();
        Failure = null;
    }

    /// <summary>The batch failed (at its start, a row, the commit): the rest is only kept.</summary>
    public void Fail(Exception exception) => Failure ??= exception;

    /// <summary>Writes every kept row again, in order, into <paramref name="writer"/>'s open batch, but those of <paramref name="skip"/>'s runs.</summary>
    public void Replay(BatchWriter writer, HashSet<string> skip)
    {
        sink = writer;
        foreach (Row row in rows)
        {
            string? run = row.Kind switch
            {
                Kind.Execution => executions[(int)row.A].Run,
                Kind.DeadLetter => deadLetters[(int)row.A].Run,
                Kind.Flush => null,
                _ => row.Run!,
            };
            if (run is null || !skip.Contains(run))
            {
                Write(writer, row);
            }
        }
    }

    public override void Begin(bool durable) => sink.Begin(durable);

    public override void Commit() => sink.Commit();

    public override void Rollback() => sink.Rollback();

    public override string? LeaseHolder(string run) => sink.LeaseHolder(run);

    public override void InsertInput(string run, long sequence, long materialId, string? hash) =>
        Keep(new Row(Kind.Input, run, sequence, materialId, S1: hash));

    public override void FinishInput(string run, long sequence, long materialId, string outcome, int delivered, int deadLettered, int discarded, string finished, int start) =>
        Keep(new Row(Kind.Finish, run, sequence, materialId, S1: outcome, S2: finished, I1: delivered, I2: deadLettered, I3: discarded, I4: start));

    public override void InsertFinishedInput(string run, long sequence, long materialId, string? hash, string outcome, int delivered, int deadLettered, int discarded, string finished, int start) =>
        Keep(new Row(Kind.FinishedInput, run, sequence, materialId, S1: outcome, S2: finished, S3: hash, I1: delivered, I2: deadLettered, I3: discarded, I4: start));

    public override void InsertMaterial(string run, long id, long parentId, long root, long sequence, string? hash) =>
        Keep(new Row(Kind.Material, run, id, parentId, root, sequence, S1: hash));

    public override void MaterialOutcome(string run, long id, long parentId, long root, long sequence, string outcome, string? station) =>
        Keep(new Row(Kind.MaterialOutcome, run, id, parentId, root, sequence, S1: outcome, S2: station));

    public override void InsertFinishedMaterial(string run, long id, long parentId, long root, long sequence, string? hash, string outcome, string? station) =>
        Keep(new Row(Kind.FinishedMaterial, run, id, parentId, root, sequence, S1: outcome, S2: station, S3: hash));

    /// <summary>Kept as a row too: what the store held back until the batch's end is written at the same point on a retry.</summary>
    public override void Flush() => Keep(new Row(Kind.Flush, null));

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
        executions.Add(new ExecutionRow(run, materialId, root, station, stationVersion, attempt, startedMicros, durationMicros, outcome, exceptionType, message, model, inputTokens, outputTokens, start));
        Keep(new Row(Kind.Execution, null, executions.Count - 1));
    }

    public override void InsertDeadLetter(in DeadLetterRow row)
    {
        deadLetters.Add(row);
        Keep(new Row(Kind.DeadLetter, null, deadLetters.Count - 1));
    }

    public override void EndRun(string run, string status, string ended, string? error) =>
        Keep(new Row(Kind.EndRun, run, S1: status, S2: ended, S3: error));

    public override void ReleaseLease(string run, string instance) =>
        Keep(new Row(Kind.ReleaseLease, run, S1: instance));

    public override void HoldAtGates(string run, HeldRoot held)
    {
        holds.Add(held);
        Keep(new Row(Kind.Hold, run, holds.Count - 1));
    }

    /// <summary>The store's writer is the <see cref="LedgerWriter"/>'s to dispose.</summary>
    public override void Dispose()
    {
    }

    private void Keep(in Row row)
    {
        rows.Add(row);
        if (Failure is null)
        {
            try
            {
                Write(sink, row);
            }
            catch (Exception exception)
            {
                Failure = exception;
            }
        }
    }

    private void Write(BatchWriter writer, in Row row)
    {
        switch (row.Kind)
        {
            case Kind.Input:
                writer.InsertInput(row.Run!, row.A, row.B, row.S1);
                break;
            case Kind.Finish:
                writer.FinishInput(row.Run!, row.A, row.B, row.S1!, row.I1, row.I2, row.I3, row.S2!, row.I4);
                break;
            case Kind.Material:
                writer.InsertMaterial(row.Run!, row.A, row.B, row.C, row.D, row.S1);
                break;
            case Kind.MaterialOutcome:
                writer.MaterialOutcome(row.Run!, row.A, row.B, row.C, row.D, row.S1!, row.S2);
                break;
            case Kind.Execution:
                ExecutionRow e = executions[(int)row.A];
                writer.InsertExecution(e.Run, e.MaterialId, e.Root, e.Station, e.StationVersion, e.Attempt, e.StartedMicros, e.DurationMicros, e.Outcome, e.ExceptionType, e.Message, e.Model, e.InputTokens, e.OutputTokens, e.Start);
                break;
            case Kind.DeadLetter:
                writer.InsertDeadLetter(deadLetters[(int)row.A]);
                break;
            case Kind.FinishedInput:
                writer.InsertFinishedInput(row.Run!, row.A, row.B, row.S3, row.S1!, row.I1, row.I2, row.I3, row.S2!, row.I4);
                break;
            case Kind.FinishedMaterial:
                writer.InsertFinishedMaterial(row.Run!, row.A, row.B, row.C, row.D, row.S3, row.S1!, row.S2);
                break;
            case Kind.Flush:
                writer.Flush();
                break;
            case Kind.EndRun:
                writer.EndRun(row.Run!, row.S1!, row.S2!, row.S3);
                break;
            case Kind.ReleaseLease:
                writer.ReleaseLease(row.Run!, row.S1!);
                break;
            case Kind.Hold:
                writer.HoldAtGates(row.Run!, holds[(int)row.A]);
                break;
            default:
                throw new InvalidOperationException($"Unknown journal row {row.Kind}.");
        }
    }

    /// <summary>One row of the batch; which fields hold what depends on <see cref="Kind"/> (see the methods that keep them).</summary>
    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Row(
        Kind Kind,
        string? Run,
        long A = 0,
        long B = 0,
        long C = 0,
        long D = 0,
        string? S1 = null,
        string? S2 = null,
        string? S3 = null,
        int I1 = 0,
        int I2 = 0,
        int I3 = 0,
        int I4 = 0);
}
