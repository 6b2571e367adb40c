using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Relational;

/// <summary>
/// The ledger's one writer: a dedicated thread drains a queue of events (<see cref="EventQueue"/>) and writes them in
/// batches, one transaction per batch (the rows each event makes are <see cref="EventRows"/>', the
/// store's <see cref="BatchWriter"/> writes them). A batch that can give an input its outcome, or
/// holds a dead letter or a run's end, is begun as durable; a batch of provenance only may commit
/// with a lighter setting where the store has one (SQLite's <c>synchronous</c>). Events of one run
/// are written in the order they were observed, so an input's outcome is never committed before the
/// records it rests on. When more than <see cref="RecorderSettings.MaxPending"/> events wait,
/// posting threads wait too. A batch the database fails with a transient error (<see cref="LedgerStore.IsTransient"/>:
/// busy, restarting, unreachable) is rolled back and written again, the same rows (<see cref="BatchJournal"/>), on a
/// new connection, after 100 ms, then twice as long each time up to 5 s, for up to
/// <see cref="RecorderSettings.ReconnectWait"/>; meanwhile the stations wait on <see cref="RecorderSettings.MaxPending"/>.
/// Any other failed batch, or one past that wait, stops the writer for good: later events are dropped, and every run's
/// end, every flush and every new run report the failure. Each batch first checks, in its transaction,
/// that this ledger still holds the lease of every run it writes for: a run another process took
/// over gets nothing more written (<see cref="RunLease"/>).
/// </summary>
internal sealed class LedgerWriter : IDisposable
{
    private readonly EventQueue queue = new();

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(5);

    private readonly RecorderSettings options;
    private readonly LedgerStore store;
    private readonly string ledgerName;
    private readonly Thread thread;
    private readonly object gate = new();
    private readonly BatchJournal journal = new();
    private readonly EventRows rows;
    private readonly HashSet<string> lostRuns = new(StringComparer.Ordinal);
    private BatchWriter? sink;
    private long retries;
    private readonly string instance;
    private readonly HashSet<RunRecorder> batchRuns = [];
    private long pending;
    private int waiting;
    private volatile Exception? fault;

    public LedgerWriter(RelationalLedger ledger)
    {
        options = ledger.Settings;
        instance = ledger.Instance;
        ledgerName = ledger.TypeName;
        store = ledger.Store;
        sink = store.CreateBatchWriter(options);
        rows = new EventRows(journal, instance);
        thread = new Thread(Run) { IsBackground = true, Name = "Factory ledger writer" };
        thread.Start();
    }

    /// <summary>Why the writer stopped, if it did.</summary>
    public Exception? Fault => fault;

    /// <summary>How many times a batch was written again after a transient error.</summary>
    public long Retries => Interlocked.Read(ref retries);

    /// <summary>Events queued and not yet committed (or dropped).</summary>
    public long Pending => Volatile.Read(ref pending);

    /// <summary>
    /// Queues an event; waits only when the writer is <see cref="RecorderSettings.MaxPending"/> events behind.
    /// False when the ledger is closed (the event is dropped; the run's end reports it).
    /// </summary>
    public bool Post(in LedgerEvent item)
    {
        if (!queue.TryWrite(item))
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
        if (!queue.TryWrite(new LedgerEvent(LedgerEventKind.Flush, null, default, 0, signal)))
        {
            throw new ObjectDisposedException(ledgerName);
        }

        Interlocked.Increment(ref pending);
        await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        queue.Complete();
        thread.Join();
        sink?.Dispose();
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
        while (true)
        {
            queue.ReadInto(batch, options.BatchSize);

            if (batch.Count == 0)
            {
                if (!queue.WaitToRead())
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
                catch (LedgerException exception)
                {
                    error = exception;
                    fault = error;
                }
                catch (Exception exception)
                {
                    error = new LedgerException($"The ledger's writer failed and stopped: {store.Explain(exception)}", exception);
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
        bool last = false;
        batchRuns.Clear();
        foreach (ref readonly LedgerEvent item in CollectionsMarshal.AsSpan(batch))
        {
            durable |= item.IsDurable;
            last |= item.Kind is LedgerEventKind.Flush or LedgerEventKind.Ended;
            if (item.Run is { } run)
            {
                batchRuns.Add(run);
            }
        }

        // Rows carried from the last batch are this one's too; rows wait for the next batch only when
        // one follows at once, and never past a flush or a run's end.
        rows.AddCarriedRuns(batchRuns);
        bool carry = !last && queue.HasWaiting;

        string now = Time.Text(options.Clock.GetUtcNow());
        BatchWriter writer = sink!;
        journal.Open(writer);
        try
        {
            writer.Begin(durable);
            CheckLeases(writer);
        }
        catch (Exception exception)
        {
            journal.Fail(exception);
        }

        try
        {
            // Every event becomes its rows once, whether the database takes them now or on a retry.
            rows.WriteBatch(batch, now, carry);
        }
        catch
        {
            RollBack(writer);
            throw;
        }

        if (journal.Failure is null)
        {
            try
            {
                writer.Commit();
                return;
            }
            catch (Exception exception)
            {
                journal.Fail(exception);
            }
        }

        RollBack(writer);
        Exception failure = journal.Failure!;
        if (!store.IsTransient(failure))
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        Retry(durable, failure);
    }

    /// <summary>Rolls a failed batch back; quiet when the connection is gone with it.</summary>
    private void RollBack(BatchWriter writer)
    {
        try
        {
            writer.Rollback();
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException || store.IsTransient(exception))
        {
            // Nothing of the batch was committed; the connection is replaced before the next try.
        }
    }

    /// <summary>
    /// Writes the journal's batch again until the database takes it: a new connection each time, after a
    /// backoff; throws once <see cref="RecorderSettings.ReconnectWait"/> has passed, or at an error that is not transient.
    /// </summary>
    private void Retry(bool durable, Exception cause)
    {
        var waited = Stopwatch.StartNew();
        TimeSpan backoff = FirstBackoff;
        while (true)
        {
            TimeSpan left = options.ReconnectWait - waited.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new LedgerException(
                    $"The ledger {store.LedgerName} could not be written for {waited.Elapsed.TotalSeconds:0.#} s "
                    + $"(ReconnectWait {options.ReconnectWait}), so its writer stopped: {store.Explain(cause).TrimEnd('.')}. "
                    + "Once it is back, start the runs again to resume them.",
                    cause);
            }

            // Whole milliseconds, rounded up: a pause that rounds to zero would spin until the deadline.
            TimeSpan pause = backoff < left ? backoff : left;
            Thread.Sleep((int)Math.Ceiling(pause.TotalMilliseconds));
            backoff = backoff * 2 < LastBackoff ? backoff * 2 : LastBackoff;
            Interlocked.Increment(ref retries);
            BatchWriter? writer = null;
            try
            {
                writer = Reconnect();
                writer.Begin(durable);
                CheckLeases(writer);
                lostRuns.Clear();
                foreach (RunRecorder run in batchRuns)
                {
                    if (run.LeaseLost is not null)
                    {
                        lostRuns.Add(run.RunId);
                    }
                }

                journal.Replay(writer, lostRuns);
                writer.Commit();
                return;
            }
            catch (Exception exception)
            {
                if (writer is not null)
                {
                    RollBack(writer);
                }

                if (!store.IsTransient(exception))
                {
                    throw;
                }

                cause = exception;
            }
        }
    }

    /// <summary>Drops the writer's connection (the database may have closed it) and opens a new one.</summary>
    private BatchWriter Reconnect()
    {
        BatchWriter? old = sink;
        sink = null;
        try
        {
            old?.Dispose();
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException || store.IsTransient(exception))
        {
            // A connection the database already dropped may not close cleanly.
        }

        sink = store.CreateBatchWriter(options);
        return sink;
    }

    /// <summary>
    /// Marks every run of the batch (<see cref="batchRuns"/>) whose lease another holder has taken (or
    /// that no one holds any more) as lost, inside the batch's transaction: a take-over commits before
    /// this batch or after it.
    /// </summary>
    private void CheckLeases(BatchWriter writer)
    {
        foreach (RunRecorder run in batchRuns)
        {
            // A worker that joined a run holds no lease: the run's holder does. A run that ended let its lease go.
            if (run.Joined || run.LeaseLost is not null || run.EndWritten)
            {
                continue;
            }

            if (writer.LeaseHolder(run.RunId) is not string holder || holder != instance)
            {
                run.LoseLease(RunLease.Read(writer.Connection, writer.Transaction, run.RunId));
            }
        }
    }

    private void Signal(List<LedgerEvent> batch, Exception? error)
    {
        foreach (ref readonly LedgerEvent item in CollectionsMarshal.AsSpan(batch))
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
}
