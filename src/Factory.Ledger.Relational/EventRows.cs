using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Factory.Ledger.Relational;

/// <summary>
/// What each <see cref="LedgerEvent"/> writes, inside the writer's batch transaction: the rows of
/// inputs, materials, attempts and dead letters, an input's outcome once its <see cref="RootTracker"/>
/// says nothing of it is left, and a run's end (which releases its lease). Material rows are written
/// at the levels Summary and Full only; which attempts reach the writer the recorder decides. An
/// input's and a material's row wait for the batch's end (<see cref="PendingRows"/>): one that gets
/// its outcome in the same batch is written once, with it.
/// </summary>
internal sealed class EventRows(BatchWriter sink, string instance)
{
    private readonly PendingRows pending = new();

    // Inputs whose every material came to wait at a gate in this batch: written once the batch's rows are.
    private readonly List<(string Run, HeldRoot Held)> held = [];

    /// <summary>
    /// Writes the rows of a batch's events, in order, then the rows still held (but those
    /// <paramref name="carry"/> lets wait for the next batch, <see cref="PendingRows"/>) and whatever the
    /// store holds (<see cref="BatchWriter.Flush"/>): all of it before the caller commits. <paramref name="now"/> is the batch's time.
    /// </summary>
    public void WriteBatch(List<LedgerEvent> batch, string now, bool carry)
    {
        held.Clear();
        foreach (ref readonly LedgerEvent item in CollectionsMarshal.AsSpan(batch))
        {
            Write(item, now);
        }

        pending.WriteRest(sink, carry);
        sink.Flush();

        // After the inputs' rows: what an input reached so far goes on its row.
        foreach ((string run, HeldRoot root) in held)
        {
            sink.HoldAtGates(run, root);
        }
    }

    /// <summary>Adds the runs of rows carried from the last batch to <paramref name="runs"/>.</summary>
    public void AddCarriedRuns(HashSet<RunRecorder> runs) => pending.AddRuns(runs);

    private void Write(in LedgerEvent item, string now)
    {
        if (item.Kind == LedgerEventKind.Flush)
        {
            return;
        }

        RunRecorder run = item.Run!;
        if (run.LeaseLost is not null)
        {
            // Another process holds the run now: what this one still had queued is not written.
            return;
        }

        MaterialInfo material = item.Material;
        bool materials = run.Level != ProvenanceLevel.None;
        switch (item.Kind)
        {
            case LedgerEventKind.Entered:
                if (!run.Tracker.Enter(material.Root))
                {
                    return;
                }

                string? hash = materials ? KeptInput.HashOf(item.Payload) : null;
                pending.HoldInput(run, material.Root, material.Id, hash);
                if (item.Payload is KeptInput { Json: { } json })
                {
                    KeptInput.Insert(sink.Connection, sink.Transaction, run.RunId, material.Root, json);
                }

                if (materials)
                {
                    pending.HoldMaterial(run, material.Id, material.ParentId, material.Root, material.Sequence, hash);
                }

                break;

            case LedgerEventKind.Executed:
                StationExecution execution = item.Execution;
                sink.InsertExecution(
                    run.RunId,
                    material.Id,
                    material.Root,
                    execution.Station.Path,
                    execution.Station.FullVersion,
                    execution.Attempt,
                    Time.Micros(execution.Started),
                    execution.Duration.Ticks / 10,
                    Names.Of(execution.Outcome),
                    execution.ExceptionType,
                    LedgerText.Storable(run.Redactor.Redact(execution.Message)),
                    execution.Model,
                    execution.InputTokens,
                    execution.OutputTokens,
                    run.Start);
                break;

            case LedgerEventKind.Split:
                var station = (StationDescriptor)item.Payload!;
                if (materials)
                {
                    WriteOutcome(run, material, MaterialOutcome.Split, station.Path);
                    for (int i = 0; i < item.Count; i++)
                    {
                        pending.HoldMaterial(run, MaterialIds.Child(material.Id, i), material.Id, material.Root, i, null);
                    }
                }

                Finish(run, run.Tracker.Split(material.Root, station, item.Count), now);
                Hold(run, material.Root);
                break;

            case LedgerEventKind.Gathered:
                Finish(run, run.Tracker.Gathered(material.Root, item.Count), now);
                Hold(run, material.Root);
                break;

            case LedgerEventKind.Delivered:
                if (materials)
                {
                    WriteOutcome(run, material, MaterialOutcome.Delivered, null);
                }

                Finish(run, run.Tracker.Delivered(material.Root), now);
                Hold(run, material.Root);
                break;

            case LedgerEventKind.DeadLettered:
                var letter = (DeadLetter)item.Payload!;
                WriteDeadLetter(run, letter);
                if (materials)
                {
                    WriteOutcome(run, material, MaterialOutcome.DeadLettered, letter.Station);
                }

                Finish(run, run.Tracker.DeadLettered(material.Root, RefusedAtEntry(letter) ? RootTracker.EntryStation : letter.Station), now);
                Hold(run, material.Root);
                break;

            case LedgerEventKind.Discarded:
                var discarded = (DiscardedMaterial)item.Payload!;
                if (materials)
                {
                    WriteOutcome(run, material, MaterialOutcome.Discarded, discarded.Station);
                }

                Finish(run, run.Tracker.Discarded(material.Root), now);
                Hold(run, material.Root);
                break;

            case LedgerEventKind.Parked:
                run.Tracker.Parked(material.Root, (Gates.GateItemKey)item.Payload!);
                Hold(run, material.Root);
                break;

            case LedgerEventKind.SentOn:
                run.Tracker.SentOn(material.Root, (Gates.GateItemKey)item.Payload!);
                break;

            case LedgerEventKind.Sampled:
                QualityRows.InsertSample(sink.Connection, sink.Transaction, run, (Quality.QualitySample)item.Payload!, now);
                break;

            case LedgerEventKind.Inspected:
                QualityRows.InsertInspection(sink.Connection, sink.Transaction, run, (Quality.Inspection)item.Payload!, now);
                break;

            case LedgerEventKind.Andon:
                var trip = (Quality.AndonTrip)item.Payload!;
                Sql.Audit(sink.Connection, sink.Transaction, now, run.Actor ?? "factory", QualityRows.AndonAction, run.Info.Job.Tenant, $"run {run.RunId} station {trip.Station.Path}", trip.ToString());
                break;

            case LedgerEventKind.Ended:
                var end = (RunEnd)item.Payload!;
                sink.EndRun(run.RunId, Names.Of(end.Status), now, end.Message);
                sink.ReleaseLease(run.RunId, instance);
                run.EndWritten = true;
                break;

            default:
                throw new InvalidOperationException($"Unknown ledger event {item.Kind}.");
        }
    }

    /// <summary>
    /// True for a letter made of an input that never entered: refused by the budget, or past the crash
    /// limit (which names the station the input crashed in, but keeps the input as it came).
    /// </summary>
    private static bool RefusedAtEntry(DeadLetter letter) =>
        letter.Station == RootTracker.EntryStation || letter.ExceptionType == CrashLimit.ExceptionType;

    /// <summary>The type a replay line must take: the failed station's input (its output for a route that found no match).</summary>
    private static string InputTypeOf(RunRecorder run, DeadLetter letter)
    {
        if (RefusedAtEntry(letter))
        {
            return run.Info.Line.InputType;
        }

        if (run.Stations.TryGetValue(letter.Station, out StationDescriptor? station))
        {
            return letter.ExceptionType == typeof(NoRouteException).FullName ? station.OutputType : station.InputType;
        }

        return letter.Input?.GetType().FullName ?? "(none)";
    }

    /// <summary>Keeps <paramref name="root"/> for the batch's end when every material of it left now waits at a gate.</summary>
    private void Hold(RunRecorder run, long root)
    {
        if (run.Tracker.TryTakeHeld(root, out HeldRoot? now))
        {
            held.Add((run.RunId, now));
        }
    }

    /// <summary>Writes a material's outcome: with its row, when the row is still held.</summary>
    private void WriteOutcome(RunRecorder run, in MaterialInfo material, MaterialOutcome outcome, string? station)
    {
        if (pending.TakeMaterial(run, material.Id, out string? hash))
        {
            sink.InsertFinishedMaterial(run.RunId, material.Id, material.ParentId, material.Root, material.Sequence, hash, Names.Of(outcome), station);
        }
        else
        {
            sink.MaterialOutcome(run.RunId, material.Id, material.ParentId, material.Root, material.Sequence, Names.Of(outcome), station);
        }
    }

    /// <summary>Writes the input's outcome once <paramref name="done"/> says nothing of it is left: with its row, when the row is still held.</summary>
    private void Finish(RunRecorder run, RootOutcome? done, string now)
    {
        if (done is not { } outcome)
        {
            return;
        }

        if (pending.TakeInput(run, outcome.Root, out string? hash))
        {
            sink.InsertFinishedInput(
                run.RunId,
                outcome.Root,
                MaterialIds.Root(outcome.Root),
                hash,
                Names.Of(outcome.Outcome),
                outcome.Delivered,
                outcome.DeadLettered,
                outcome.Discarded,
                now,
                run.Start);
            return;
        }

        sink.FinishInput(
            run.RunId,
            outcome.Root,
            MaterialIds.Root(outcome.Root),
            Names.Of(outcome.Outcome),
            outcome.Delivered,
            outcome.DeadLettered,
            outcome.Discarded,
            now,
            run.Start);
    }

    private void WriteDeadLetter(RunRecorder run, DeadLetter letter)
    {
        (DeadLetterInputStatus status, string? json, string? clrType) = InputJson.ForDeadLetter(run, letter);
        sink.InsertDeadLetter(new DeadLetterRow(
            run.RunId,
            run.Info.Job.Tenant,
            run.Info.Job.Id,
            run.Info.Line.Name,
            letter.MaterialId,
            letter.ParentId,
            letter.Root,
            letter.Station,
            letter.StationVersion,
            letter.Attempts,
            letter.ExceptionType,
            LedgerText.Storable(run.Redactor.Redact(letter.Message))!,
            Time.Text(letter.Time),
            InputTypeOf(run, letter),
            clrType,
            Names.Of(status),
            json));
    }
}
