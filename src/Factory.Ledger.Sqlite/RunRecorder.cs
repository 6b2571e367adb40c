using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// The observer that records one run. Its start is written synchronously and durably (the run row,
/// the run's lease, a resume's audit entry, a replay's claims); everything after goes to the
/// ledger's background writer as small structs, so the stations only enqueue. While the run goes
/// on, a timer renews its lease, and its workers note what they work on in a flight file
/// (<see cref="FlightFile"/>); the next start counts a crash for every input that file still names
/// (<see cref="CrashCounts"/>), runs those inputs alone, and refuses them at the crash limit. Its end
/// waits until the writer has committed everything the run produced, so a finished
/// <c>Completion</c> means a complete record.
/// </summary>
internal sealed class RunRecorder : RunObserver
{
    private readonly SqliteLedger ledger;
    private readonly LedgerObserveOptions options;
    private readonly LedgerWriter writer;
    private int state;
    private HashSet<long>? done;
    private HashSet<long>? suspects;
    private Dictionary<long, EntryRefusal>? refused;
    private FlightFile? flight;
    private ITimer? heartbeat;
    private int beating;
    private volatile LedgerException? leaseLost;
    private volatile bool ending;

    public RunRecorder(SqliteLedger ledger, LedgerObserveOptions options)
    {
        this.ledger = ledger;
        this.options = options;
        writer = ledger.Writer;
        Level = options.Provenance ?? ledger.Options.Provenance;
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

    /// <summary>Stations by path, to name a dead letter's input type.</summary>
    public Dictionary<string, StationDescriptor> Stations { get; } = new(StringComparer.Ordinal);

    /// <summary>Set once another process holds the run: nothing more of it is written, and the run stops at its next event.</summary>
    public LedgerException? LeaseLost => leaseLost;

    public override void RunStarting(RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Interlocked.Exchange(ref state, 1) != 0)
        {
            throw new LedgerException("A ledger observer records one run: call Observe() for each run.");
        }

        if (!ledger.TryActivate(run.RunId, this))
        {
            throw new LedgerException($"Run '{run.RunId}' is already running in this process; it cannot be started twice at once.");
        }

        try
        {
            RunId = run.RunId;
            Info = run;
            Redactor = new SecretRedactor(run.Job.Secrets);
            Tracker = new RootTracker(run.Line);
            Json = JsonOptions(options.Inputs ?? ledger.Options.Inputs);
            foreach (StationDescriptor station in run.Line.Stations)
            {
                Stations.TryAdd(station.Path, station);
            }

            (Start, done) = Begin(run);
            TimeSpan beat = ledger.Options.LeaseDuration / 3;
            heartbeat = ledger.Options.Clock.CreateTimer(static state => ((RunRecorder)state!).Renew(), this, beat, beat);
        }
        catch
        {
            flight?.Dispose();
            ledger.Deactivate(run.RunId, this);
            throw;
        }
    }

    public override bool IsDone(long sequence) => done is { } finished && finished.Contains(sequence);

    public override EntryRefusal? Refuses(long sequence) =>
        refused is { } inputs && inputs.TryGetValue(sequence, out EntryRefusal? refusal) ? refusal : null;

    public override bool RunsAlone(long sequence) => suspects is { } inputs && inputs.Contains(sequence);

    public override FlightRecorder? FlightRecorder => flight;

    public override void Entered(in MaterialInfo material, object? value) =>
        Post(new LedgerEvent(LedgerEventKind.Entered, this, material, 0, value));

    public override void Executed(in StationExecution execution)
    {
        ThrowIfLeaseLost();
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

    public override void RunEnded(RunInfo run, LineReport? report, Exception? fault)
    {
        RunStatus status = fault is not null ? RunStatus.Failed
            : report?.Outcome switch
            {
                LineOutcome.Cancelled => RunStatus.Cancelled,
                LineOutcome.DeadlineExceeded => RunStatus.DeadlineExceeded,
                _ => RunStatus.Completed,
            };
        var end = new RunEnd(status, fault is null ? null : Redactor.Redact($"{fault.GetType().FullName}: {fault.Message}"));

        // The end's transaction deletes the lease: a heartbeat that finds it gone from now on is not a loss.
        ending = true;

        // Every worker has stopped: a crash from here on is no material's doing.
        flight?.Clear();
        try
        {
            if (writer.Post(new LedgerEvent(LedgerEventKind.Ended, this, default, 0, end)))
            {
                end.Written.Wait();
            }
            else
            {
                end.Error = new ObjectDisposedException(nameof(SqliteLedger), "The ledger was closed while the run was going on.");
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
    }

    /// <summary>Stops renewing the lease: at the run's end, or when the ledger closes under a run.</summary>
    public void StopHeartbeat() => Interlocked.Exchange(ref heartbeat, null)?.Dispose();

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
            using SqliteConnection connection = ledger.OpenConnection();
            if (!RunLease.Renew(connection, RunId, ledger, ledger.Options.Clock.GetUtcNow()) && !ending)
            {
                LoseLease(RunLease.Read(connection, null, RunId));
            }
        }
        catch (SqliteException)
        {
            // Busy or failing now: the next beat tries again, and the writer checks the lease before every batch.
        }
        finally
        {
            Volatile.Write(ref beating, 0);
        }
    }

    private void Post(in LedgerEvent item)
    {
        ThrowIfLeaseLost();
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

    private static JsonSerializerOptions? JsonOptions(System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? resolver)
    {
        if (resolver is null)
        {
            return null;
        }

        if (resolver is JsonSerializerContext context)
        {
            return context.Options;
        }

        var json = new JsonSerializerOptions { TypeInfoResolver = resolver };
        json.MakeReadOnly();
        return json;
    }

    /// <summary>Records the start in one durable transaction; returns the start's number and the inputs already done.</summary>
    private (int Start, HashSet<long>? Done) Begin(RunInfo run)
    {
        DateTimeOffset clock = ledger.Options.Clock.GetUtcNow();
        string now = Time.Text(clock);
        string hash = LineFingerprint.Sha256(run.Line);
        string actor = options.Actor ?? ledger.Options.DefaultActor;
        using SqliteConnection connection = ledger.OpenConnection();

        // BEGIN IMMEDIATE: two processes starting the run take turns, and the second finds the first's lease.
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        TakeLease(connection, transaction, run, clock, actor);
        int start;
        int counted = 0;
        HashSet<long>? finished = null;
        (string LineType, string Tenant, string Hash, int Starts, int Counted)? existing = FindRun(connection, transaction, run.RunId);
        if (existing is { } known)
        {
            if (options.Replay is not null)
            {
                throw new LedgerException($"A replay needs a new run id; run '{run.RunId}' exists.");
            }

            if (!string.Equals(known.LineType, run.Line.TypeName, StringComparison.Ordinal))
            {
                throw new LedgerException($"Run '{run.RunId}' is a run of line '{known.LineType}'; it cannot be resumed with line '{run.Line.TypeName}'.");
            }

            if (!string.Equals(known.Tenant, run.Job.Tenant, StringComparison.Ordinal))
            {
                throw new LedgerException($"Run '{run.RunId}' belongs to tenant '{known.Tenant}'; it cannot be resumed for tenant '{run.Job.Tenant}'.");
            }

            start = known.Starts + 1;
            Sql.Execute(
                connection,
                transaction,
                "UPDATE runs SET status = 'running', starts = $starts, last_started = $now, ended = NULL, error = NULL, line_hash = $hash, provenance = $level, job_id = $job_id, job = $job WHERE run_id = $run",
                ("$starts", start),
                ("$now", now),
                ("$hash", hash),
                ("$level", Names.Of(Level)),
                ("$job_id", run.Job.Id),
                ("$job", JobJson.Write(run.Job, Redactor)),
                ("$run", run.RunId));
            finished = DoneInputs(connection, transaction, run.RunId);
            Sql.Audit(connection, transaction, now, actor, AuditActions.RunResumed, run.Job.Tenant, run.RunId, Redactor.Redact($"start {start} of line {run.Line.Name}; {finished.Count} inputs already have their outcome"));
            if (!string.Equals(known.Hash, hash, StringComparison.Ordinal))
            {
                Sql.Audit(connection, transaction, now, actor, AuditActions.RunLineChanged, run.Job.Tenant, run.RunId, $"line descriptor {known.Hash} -> {hash}");
            }

            counted = known.Counted;
            IReadOnlyList<(long Root, string? Station)> crashed = CrashCounts.Count(connection, transaction, run, ledger.Path, counted, start);
            if (crashed.Count > 0)
            {
                Sql.Audit(connection, transaction, now, actor, AuditActions.RunCrashesCounted, run.Job.Tenant, run.RunId, CrashCounts.Describe(start, crashed));
            }

            (suspects, refused) = CrashCounts.Load(connection, transaction, run, options.CrashLimit ?? ledger.Options.CrashLimit);
        }
        else
        {
            start = 1;
            Sql.Execute(
                connection,
                transaction,
                """
                INSERT INTO runs (run_id, line, line_type, line_hash, input_type, job_id, tenant, job, provenance, status, started, last_started, starts)
                VALUES ($run, $line, $line_type, $hash, $input_type, $job_id, $tenant, $job, $level, 'running', $now, $now, 1)
                """,
                ("$run", run.RunId),
                ("$line", run.Line.Name),
                ("$line_type", run.Line.TypeName),
                ("$hash", hash),
                ("$input_type", run.Line.InputType),
                ("$job_id", run.Job.Id),
                ("$tenant", run.Job.Tenant),
                ("$job", JobJson.Write(run.Job, Redactor)),
                ("$level", Names.Of(Level)),
                ("$now", now));
            if (options.Replay is { } replay)
            {
                Claim(connection, transaction, run, replay, now);
            }
        }

        flight = OpenFlight(run, start);
        transaction.Commit();
        CrashCounts.Forget(ledger.Path, run.RunId, counted, start);
        return (start, finished);
    }

    /// <summary>This start's flight file, made before the start commits: a run that cannot have one does not start.</summary>
    private FlightFile OpenFlight(RunInfo run, int start)
    {
        string path = FlightFile.PathOf(ledger.Path, run.RunId, start);
        try
        {
            return FlightFile.Create(path, FlightRecorder.SlotCount(run.Line), start);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new LedgerException(
                $"Run '{run.RunId}' cannot start: the ledger cannot write its flight recorder file {path} ({exception.Message}). "
                + "It lives next to the ledger's file: give the process write access there.",
                exception);
        }
    }

    /// <summary>
    /// Refuses the run while another holder's lease is live; takes it over (audited) once it expired, or
    /// at once when the holder was a process on this host that has ended (a restart after a crash).
    /// </summary>
    private void TakeLease(SqliteConnection connection, SqliteTransaction transaction, RunInfo run, DateTimeOffset now, string actor)
    {
        if (RunLease.Read(connection, transaction, run.RunId) is { } held && held.Instance != ledger.Instance)
        {
            bool ended = RunLease.HolderEnded(held);
            if (held.Expires > now && !ended)
            {
                throw RunLease.Refusal(run.RunId, held);
            }

            Sql.Audit(
                connection,
                transaction,
                Time.Text(now),
                actor,
                AuditActions.RunLeaseTakenOver,
                run.Job.Tenant,
                run.RunId,
                $"from {held.Holder} (instance {held.Instance}), holder since {Time.Text(held.Acquired)}, last heartbeat {Time.Text(held.Heartbeat)}, "
                + (ended && held.Expires > now ? $"whose process has ended (its lease ran to {Time.Text(held.Expires)})" : $"expired {Time.Text(held.Expires)}"));
        }

        RunLease.Take(connection, transaction, run.RunId, ledger, now);
    }

    private static (string LineType, string Tenant, string Hash, int Starts, int Counted)? FindRun(SqliteConnection connection, SqliteTransaction transaction, string runId)
    {
        using SqliteCommand command = Sql.Command(connection, transaction, "SELECT line_type, tenant, line_hash, starts, crashes_counted FROM runs WHERE run_id = $run", ("$run", runId));
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4)) : null;
    }

    private static HashSet<long> DoneInputs(SqliteConnection connection, SqliteTransaction transaction, string runId)
    {
        var finished = new HashSet<long>();
        using SqliteCommand command = Sql.Command(connection, transaction, "SELECT sequence FROM inputs WHERE run_id = $run AND outcome IS NOT NULL", ("$run", runId));
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            finished.Add(reader.GetInt64(0));
        }

        return finished;
    }

    /// <summary>Claims the replay's dead letters for this run: checked, marked, linked and audited in the start's transaction.</summary>
    private void Claim(SqliteConnection connection, SqliteTransaction transaction, RunInfo run, ReplayRequest replay, string now)
    {
        foreach (long id in replay.Candidates)
        {
            string? problem = null;
            using (SqliteCommand find = Sql.Command(connection, transaction, "SELECT status, input_status, input_type, tenant FROM dead_letters WHERE id = $id", ("$id", id)))
            using (SqliteDataReader reader = find.ExecuteReader())
            {
                if (!reader.Read())
                {
                    problem = $"there is no dead letter {id}";
                }
                else if (reader.GetString(0) != Names.Of(DeadLetterStatus.Open))
                {
                    problem = $"dead letter {id} is {reader.GetString(0)}, not open";
                }
                else if (reader.GetString(1) != Names.Of(DeadLetterInputStatus.Serialized))
                {
                    problem = $"the ledger does not hold the input of dead letter {id} ({reader.GetString(1)})";
                }
                else if (!string.Equals(reader.GetString(2), run.Line.InputType, StringComparison.Ordinal))
                {
                    problem = $"dead letter {id} holds a {reader.GetString(2)}; line '{run.Line.Name}' takes {run.Line.InputType}";
                }
                else if (!string.Equals(reader.GetString(3), run.Job.Tenant, StringComparison.Ordinal))
                {
                    problem = $"dead letter {id} belongs to tenant '{reader.GetString(3)}', the run to tenant '{run.Job.Tenant}'";
                }
            }

            if (problem is not null)
            {
                if (replay.Strict)
                {
                    throw new LedgerException($"Cannot replay: {problem}.");
                }

                replay.Skip(id, problem);
                continue;
            }

            int sequence = replay.Claimed.Count;
            Sql.Execute(
                connection,
                transaction,
                "UPDATE dead_letters SET status = 'replayed', resolved_by = $actor, resolved_at = $now, reason = $reason, replay_run = $run WHERE id = $id AND status = 'open'",
                ("$actor", replay.Actor),
                ("$now", now),
                ("$reason", Redactor.Redact(replay.Reason)),
                ("$run", run.RunId),
                ("$id", id));
            Sql.Execute(
                connection,
                transaction,
                "INSERT INTO replays (run_id, sequence, dead_letter_id) VALUES ($run, $sequence, $id)",
                ("$run", run.RunId),
                ("$sequence", sequence),
                ("$id", id));
            string detail = string.Create(CultureInfo.InvariantCulture, $"replayed as input {sequence} of run {run.RunId} through line {run.Line.Name}");
            if (replay.Reason is { Length: > 0 } reason)
            {
                detail += "; reason: " + reason;
            }

            Sql.Audit(connection, transaction, now, replay.Actor, AuditActions.DeadLetterReplayed, run.Job.Tenant, DeadLetterTarget(id), Redactor.Redact(detail));
            replay.Claim(id);
        }
    }

    internal static string DeadLetterTarget(long id) => string.Create(CultureInfo.InvariantCulture, $"dead-letter:{id}");
}
