using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// One worker's attempts at its station's calls, and the one place where an attempt lives: it begins
/// (the timeout's token, the context, the span and the flight slot), waits when the call does not
/// finish at once (the worker's outputs are handed on first; a call that outlives its timeout is let
/// go of, and observed when it ends), and ends: recorded, then retried after a backoff, or
/// dead-lettered once the station's <c>MaxAttempts</c> are spent. A timeout is a
/// <see cref="TimeoutException"/>; once the run is cancelled, whatever an attempt throws is the
/// cancellation (<see cref="RunState.Cancellation"/>), never retried nor dead-lettered.
/// </summary>
/// <remarks>
/// Plain stations (one attempt, no timeout) with nobody listening run through the same code at the
/// cost of the inline call they had: an attempt that finishes at once allocates nothing, reads no
/// clock and awaits nothing (<see cref="RunAsync"/> returns a completed task); only a call that has
/// to wait, or a retry, goes on in an <see langword="async"/> method, a pooled one.
/// </remarks>
internal sealed class Attempts<TOut> : IDisposable
{
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(5);

    private readonly RunState run;
    private readonly StationInstruments instruments;
    private readonly IDownstream<TOut>? downstream;
    private readonly CancellationToken runToken;
    private readonly int maxAttempts;
    private readonly int timeoutMs;
    private readonly int backoffMs;
    private CancellationTokenSource? timeout;
    private Task? waited;

    /// <summary>
    /// Attempts of a worker whose outputs go to <paramref name="downstream"/> (flushed before the worker
    /// waits for anything); none for a fused station, whose synchronous work never waits.
    /// </summary>
    public Attempts(RunState run, StationOptions options, StationInstruments instruments, StationContext context, WorkerCounts counts, IDownstream<TOut>? downstream)
    {
        this.run = run;
        this.instruments = instruments;
        this.downstream = downstream;
        Context = context;
        Counts = counts;
        runToken = run.Token;
        maxAttempts = options.MaxAttempts;
        timeoutMs = options.TimeoutMs;
        backoffMs = options.BackoffMs;
    }

    private enum Verdict
    {
        Succeeded,
        DeadLettered,
        Retry,
        Pending,
    }

    /// <summary>The worker's context, told the material and attempt as each attempt begins.</summary>
    public StationContext Context { get; }

    /// <summary>What the last attempt gave; the outputs of a call that succeeded.</summary>
    public OutputBuffer<TOut> Outputs { get; private set; } = new();

    public WorkerCounts Counts { get; }

    /// <summary>
    /// Attempts <paramref name="call"/> on <paramref name="subject"/> until it succeeds (true: its outputs
    /// are in <see cref="Outputs"/>) or the subject is a dead letter (false). Throws the run's
    /// cancellation when the run was cancelled meanwhile.
    /// </summary>
    public ValueTask<bool> RunAsync<TCall, TSubject>(ref TCall call, in TSubject subject)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        Attempt attempt = Begin(ref call, in subject, 1);
        Verdict verdict = Start(ref call, in subject, in attempt, out ValueTask pending);
        return verdict switch
        {
            Verdict.Succeeded => new ValueTask<bool>(true),
            Verdict.DeadLettered => new ValueTask<bool>(false),
            _ => GoOnAsync(call, subject, attempt, verdict, pending),
        };
    }

    public void Dispose() => timeout?.Dispose();

    /// <summary>The attempt that has to wait for its call, or be retried: the rest of <see cref="RunAsync"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> GoOnAsync<TCall, TSubject>(TCall call, TSubject subject, Attempt attempt, Verdict verdict, ValueTask pending)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        while (true)
        {
            if (verdict == Verdict.Pending)
            {
                Exception? thrown = null;
                try
                {
                    // The worker is about to wait: what it has given so far goes on first.
                    await FlushAsync().ConfigureAwait(false);
                    await WaitAsync(pending, attempt.Token).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    thrown = exception;
                }

                verdict = thrown is null
                    ? Succeeded(ref call, in subject, in attempt)
                    : Failed(ref call, in subject, in attempt, thrown);
            }

            if (verdict != Verdict.Retry)
            {
                return verdict == Verdict.Succeeded;
            }

            await FlushAsync().ConfigureAwait(false);
            await Task.Delay(Backoff(attempt.Number), runToken).ConfigureAwait(false);
            attempt = Begin(ref call, in subject, attempt.Number + 1);
            verdict = Start(ref call, in subject, in attempt, out pending);
        }
    }

    private Attempt Begin<TCall, TSubject>(ref TCall call, in TSubject subject, int number)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        Outputs.Clear();
        CancellationToken token = timeoutMs > 0 ? StartTimeout() : runToken;
        call.Begin(in subject, Context, number, token);

        // Timed, traced and recorded only when someone listens (as of the worker's current take).
        return instruments.Active
            ? new Attempt(number, token, Stopwatch.GetTimestamp(), call.StartSpan(in subject, number), Recording: true)
            : new Attempt(number, token, 0, null, Recording: false);
    }

    /// <summary>Calls the station; decides at once unless the call has to be waited for (<see cref="Verdict.Pending"/>).</summary>
    private Verdict Start<TCall, TSubject>(ref TCall call, in TSubject subject, in Attempt attempt, out ValueTask pending)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        try
        {
            pending = call.Call(in subject, Context, Outputs, attempt.Token);
            if (!pending.IsCompletedSuccessfully)
            {
                return Verdict.Pending;
            }

            pending.GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            pending = default;
            return Failed(ref call, in subject, in attempt, exception);
        }

        return Succeeded(ref call, in subject, in attempt);
    }

    private Verdict Succeeded<TCall, TSubject>(ref TCall call, in TSubject subject, in Attempt attempt)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        // A broken contract, not a passing failure: retrying would not mend it.
        Exception? broken = call.Broken(in subject, Outputs);
        return Ended(ref call, in subject, in attempt, broken is null ? ExecutionOutcome.Succeeded : ExecutionOutcome.Failed, broken, mayRetry: false);
    }

    private Verdict Failed<TCall, TSubject>(ref TCall call, in TSubject subject, in Attempt attempt, Exception exception)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        if (runToken.IsCancellationRequested)
        {
            // A station may turn its token's cancellation into another exception, or fail later
            // without looking at its token: the worker stops as the run does, closing the span.
            End();
            attempt.Span?.Dispose();
            throw run.Cancellation(exception);
        }

        bool timedOut = exception is OperationCanceledException && timeout is { IsCancellationRequested: true };
        if (!timedOut)
        {
            return Ended(ref call, in subject, in attempt, ExecutionOutcome.Failed, exception, mayRetry: true);
        }

        // The call let go of may still add to its buffer later: the next attempt gets a new one.
        Outputs = new OutputBuffer<TOut>();
        var failure = new TimeoutException(call.DidNotFinish(in subject, attempt.Number, timeoutMs));
        return Ended(ref call, in subject, in attempt, ExecutionOutcome.TimedOut, failure, mayRetry: true);
    }

    private Verdict Ended<TCall, TSubject>(ref TCall call, in TSubject subject, in Attempt attempt, ExecutionOutcome outcome, Exception? failure, bool mayRetry)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        End();
        if (attempt.Recording)
        {
            call.Record(in subject, attempt.Span, attempt.Number, attempt.Started, outcome, failure, Context);
        }

        if (failure is null)
        {
            return Verdict.Succeeded;
        }

        if (!mayRetry || attempt.Number >= maxAttempts)
        {
            call.DeadLetter(in subject, failure, attempt.Number, Counts);
            return Verdict.DeadLettered;
        }

        Counts.Retries++;
        instruments.Retrying(call.Named(in subject), attempt.Number, failure);
        return Verdict.Retry;
    }

    /// <summary>The attempt's token: the run's, cancelled after the station's timeout too (the source is reused while it has not fired).</summary>
    private CancellationToken StartTimeout()
    {
        timeout ??= CancellationTokenSource.CreateLinkedTokenSource(runToken);
        timeout.CancelAfter(timeoutMs);
        return timeout.Token;
    }

    /// <summary>
    /// Waits for a call that did not finish at once. With a timeout the worker waits only until the
    /// attempt's token is cancelled (its timeout, or the run's cancel), so a call that ignores its
    /// token is let go of then; <see cref="End"/> observes it.
    /// </summary>
    private ValueTask WaitAsync(ValueTask pending, CancellationToken token)
    {
        if (timeoutMs <= 0)
        {
            return pending;
        }

        Task call = pending.AsTask();
        waited = call;
        return new ValueTask(call.WaitAsync(token));
    }

    private ValueTask FlushAsync() => downstream?.FlushAsync() ?? default;

    /// <summary>Stops the attempt's timeout, and observes a call let go of.</summary>
    private void End()
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

    /// <summary>
    /// Reads the failure of a call nobody awaits any more when it ends, so it does not surface as a
    /// <see cref="TaskScheduler.UnobservedTaskException"/>. Costs nothing for a call that succeeded;
    /// a continuation only for one still running.
    /// </summary>
    private static void Observe(Task call)
    {
        if (call.IsCompletedSuccessfully)
        {
            return;
        }

        if (call.IsCompleted)
        {
            _ = call.Exception;
            return;
        }

        call.ContinueWith(
            static ended => _ = ended.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// The delay after failed attempt <paramref name="failedAttempt"/>: the station's <c>BackoffMs</c>
    /// after the first, doubling after each next one, with ±20% jitter so that materials failing
    /// together do not all retry together; five minutes at the most.
    /// </summary>
    private TimeSpan Backoff(int failedAttempt)
    {
        if (backoffMs <= 0)
        {
            return TimeSpan.Zero;
        }

        double doubled = backoffMs * Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        double jittered = doubled * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, LongestBackoff.TotalMilliseconds));
    }

    /// <summary>One attempt as it runs: its number and token, and when someone listens its start and span.</summary>
    private readonly record struct Attempt(int Number, CancellationToken Token, long Started, Activity? Span, bool Recording);
}
