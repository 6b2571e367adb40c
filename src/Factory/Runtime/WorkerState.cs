using System;
using System.Threading;

namespace Factory.Runtime;

/// <summary>
/// What one worker keeps between materials: its context, its output buffer and outbox, its counts,
/// its waiter, and the timeout source it reuses across attempts (reset, not reallocated, when it did
/// not fire).
/// </summary>
internal sealed class WorkerState<TOut>(RunState run, StationDescriptor station, WorkerCounts counts, IDownstream<TOut> downstream) : IDisposable
{
    private CancellationTokenSource? timeout;

    public StationContext Context { get; } = new(station, run.Job, counts) { Flight = run.FlightSlotsFor(station) };

    /// <summary>Where the worker notes the material it works on, when the run keeps a flight recorder.</summary>
    public FlightSlots? Flight => Context.Flight;

    public OutputBuffer<TOut> Outputs { get; private set; } = new();

    /// <summary>Where outputs go: the outbox to the next belt, or the stations fused into this worker.</summary>
    public IDownstream<TOut> Outbox { get; } = downstream;

    public ReusableWaiter Waiter { get; } = new();

    public WorkerCounts Counts { get; } = counts;

    public bool TimedOut => timeout is { IsCancellationRequested: true };

    public CancellationToken BeginAttempt(CancellationToken runToken, int timeoutMs)
    {
        if (timeoutMs <= 0)
        {
            return runToken;
        }

        timeout ??= CancellationTokenSource.CreateLinkedTokenSource(runToken);
        timeout.CancelAfter(timeoutMs);
        return timeout.Token;
    }

    public void EndAttempt()
    {
        if (timeout is not null && !timeout.TryReset())
        {
            timeout.Dispose();
            timeout = null;
        }
    }

    /// <summary>An abandoned attempt may still add to its buffer later: give the next attempt a new one.</summary>
    public void AbandonOutputs() => Outputs = new OutputBuffer<TOut>();

    public void Dispose() => timeout?.Dispose();
}
