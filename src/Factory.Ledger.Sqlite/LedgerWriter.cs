using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// The ledger's one writer: a dedicated thread drains a channel of events and writes them in
/// batches, one transaction per batch, with prepared statements. A batch that can give an input its
/// outcome, or holds a dead letter or a run's end, commits with the durable <c>synchronous</c>
/// setting; a batch of provenance only with the lighter one. Events of one run are written in the
/// order they were observed, so an input's outcome is never committed before the records it rests on.
/// When more than <see cref="SqliteLedgerOptions.MaxPending"/> events wait, posting threads wait
/// too. A failed batch stops the writer for good: later events are dropped, and every run's end,
/// every flush and every new run report the failure. Each batch first checks, in its transaction,
/// that this ledger still holds the lease of every run it writes for: a run another process took
/// over gets nothing more written (<see cref="RunLease"/>).
/// </summary>
internal sealed class LedgerWriter : IDisposable
{
    private readonly Channel<LedgerEvent> queue = Channel.CreateUnbounded<LedgerEvent>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,

        // The writer thread blocks on WaitToReadAsync; completing it inline wakes the thread without the thread pool.
        AllowSynchronousContinuations = true,
    });

    private readonly SqliteLedgerOptions options;
    private readonly SqliteConnection connection;
    private readonly Thread thread;
    private readonly object gate = new();
    private readonly Statement begin;
    private readonly Statement commit;
    private readonly Statement rollback;
    private readonly Statement insertInput;
    private readonly Statement finishInput;
    private readonly Statement insertMaterial;
    private readonly Statement materialOutcome;
    private readonly Statement insertExecution;
    private readonly Statement insertDeadLetter;
    private readonly Statement endRun;
    private readonly Statement leaseHolder;
    private readonly Statement releaseLease;
    private readonly string instance;
    private readonly HashSet<RunRecorder> leasesChecked = [];
    private long pending;
    private int waiting;
    private volatile Exception? fault;
    private SqliteSynchronous? synchronous;
    private string now = string.Empty;

    public LedgerWriter(SqliteConnection connection, SqliteLedgerOptions options, string instance)
    {
        this.connection = connection;
        this.options = options;
        this.instance = instance;
        begin = new Statement(connection, "BEGIN IMMEDIATE");
        commit = new Statement(connection, "COMMIT");
        rollback = new Statement(connection, "ROLLBACK");
        insertInput = new Statement(
            connection,
            """
            INSERT INTO inputs (run_id, sequence, material_id, input_hash, entries) VALUES ($run, $sequence, $id, $hash, 1)
            ON CONFLICT (run_id, sequence) DO UPDATE SET entries = entries + 1, input_hash = coalesce(excluded.input_hash, input_hash)
            """,
            "$run",
            "$sequence",
            "$id",
            "$hash");
        finishInput = new Statement(
            connection,
            """
            INSERT INTO inputs (run_id, sequence, material_id, entries, outcome, delivered, dead_lettered, discarded, finished, finished_start)
            VALUES ($run, $sequence, $id, 0, $outcome, $delivered, $dead, $discarded, $finished, $start)
            ON CONFLICT (run_id, sequence) DO UPDATE SET outcome = excluded.outcome, delivered = excluded.delivered,
                dead_lettered = excluded.dead_lettered, discarded = excluded.discarded, finished = excluded.finished,
                finished_start = excluded.finished_start
            WHERE inputs.outcome IS NULL
            """,
            "$run",
            "$sequence",
            "$id",
            "$outcome",
            "$delivered",
            "$dead",
            "$discarded",
            "$finished",
            "$start");
        insertMaterial = new Statement(
            connection,
            "INSERT INTO materials (run_id, id, parent_id, root, sequence, input_hash) VALUES ($run, $id, $parent, $root, $sequence, $hash) ON CONFLICT DO NOTHING",
            "$run",
            "$id",
            "$parent",
            "$root",
            "$sequence",
            "$hash");
        materialOutcome = new Statement(
            connection,
            """
            INSERT INTO materials (run_id, id, parent_id, root, sequence, outcome, station) VALUES ($run, $id, $parent, $root, $sequence, $outcome, $station)
            ON CONFLICT (run_id, id) DO UPDATE SET outcome = excluded.outcome, station = coalesce(excluded.station, station)
            """,
            "$run",
            "$id",
            "$parent",
            "$root",
            "$sequence",
            "$outcome",
            "$station");
        insertExecution = new Statement(
            connection,
            """
            INSERT INTO executions (run_id, material_id, root, station, station_version, attempt, started_us, duration_us, outcome,
                exception_type, message, model, input_tokens, output_tokens, start_no)
            VALUES ($run, $id, $root, $station, $version, $attempt, $started, $duration, $outcome, $type, $message, $model, $in, $out, $start)
            """,
            "$run",
            "$id",
            "$root",
            "$station",
            "$version",
            "$attempt",
            "$started",
            "$duration",
            "$outcome",
            "$type",
            "$message",
            "$model",
            "$in",
            "$out",
            "$start");
        insertDeadLetter = new Statement(
            connection,
            """
            INSERT INTO dead_letters (run_id, tenant, job_id, line, material_id, parent_id, root, station, station_version, attempts,
                exception_type, message, time, input_type, input_clr_type, input_status, input_json, status)
            VALUES ($run, $tenant, $job, $line, $id, $parent, $root, $station, $version, $attempts, $type, $message, $time,
                $input_type, $clr_type, $input_status, $json, 'open')
            ON CONFLICT (run_id, material_id, station) DO UPDATE SET attempts = excluded.attempts, exception_type = excluded.exception_type,
                message = excluded.message, time = excluded.time, input_type = excluded.input_type, input_clr_type = excluded.input_clr_type,
                input_status = excluded.input_status, input_json = excluded.input_json
            WHERE dead_letters.status = 'open'
            """,
            "$run",
            "$tenant",
            "$job",
            "$line",
            "$id",
            "$parent",
            "$root",
            "$station",
            "$version",
            "$attempts",
            "$type",
            "$message",
            "$time",
            "$input_type",
            "$clr_type",
            "$input_status",
            "$json");
        endRun = new Statement(
            connection,
            "UPDATE runs SET status = $status, ended = $ended, error = $error WHERE run_id = $run",
            "$status",
            "$ended",
            "$error",
            "$run");
        leaseHolder = new Statement(connection, "SELECT instance FROM leases WHERE run_id = $run", "$run");
        releaseLease = new Statement(connection, "DELETE FROM leases WHERE run_id = $run AND instance = $instance", "$run", "$instance");
        thread = new Thread(Run) { IsBackground = true, Name = "Factory ledger writer" };
        thread.Start();
    }

    /// <summary>Why the writer stopped, if it did.</summary>
    public Exception? Fault => fault;

    /// <summary>
    /// Queues an event; waits only when the writer is <see cref="SqliteLedgerOptions.MaxPending"/> events behind.
    /// False when the ledger is closed (the event is dropped; the run's end reports it).
    /// </summary>
    public bool Post(in LedgerEvent item)
    {
        if (!queue.Writer.TryWrite(item))
        {
            return false;
        }

        if (Interlocked.Increment(ref pending) > options.MaxPending)
        {
            WaitForRoom();
        }

        return true;
    }

    /// <summary>Completes once everything queued before it is committed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite(new LedgerEvent(LedgerEventKind.Flush, null, default, 0, signal)))
        {
            throw new ObjectDisposedException(nameof(SqliteLedger));
        }

        Interlocked.Increment(ref pending);
        await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        thread.Join();
        foreach (Statement statement in new[] { begin, commit, rollback, insertInput, finishInput, insertMaterial, materialOutcome, insertExecution, insertDeadLetter, endRun, leaseHolder, releaseLease })
        {
            statement.Dispose();
        }

        connection.Dispose();
    }

    private void WaitForRoom()
    {
        lock (gate)
        {
            waiting++;
            try
            {
                while (Volatile.Read(ref pending) > options.MaxPending && thread.IsAlive)
                {
                    Monitor.Wait(gate, 100);
                }
            }
            finally
            {
                waiting--;
            }
        }
    }

    private void Run()
    {
        var batch = new List<LedgerEvent>(options.BatchSize);
        ChannelReader<LedgerEvent> reader = queue.Reader;
        while (true)
        {
            while (batch.Count < options.BatchSize && reader.TryRead(out LedgerEvent item))
            {
                batch.Add(item);
            }

            if (batch.Count == 0)
            {
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    break;
                }

                continue;
            }

            Exception? error = fault;
            if (error is null)
            {
                try
                {
                    Write(batch);
                }
                catch (Exception exception)
                {
                    error = new LedgerException($"The ledger's writer failed and stopped: {exception.Message}", exception);
                    fault = error;
                }
            }

            Signal(batch, error);
            batch.Clear();
        }
    }

    private void Write(List<LedgerEvent> batch)
    {
        bool durable = false;
        foreach (LedgerEvent item in batch)
        {
            durable |= item.IsDurable;
        }

        SetSynchronous(durable ? options.DurableSynchronous : options.ProvenanceSynchronous);
        now = Time.Text(options.Clock.GetUtcNow());
        begin.Execute();
        try
        {
            CheckLeases(batch);
            foreach (LedgerEvent item in batch)
            {
                Apply(item);
            }

            commit.Execute();
        }
        catch
        {
            try
            {
                rollback.Execute();
            }
            catch (SqliteException)
            {
                // SQLite may already have rolled the transaction back.
            }

            throw;
        }
    }

    /// <summary>
    /// Marks every run of the batch whose lease another holder has taken (or that no one holds any
    /// more) as lost, inside the batch's transaction: a take-over commits before this batch or after it.
    /// </summary>
    private void CheckLeases(List<LedgerEvent> batch)
    {
        leasesChecked.Clear();
        foreach (LedgerEvent item in batch)
        {
            if (item.Run is not { } run || run.LeaseLost is not null || !leasesChecked.Add(run))
            {
                continue;
            }

            if (leaseHolder.Scalar(run.RunId) is not string holder || holder != instance)
            {
                run.LoseLease(RunLease.Read(connection, null, run.RunId));
            }
        }
    }

    private void Signal(List<LedgerEvent> batch, Exception? error)
    {
        foreach (LedgerEvent item in batch)
        {
            if (item.Payload is RunEnd end && item.Kind == LedgerEventKind.Ended)
            {
                end.Error = error;
                end.Written.Set();
            }
            else if (item.Payload is TaskCompletionSource flush && item.Kind == LedgerEventKind.Flush)
            {
                if (error is null)
                {
                    flush.TrySetResult();
                }
                else
                {
                    flush.TrySetException(error);
                }
            }
        }

        Interlocked.Add(ref pending, -batch.Count);
        if (Volatile.Read(ref waiting) > 0)
        {
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        }
    }

    private void SetSynchronous(SqliteSynchronous wanted)
    {
        if (synchronous != wanted)
        {
            using var pragma = new Statement(connection, "PRAGMA synchronous = " + Names.Of(wanted));
            pragma.Execute();
            synchronous = wanted;
        }
    }

    private void Apply(in LedgerEvent item)
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

                string? hash = materials ? Hash(run, item.Payload) : null;
                insertInput.Execute(run.RunId, material.Root, material.Id, hash);
                if (materials)
                {
                    insertMaterial.Execute(run.RunId, material.Id, material.ParentId, material.Root, material.Sequence, hash);
                }

                break;

            case LedgerEventKind.Executed:
                StationExecution execution = item.Execution;
                insertExecution.Execute(
                    run.RunId,
                    material.Id,
                    material.Root,
                    execution.Station.Path,
                    execution.Station.Version,
                    execution.Attempt,
                    Time.Micros(execution.Started),
                    execution.Duration.Ticks / 10,
                    Names.Of(execution.Outcome),
                    execution.ExceptionType,
                    run.Redactor.Redact(execution.Message),
                    execution.Model,
                    execution.InputTokens,
                    execution.OutputTokens,
                    run.Start);
                break;

            case LedgerEventKind.Split:
                var station = (StationDescriptor)item.Payload!;
                if (materials)
                {
                    materialOutcome.Execute(run.RunId, material.Id, material.ParentId, material.Root, material.Sequence, Names.Of(MaterialOutcome.Split), station.Path);
                    for (int i = 0; i < item.Count; i++)
                    {
                        insertMaterial.Execute(run.RunId, MaterialIds.Child(material.Id, i), material.Id, material.Root, i, null);
                    }
                }

                Finish(run, run.Tracker.Split(material.Root, station, item.Count));
                break;

            case LedgerEventKind.Gathered:
                Finish(run, run.Tracker.Gathered(material.Root, item.Count));
                break;

            case LedgerEventKind.Delivered:
                if (materials)
                {
                    materialOutcome.Execute(run.RunId, material.Id, material.ParentId, material.Root, material.Sequence, Names.Of(MaterialOutcome.Delivered), null);
                }

                Finish(run, run.Tracker.Delivered(material.Root));
                break;

            case LedgerEventKind.DeadLettered:
                var letter = (DeadLetter)item.Payload!;
                WriteDeadLetter(run, letter);
                if (materials)
                {
                    materialOutcome.Execute(run.RunId, material.Id, material.ParentId, material.Root, material.Sequence, Names.Of(MaterialOutcome.DeadLettered), letter.Station);
                }

                Finish(run, run.Tracker.DeadLettered(material.Root, RefusedAtEntry(letter) ? RootTracker.EntryStation : letter.Station));
                break;

            case LedgerEventKind.Discarded:
                var discarded = (DiscardedMaterial)item.Payload!;
                if (materials)
                {
                    materialOutcome.Execute(run.RunId, material.Id, material.ParentId, material.Root, material.Sequence, Names.Of(MaterialOutcome.Discarded), discarded.Station);
                }

                Finish(run, run.Tracker.Discarded(material.Root));
                break;

            case LedgerEventKind.Ended:
                var end = (RunEnd)item.Payload!;
                endRun.Execute(Names.Of(end.Status), now, end.Message, run.RunId);
                releaseLease.Execute(run.RunId, instance);
                break;

            default:
                throw new InvalidOperationException($"Unknown ledger event {item.Kind}.");
        }
    }

    private void Finish(RunRecorder run, RootOutcome? done)
    {
        if (done is not { } outcome)
        {
            return;
        }

        finishInput.Execute(
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
        (DeadLetterInputStatus status, string? json, string? clrType) = SerializeInput(run, letter);
        insertDeadLetter.Execute(
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
            run.Redactor.Redact(letter.Message),
            Time.Text(letter.Time),
            InputTypeOf(run, letter),
            clrType,
            Names.Of(status),
            json);
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

    private static (DeadLetterInputStatus Status, string? Json, string? ClrType) SerializeInput(RunRecorder run, DeadLetter letter)
    {
        object? value = letter.Input;
        if (value is null)
        {
            return (DeadLetterInputStatus.None, null, null);
        }

        Type type = value.GetType();
        string clrType = type.FullName ?? type.Name;
        if (run.Json is null)
        {
            return (DeadLetterInputStatus.NoResolver, null, clrType);
        }

        try
        {
            if (!run.Json.TryGetTypeInfo(type, out JsonTypeInfo? info))
            {
                return (DeadLetterInputStatus.TypeNotInResolver, null, clrType);
            }

            return (DeadLetterInputStatus.Serialized, run.Redactor.Redact(JsonSerializer.Serialize(value, info)), clrType);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return (DeadLetterInputStatus.SerializationFailed, run.Redactor.Redact($"{exception.GetType().FullName}: {exception.Message}"), clrType);
        }
    }

    /// <summary>SHA-256 of the input's JSON with secrets redacted; null when its type is not in the resolver.</summary>
    private static string? Hash(RunRecorder run, object? value)
    {
        if (run.Json is null || value is null)
        {
            return null;
        }

        try
        {
            if (!run.Json.TryGetTypeInfo(value.GetType(), out JsonTypeInfo? info))
            {
                return null;
            }

            byte[] json = JsonSerializer.SerializeToUtf8Bytes(value, info);
            if (!run.Redactor.IsEmpty)
            {
                json = Encoding.UTF8.GetBytes(run.Redactor.Redact(Encoding.UTF8.GetString(json)));
            }

            return Convert.ToHexStringLower(SHA256.HashData(json));
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A prepared statement with its parameters in order.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly SqliteCommand command;
        private readonly SqliteParameter[] parameters;

        public Statement(SqliteConnection connection, string text, params string[] names)
        {
            command = connection.CreateCommand();
            command.CommandText = text;
            parameters = new SqliteParameter[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                parameters[i] = command.Parameters.Add(new SqliteParameter { ParameterName = names[i], Value = DBNull.Value });
            }
        }

        public void Execute(params object?[] values)
        {
            Bind(values);
            command.ExecuteNonQuery();
        }

        public object? Scalar(params object?[] values)
        {
            Bind(values);
            return command.ExecuteScalar();
        }

        public void Dispose() => command.Dispose();

        private void Bind(object?[] values)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }
    }
}
