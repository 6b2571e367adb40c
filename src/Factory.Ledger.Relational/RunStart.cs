using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;

namespace Factory.Ledger.Relational;

/// <summary>
/// One start of a run, recorded synchronously in one durable transaction before any material moves:
/// the run's lease taken (<see cref="RunLease"/>); for a new run its row and a replay's claims; for a
/// resume the checks that it is the same line class and tenant, the audit entries, the inputs that
/// already have their outcome and the crashes the earlier starts' flight files record
/// (<see cref="CrashCounts"/>); then this start's flight file. The recorder keeps what it found.
/// </summary>
internal sealed class RunStart
{
    private readonly RelationalLedger ledger;
    private readonly LedgerObserveOptions options;
    private readonly RunInfo run;
    private readonly ProvenanceLevel level;
    private readonly SecretRedactor redactor;

    // The last start whose flight file has been counted, before this one counted the rest.
    private int counted;

    private RunStart(RelationalLedger ledger, LedgerObserveOptions options, RunInfo run, ProvenanceLevel level, SecretRedactor redactor)
    {
        this.ledger = ledger;
        this.options = options;
        this.run = run;
        this.level = level;
        this.redactor = redactor;
    }

    /// <summary>Which start of the run this is: 1 for a new run.</summary>
    public int Number { get; private set; }

    /// <summary>The inputs an earlier start gave their outcome (a resume only).</summary>
    public HashSet<long>? Done { get; private set; }

    /// <summary>Inputs that crashed the process fewer times than the limit: they run alone.</summary>
    public HashSet<long>? Suspects { get; private set; }

    /// <summary>Inputs at the crash limit: refused at the entry, as dead letters.</summary>
    public Dictionary<long, EntryRefusal>? Refused { get; private set; }

    /// <summary>This start's flight recorder; the caller disposes it at the run's end.</summary>
    public FlightFile Flight { get; private set; } = null!;

    /// <summary>Records the start of <paramref name="run"/>; throws when it may not start (held elsewhere, another line or tenant).</summary>
    public static RunStart Record(RelationalLedger ledger, LedgerObserveOptions options, RunInfo run, ProvenanceLevel level, SecretRedactor redactor)
    {
        var start = new RunStart(ledger, options, run, level, redactor);
        start.Record();
        return start;
    }

    private void Record()
    {
        DateTimeOffset clock = ledger.Settings.Clock.GetUtcNow();
        string now = Time.Text(clock);
        string hash = LineFingerprint.Sha256(run.Line);
        string actor = options.Actor ?? ledger.Settings.DefaultActor;
        using DbConnection connection = ledger.Store.OpenConnection();

        // Two processes starting the run take turns, and the second finds the first's lease.
        using DbTransaction transaction = ledger.Store.BeginWrite(connection, run.RunId);
        TakeLease(connection, transaction, clock, actor);
        if (FindRun(connection, transaction, run.RunId) is { } known)
        {
            Resume(connection, transaction, known, now, hash, actor);
        }
        else
        {
            Create(connection, transaction, now, hash);
        }

        Flight = OpenFlight();
        try
        {
            transaction.Commit();
            CrashCounts.Forget(ledger.Store.FlightFolder, run.RunId, counted, Number);
        }
        catch
        {
            Flight.Dispose();
            throw;
        }
    }

    /// <summary>A start of a run the ledger knows: the same line class and tenant only; its crashes counted.</summary>
    private void Resume(DbConnection connection, DbTransaction transaction, (string LineType, string Tenant, string Hash, int Starts, int Counted) known, string now, string hash, string actor)
    {
        if (options.Replay is not null)
        {
            throw new LedgerException($"A replay needs a new run id; run '{run.RunId}' exists.");
        }

        // A replay run's letters that it did not finish are open again once it ends: started again, it would take them twice.
        using DbCommand replayed = Sql.Command(connection, transaction, "SELECT 1 FROM replays WHERE run_id = @run", ("@run", run.RunId));
        if (replayed.ExecuteScalar() is not null)
        {
            throw new LedgerException($"Run '{run.RunId}' is a replay of dead letters; it is not started again. Replay the letters that are open again in a new run.");
        }

        if (!string.Equals(known.LineType, run.Line.TypeName, StringComparison.Ordinal))
        {
            throw new LedgerException($"Run '{run.RunId}' is a run of line '{known.LineType}'; it cannot be resumed with line '{run.Line.TypeName}'.");
        }

        if (!string.Equals(known.Tenant, run.Job.Tenant, StringComparison.Ordinal))
        {
            throw new LedgerException($"Run '{run.RunId}' belongs to tenant '{known.Tenant}'; it cannot be resumed for tenant '{run.Job.Tenant}'.");
        }

        Number = known.Starts + 1;
        Sql.Execute(
            connection,
            transaction,
            "UPDATE runs SET status = 'running', starts = @starts, last_started = @now, ended = NULL, error = NULL, line_hash = @hash, provenance = @level, job_id = @job_id, job = @job WHERE run_id = @run",
            ("@starts", Number),
            ("@now", now),
            ("@hash", hash),
            ("@level", Names.Of(level)),
            ("@job_id", run.Job.Id),
            ("@job", JobJson.Write(run.Job, redactor)),
            ("@run", run.RunId));
        Done = DoneInputs(connection, transaction, run.RunId);
        Sql.Audit(connection, transaction, now, actor, AuditActions.RunResumed, run.Job.Tenant, run.RunId, redactor.Redact($"start {Number} of line {run.Line.Name}; {Done.Count} inputs already have their outcome"));
        if (!string.Equals(known.Hash, hash, StringComparison.Ordinal))
        {
            Sql.Audit(connection, transaction, now, actor, AuditActions.RunLineChanged, run.Job.Tenant, run.RunId, $"line descriptor {known.Hash} -> {hash}");
        }

        counted = known.Counted;
        IReadOnlyList<(long Root, string? Station)> crashed = CrashCounts.Count(connection, transaction, run, ledger.Store.FlightFolder, counted, Number);
        if (crashed.Count > 0)
        {
            Sql.Audit(connection, transaction, now, actor, AuditActions.RunCrashesCounted, run.Job.Tenant, run.RunId, CrashCounts.Describe(Number, crashed));
        }

        (Suspects, Refused) = CrashCounts.Load(connection, transaction, run, options.CrashLimit ?? ledger.Settings.CrashLimit);
    }

    /// <summary>The first start of a run: its row, and a replay's claims on its dead letters.</summary>
    private void Create(DbConnection connection, DbTransaction transaction, string now, string hash)
    {
        Number = 1;
        Sql.Execute(
            connection,
            transaction,
            """
            INSERT INTO runs (run_id, line, line_type, line_hash, input_type, job_id, tenant, job, provenance, status, started, last_started, starts)
            VALUES (@run, @line, @line_type, @hash, @input_type, @job_id, @tenant, @job, @level, 'running', @now, @now, 1)
            """,
            ("@run", run.RunId),
            ("@line", run.Line.Name),
            ("@line_type", run.Line.TypeName),
            ("@hash", hash),
            ("@input_type", run.Line.InputType),
            ("@job_id", run.Job.Id),
            ("@tenant", run.Job.Tenant),
            ("@job", JobJson.Write(run.Job, redactor)),
            ("@level", Names.Of(level)),
            ("@now", now));
        if (options.Replay is { } replay)
        {
            DeadLetterResolution.ClaimForReplay(connection, transaction, run, replay, now, redactor);
        }
    }

    /// <summary>This start's flight file, made before the start commits: a run that cannot have one does not start.</summary>
    private FlightFile OpenFlight()
    {
        string path = FlightFile.PathIn(ledger.Store.FlightFolder, run.RunId, Number);
        try
        {
            return FlightFile.Create(path, FlightRecorder.SlotCount(run.Line), Number);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new LedgerException(
                $"Run '{run.RunId}' cannot start: the ledger cannot write its flight recorder file {path} ({exception.Message}). "
                + ledger.Store.FlightFolderHint,
                exception);
        }
    }

    /// <summary>
    /// Refuses the run while another holder's lease is live; takes it over (audited) once it expired, or
    /// at once when the holder was a process on this host that has ended (a restart after a crash).
    /// </summary>
    private void TakeLease(DbConnection connection, DbTransaction transaction, DateTimeOffset now, string actor)
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

    private static (string LineType, string Tenant, string Hash, int Starts, int Counted)? FindRun(DbConnection connection, DbTransaction transaction, string runId)
    {
        using DbCommand command = Sql.Command(connection, transaction, "SELECT line_type, tenant, line_hash, starts, crashes_counted FROM runs WHERE run_id = @run", ("@run", runId));
        using DbDataReader reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4)) : null;
    }

    private static HashSet<long> DoneInputs(DbConnection connection, DbTransaction transaction, string runId)
    {
        var finished = new HashSet<long>();
        using DbCommand command = Sql.Command(connection, transaction, "SELECT sequence FROM inputs WHERE run_id = @run AND outcome IS NOT NULL", ("@run", runId));
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            finished.Add(reader.GetInt64(0));
        }

        return finished;
    }
}
