using System;
using System.Collections.Generic;
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
/// posting threads wait too. A failed batch stops the writer for good: later events are dropped, and every run's end,
/// every flush and every new run report the failure. Each batch first checks, in its transaction,
/// that this ledger still holds the lease of every run it writes for: a run another process took
/// over gets nothing more written (<see cref="RunLease"/>).
/// </summary>
internal sealed class LedgerWriter : IDisposable
{
    private readonly EventQueue queue = new();

    private readonly RecorderSettings options;
    private readonly string ledgerName;
    private readonly Thread thread;
    private readonly object gate = new();
    private readonly BatchWriter sink;
    private readonly EventRows rows;
    private readonly string instance;
    private readonly HashSet<RunRecorder> leasesChecked = [];
    private long pending;
    private int waiting;
    private volatile Exception? fault;

    public LedgerWriter(RelationalLedger ledger)
    {
        options = ledger.Settings;
        instance = ledger.Instance;
        ledgerName = ledger.TypeName;
        sink = ledger.Store.CreateBatchWriter(options);
        rows = new EventRows(sink, instance);
        thread = new Thread(Run) { IsBackground = true, Name = "Factory ledger writer" };
        thread.Start();
    }

    /// <summary>Why the writer stopped, if it did.</summary>
    public Exception? Fault => fault;

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
        sink.Dispose();
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
        foreach (ref readonly LedgerEvent item in CollectionsMarshal.AsSpan(batch))
        {
            durable |= item.IsDurable;
        }

        string now = Time.Text(options.Clock.GetUtcNow());
        sink.Begin(durable);
        try
        {
            CheckLeases(batch);
            rows.WriteBatch(batch, now);
            sink.Commit();
        }
        catch
        {
            sink.Rollback();
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
        foreach (ref readonly LedgerEvent item in CollectionsMarshal.AsSpan(batch))
        {
            if (item.Run is not { } run || run.LeaseLost is not null || !leasesChecked.Add(run))
            {
                continue;
            }

            if (sink.LeaseHolder(run.RunId) is not string holder || holder != instance)
            {
                run.LoseLease(RunLease.Read(sink.Connection, sink.Transaction, run.RunId));
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
