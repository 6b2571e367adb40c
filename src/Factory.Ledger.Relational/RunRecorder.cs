using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;

namespace Factory.Ledger.Relational;

/// <summary>
/// The observer that records one run. Its start is written synchronously and durably
/// (<see cref="RunStart"/>: the run row, the run's lease, a resume's audit entry, a replay's claims);
/// everything after goes to the ledger's background writer as small structs, so the stations only
/// enqueue. While the run goes on, a timer renews its lease, and its workers note what they work on
/// in a flight file (<see cref="FlightFile"/>); the next start counts a crash for every input that
/// file still names (<see cref="CrashCounts"/>), runs those inputs alone, and refuses them at the
/// crash limit. Its end waits until the writer has committed everything the run produced, so a
/// finished <c>Completion</c> means a complete record. A recorder that joins a run
/// (<see cref="LedgerObserveOptions.Join"/>, a worker of a run another observer holds) only checks the
/// run at its start (<see cref="RunJoin"/>) and records what its process does: no lease, heartbeat,
/// flight file or run end. Once the ledger's writer has failed, the run stops at its next event.
/// </summary>
internal sealed class RunRecorder : RunObserver
{
    private readonly RelationalLedger ledger;
    private readonly LedgerObserveOptions options;
    private readonly LedgerWriter writer;
    private readonly RunTally tally = new();
    private int state;
    private HashSet<long>? done;
    private HashSet<long>? suspects;
    private Dictionary<long, EntryRefusal>? refused;
    private FlightFile? flight;
    private ITimer? heartbeat;
    private RunControlPoll? controls;
    private int beating;
    private volatile LedgerException? leaseLost;
    private volatile bool ending;

    public RunRecorder(RelationalLedger ledger, LedgerObserveOptions options)
    {
        this.ledger = ledger;
        this.options = options;
        writer = ledger.Writer;
        Level = options.Provenance ?? ledger.Settings.Provenance;
    }

    public ProvenanceLevel Level { get; }

    // Set at the start, read by the writer thread afterwards (the queue publishes them).
    public string RunId { get; private set; } = string.Empty;

    public RunInfo Info { get; private set; } = null!;

    public int Start { get; private set; }

    public RootTracker Tracker { get; private set; } = null!;

    public SecretRedactor Redactor { get; private set; } = null!;

    public JsonSerializerOptions? Json { get; private set; }

    public string? Actor => options.Actor;

    /// <summary>True for a worker of a run another observer holds: it takes no lease and does not end the run.</summary>
    public bool Joined => options.Join;

    /// <summary>Stations by path, to name a dead letter's input type.</summary>
    public Dictionary<string, StationDescriptor> Stations { get; } = new(StringComparer.Ordinal);

    /// <summary>Set once another process holds the run: nothing more of it is written, and the run stops at its next event.</summary>
    public LedgerException? LeaseLost => leaseLost;

    /// <summary>
    /// Set by the writer once it has written the run's end, which released the lease: from then on no
    /// lease is looked for (an event the run still sends, such as an input written as it was cancelled,
    /// is not a sign that another process took the run over).
    /// </summary>
    public bool EndWritten { get; set; }

    public override void RunStarting(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Interlocked.Exchange(ref state, 1) != 0)
        {
            throw new LedgerException("A ledger observer records one run: call Observe() for each run.");
        }

        if (options.Join)
        {
            Join(run);
            return;
        }

        if (options.KeepInputs && InputJson.Options(options.Inputs ?? ledger.Settings.Inputs) is null)
        {
            throw new LedgerException($"Run '{run.RunId}' of line '{run.Line.Name}' asks to keep its inputs (KeepInputs), but the ledger has no JSON metadata to write them with: give LedgerObserveOptions.Inputs or {ledger.TypeName}Options.Inputs a JsonSerializerContext that lists {run.Line.InputType}.");
        }

        if (!ledger.TryActivate(run.RunId, this))
        {
            throw new LedgerException($"Run '{run.RunId}' is already running in this process; it cannot be started twice at once.");
        }

        try
        {
            RunId = run.RunId;
            Bind(run);

            RunStart start = RunStart.Record(ledger, options, run, Level, Redactor);
            flight = start.Flight;
            Start = start.Number;
            done = start.Done;
            HoldParked();
            suspects = start.Suspects;
            refused = start.Refused;
            TimeSpan beat = ledger.Settings.LeaseDuration / 3;
            heartbeat = ledger.Settings.Clock.CreateTimer(static state => ((RunRecorder)state!).Renew(), this, beat, beat);
            controls = RunControlPoll.Start(ledger, run);
        }
        catch
        {
            StopHeartbeat();
            flight?.Dispose();
            ledger.Deactivate(run.RunId, this);
            throw;
        }
    }

    /// <summary>The start of a worker that joins <paramref name="run"/>: the run must be running, of the same line class and tenant.</summary>
    private void Join(RunInfo run)
    {
        ledger.ThrowIfWriterFailed();
        RunId = run.RunId;
        Bind(run);

        Start = RunJoin.Check(ledger, options, run);
    }

    public override bool IsDone(long sequence) => done is { } finished && finished.Contains(sequence);

    public override EntryRefusal? Refuses(long sequence) =>
        refused is { } inputs && inputs.TryGetValue(sequence, out EntryRefusal? refusal) ? refusal : null;

    public override bool RunsAlone(long sequence) => suspects is { } inputs && inputs.Contains(sequence);

    public override FlightRecorder? FlightRecorder => flight;

    public override Gates.IGateStore? GateStore => ledger.Gates;

    /// <summary>What recording <paramref name="run"/> needs, whether this recorder holds it or joins it.</summary>
    private void Bind(RunInfo run)
    {
        Info = run;
        Redactor = new SecretRedactor(run.Job.Secrets);
        Tracker = new RootTracker(run.Line);
        Json = InputJson.Options(options.Inputs ?? ledger.Settings.Inputs);
        foreach (StationDescriptor station in run.Line.Stations)
        {
            Stations.TryAdd(station.Path, station);
        }
    }

    // The input's hash (and its JSON, when kept) is taken here, on the thread that lets it in, not on the ledger's one writer thread.
    public override void Entered(in MaterialInfo material, object? value)
    {
        string? hash = Level == ProvenanceLevel.None ? null : InputHasher.ForThisThread.Hash(this, value);
        Post(new LedgerEvent(LedgerEventKind.Entered, this, material, 0, options.KeepInputs ? KeptInput.Of(this, value, hash) : hash));
    }

    public override void Executed(in StationExecution execution)
    {
        ThrowIfLeaseLost();
        tally.Count(execution);
        if (Level == ProvenanceLevel.Full || (Level == ProvenanceLevel.Summary && execution.Outcome != ExecutionOutcome.Succeeded))
        {
            Post(new LedgerEvent(this, execution));
        }
    }

    public override void Split(in MaterialInfo parent, StationDescriptor station, int children) =>
        Post(new LedgerEvent(LedgerEventKind.Split, this, parent, children, station));

    public override void Gathered(in MaterialInfo parent, int arrived) =>
        Post(new LedgerEvent(LedgerEventKind.Gathered, this, parent, arrived));

    public override void Delivered(in MaterialInfo material) =>
        Post(new LedgerEvent(LedgerEventKind.Delivered, this, material));

    public override void DeadLettered(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var material = new MaterialInfo(letter.MaterialId, letter.ParentId, letter.ParentId == 0 ? letter.Root : 0, letter.Root);
        Post(new LedgerEvent(LedgerEventKind.DeadLettered, this, material, 0, letter));
    }

    public override void Discarded(DiscardedMaterial material)
    {
        ArgumentNullException.ThrowIfNull(material);
        var info = new MaterialInfo(material.MaterialId, material.ParentId, material.ParentId == 0 ? material.Root : 0, material.Root);
        Post(new LedgerEvent(LedgerEventKind.Discarded, this, info, 0, material));
    }

    // Which materials wait at gates: the writer keeps, for each input whose materials all wait, where a later start takes it up.
    public override void GateOpened(in MaterialInfo material, Gates.GateItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Post(new LedgerEvent(LedgerEventKind.Parked, this, material, 0, item.Key));
    }

    public override void GateDecided(in MaterialInfo material, Gates.GateDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Post(new LedgerEvent(LedgerEventKind.SentOn, this, material, 0, decision.Item));
    }

    public override void GateTimedOut(in MaterialInfo material, Gates.GateDecision decision) => GateDecided(material, decision);

    public override void Sampled(Quality.QualitySample sample) =>
        Post(new LedgerEvent(LedgerEventKind.Sampled, this, sample.Material, 0, sample));

    public override void Inspected(Quality.Inspection inspection) =>
        Post(new LedgerEvent(LedgerEventKind.Inspected, this, inspection.Material, 0, inspection));

    public override void AndonTripped(Quality.AndonTrip trip) =>
        Post(new LedgerEvent(LedgerEventKind.Andon, this, default, 0, trip));

    public override void RunEnded(RunInfo run, LineReport? report, Exception? fault)
    {
        if (options.Join)
        {
            EndJoined();
            return;
        }

        RunStatus status = fault is not null ? RunStatus.Failed
            : report?.Outcome switch
            {
                LineOutcome.Cancelled => RunStatus.Cancelled,
                LineOutcome.DeadlineExceeded => RunStatus.DeadlineExceeded,
                LineOutcome.AwaitingDecision => RunStatus.AwaitingDecision,
                _ => RunStatus.Completed,
            };
        var end = new RunEnd(status, fault is null ? null : LedgerText.Storable(Redactor.Redact($"{fault.GetType().FullName}: {fault.Message}")));

        // The end's transaction deletes the lease: a heartbeat that finds it gone from now on is not a loss.
        ending = true;

        // Every worker has stopped: a crash from here on is no material's doing.
        flight?.Clear();
        try
        {
            // The final counts before the end: whoever reads the run as ended reads its final totals too.
            WriteTally();
            if (writer.Post(new LedgerEvent(LedgerEventKind.Ended, this, default, 0, end)))
            {
                end.Written.Wait();
            }
            else
            {
                end.Error = new ObjectDisposedException(ledger.TypeName, "The ledger was closed while the run was going on.");
            }
        }
        finally
        {
            // Renewed until the end is committed (or the ledger closes): a long backlog must not let the lease expire under it.
            StopHeartbeat();
            flight?.Dispose();
            ledger.Deactivate(RunId, this);
        }

        if (leaseLost is { } lost)
        {
            throw lost;
        }

        if (end.Error is { } error)
        {
            throw new LedgerException($"The ledger could not record run '{RunId}' completely: {error.Message}", error);
        }

        if (options.Replay is { } replay && status is RunStatus.Cancelled or RunStatus.Failed or RunStatus.DeadlineExceeded)
        {
            DeadLetterResolution.ReopenUnfinished(ledger, run, replay.Actor, status);
        }
    }

    /// <summary>A joined worker's end: what it recorded is committed; the run's end is its holder's to write.</summary>
    private void EndJoined()
    {
        try
        {
            writer.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            WriteTally();
        }
        catch (Exception exception) when (exception is LedgerException or ObjectDisposedException)
        {
            throw new LedgerException($"The ledger could not record this worker's part of run '{RunId}' completely: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Inputs an earlier start left with every material waiting at a gate do not enter again: their
    /// gates hold those materials again, from the ledger, and their outcomes wait for them. An input
    /// that still had a material elsewhere (the start stopped or crashed with it in a station) enters
    /// again; its materials that reach a gate again find their items there, decisions and all.
    /// </summary>
    private void HoldParked()
    {
        if (Start == 1)
        {
            return;
        }

        using DbConnection connection = ledger.Store.OpenConnection();
        foreach (HeldRoot held in GateRows.HeldRoots(connection, null, RunId))
        {
            (done ??= []).Add(held.Root);
            Tracker.Restore(held);
        }
    }

    /// <summary>
    /// The attempts' counts at the run's (or a joined worker's) end. They are not the record (the
    /// inputs' outcomes are): a database that fails now leaves the last heartbeat's counts.
    /// </summary>
    private void WriteTally()
    {
        try
        {
            tally.Write(ledger, RunId, Start);
        }
        catch (Exception exception) when (exception is DbException or ObjectDisposedException || ledger.Store.IsTransient(exception))
        {
            // A ledger closed under the run: the end that follows reports it.
        }
    }

    /// <summary>Stops renewing the lease: at the run's end, or when the ledger closes under a run.</summary>
    public void StopHeartbeat()
    {
        Interlocked.Exchange(ref heartbeat, null)?.Dispose();
        Interlocked.Exchange(ref controls, null)?.Dispose();
    }

    /// <summary>Another process holds the run (<paramref name="holder"/>, or no one): stop writing it.</summary>
    public void LoseLease(Lease? holder)
    {
        leaseLost ??= RunLease.Lost(RunId, holder);
        StopHeartbeat();
    }

    /// <summary>
    /// The heartbeat, on a timer thread of its own so a long backlog in the writer cannot hold it up.
    /// A failed renewal (the file busy for long) is tried again at the next beat; the lease lasts three.
    /// </summary>
    private void Renew()
    {
        if (Interlocked.Exchange(ref beating, 1) != 0 || leaseLost is not null)
        {
            return;
        }

        try
        {
            using DbConnection connection = ledger.Store.OpenConnection();
            if (!RunLease.Renew(connection, RunId, ledger, ledger.Settings.Clock.GetUtcNow()) && !ending)
            {
                LoseLease(RunLease.Read(connection, null, RunId));
            }
            else if (!ending)
            {
                tally.Write(ledger, RunId, Start);
            }
        }
        catch (Exception exception) when (exception is DbException || ledger.Store.IsTransient(exception))
        {
            // Busy, away or failing now: the next beat tries again, and the writer checks the lease before every batch.
        }
        catch (ObjectDisposedException)
        {
            // A beat that began as the ledger closed: its connections are gone (an exception here would end the process).
        }
        finally
        {
            Volatile.Write(ref beating, 0);
        }
    }

    private void Post(in LedgerEvent item)
    {
        ThrowIfLeaseLost();
        if (writer.Fault is { } fault)
        {
            // What the run does from here would not be recorded: stop it (the runtime fails a run whose observer throws).
            throw new LedgerException($"Run '{RunId}' stops: {fault.Message}", fault);
        }

        writer.Post(item);
    }

    /// <summary>Stops the run at its next event once the lease is lost: the runtime fails a run whose observer throws.</summary>
    private void ThrowIfLeaseLost()
    {
        if (leaseLost is { } lost)
        {
            throw lost;
        }
    }
}
