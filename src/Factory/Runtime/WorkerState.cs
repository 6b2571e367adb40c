using System;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// What one worker keeps between materials: its context, its output buffer and outbox, its counts,
/// its waiter, the timeout source it reuses across attempts (reset, not reallocated, when it did
/// not fire), and the attempt it waits for with a timeout, which it may let go of.
/// </summary>
internal sealed class WorkerState<TOut>(RunState run, StationDescriptor station, WorkerCounts counts, IDownstream<TOut> downstream) : IDisposable
{
    private CancellationTokenSource? timeout;
    private Task? waited;

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

    /// <summary>
    /// Waits for an attempt until <paramref name="token"/> is cancelled (its timeout, or the run's
    /// cancel), so an attempt that ignores its token is let go of then. <see cref="EndAttempt"/>
    /// observes the attempt let go of.
    /// </summary>
    public Task WaitOrLetGoAsync(Task attempt, CancellationToken token)
    {
        waited = attempt;
        return attempt.WaitAsync(token);
    }

    /// <inheritdoc cref="WaitOrLetGoAsync(Task, CancellationToken)"/>
    public Task<T> WaitOrLetGoAsync<T>(Task<T> attempt, CancellationToken token)
    {
        waited = attempt;
        return attempt.WaitAsync(token);
    }

    public void EndAttempt()
    {
        if (timeout is not null && !timeout.TryReset())
        {
            timeout.Dispose();
            timeout = null;
        }

        if (waited is not null)
        {
            Observe(waited);
            waited = null;
        }
    }

    /// <summary>An abandoned attempt may still add to its buffer later: give the next attempt a new one.</summary>
    public void AbandonOutputs() => Outputs = new OutputBuffer<TOut>();

    public void Dispose() => timeout?.Dispose();

    /// <summary>
    /// Reads the failure of an attempt nobody awaits any more when it ends, so it does not surface
    /// as an <see cref="TaskScheduler.UnobservedTaskException"/>. Costs nothing for an attempt that
    /// succeeded; a continuation only for one still running.
    /// </summary>
    private static void Observe(Task attempt)
    {
        if (attempt.IsCompletedSuccessfully)
        {
            return;
        }

        if (attempt.IsCompleted)
        {
            _ = attempt.Exception;
            return;
        }

        attempt.ContinueWith(
            static ended => _ = ended.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
