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

    // The call of an attempt that has to be waited for, handed from Attempt to GoOnAsync: kept here
    // so that an attempt that finishes at once passes no task around.
    private ValueTask pending;

    // When someone listens, the attempt under way: a worker makes one attempt at a time, and one
    // that nobody listens to then costs no stores here.
    private bool recording;
    private long started;
    private Activity? span;

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
        Verdict verdict = Attempt(ref call, in subject, 1);
        return verdict switch
        {
            Verdict.Succeeded => new ValueTask<bool>(true),
            Verdict.DeadLettered => new ValueTask<bool>(false),
            _ => GoOn(ref call, in subject, verdict),
        };
    }

    /// <summary>
    /// <see cref="RunAsync"/> for a fused station's synchronous work, which finishes at once: true when
    /// it succeeded, false when the material is a dead letter. (A call that did not finish at once
    /// would be a generator bug, waited for here rather than left to hang.)
    /// </summary>
    public bool RunAtOnce<TCall, TSubject>(ref TCall call, in TSubject subject)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        Verdict verdict = Attempt(ref call, in subject, 1);
        return verdict == Verdict.Succeeded
            || (verdict != Verdict.DeadLettered && GoOn(ref call, in subject, verdict).AsTask().GetAwaiter().GetResult());
    }

    public void Dispose() => timeout?.Dispose();

    /// <summary>Out of line, so that what an attempt that finishes at once costs is not paid for the copies only this needs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<bool> GoOn<TCall, TSubject>(ref TCall call, in TSubject subject, Verdict verdict)
        where TCall : struct, IAttemptCall<TSubject, TOut> =>
        GoOnAsync(call, subject, verdict);

    /// <summary>The attempt that has to wait for its call, or be retried: the rest of <see cref="RunAsync"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> GoOnAsync<TCall, TSubject>(TCall call, TSubject subject, Verdict verdict)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        for (int attempt = 1; ; attempt++)
        {
            if (verdict == Verdict.Pending)
            {
                Exception? thrown = null;
                (ValueTask called, pending) = (pending, default);
                try
                {
                    // The worker is about to wait: what it has given so far goes on first.
                    await FlushAsync().ConfigureAwait(false);
                    await WaitAsync(called).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    thrown = exception;
                }

                verdict = thrown is null ? Succeeded(ref call, in subject, attempt) : Failed(ref call, in subject, attempt, thrown);
            }

            if (verdict != Verdict.Retry)
            {
                return verdict == Verdict.Succeeded;
            }

            await FlushAsync().ConfigureAwait(false);
            await Task.Delay(Backoff(attempt), runToken).ConfigureAwait(false);
            verdict = Attempt(ref call, in subject, attempt + 1);
        }
    }

    /// <summary>
    /// Makes attempt <paramref name="attempt"/>: begins it (its token, the context, and when someone
    /// listens its clock and span), calls the station, and decides at once unless the call has to be
    /// waited for (<see cref="Verdict.Pending"/>).
    /// </summary>
    private Verdict Attempt<TCall, TSubject>(ref TCall call, in TSubject subject, int attempt)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        Outputs.Clear();
        CancellationToken token = timeoutMs > 0 ? StartTimeout() : runToken;
        call.Begin(in subject, Context, attempt, token);

        // Timed, traced and recorded only when someone listens (as of the worker's current take).
        if (instruments.Active)
        {
            recording = true;
            started = Stopwatch.GetTimestamp();
            span = call.StartSpan(in subject, attempt);
        }

        try
        {
            ValueTask called = call.Call(in subject, Context, Outputs, token);
            if (!called.IsCompletedSuccessfully)
            {
                pending = called;
                return Verdict.Pending;
            }

            called.GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            return Failed(ref call, in subject, attempt, exception);
        }

        return Succeeded(ref call, in subject, attempt);
    }

    private Verdict Succeeded<TCall, TSubject>(ref TCall call, in TSubject subject, int attempt)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        // A broken contract, not a passing failure: retrying would not mend it.
        Exception? broken = call.Broken(in subject, Outputs);
        return Ended(ref call, in subject, attempt, broken is null ? ExecutionOutcome.Succeeded : ExecutionOutcome.Failed, broken, mayRetry: false);
    }

    private Verdict Failed<TCall, TSubject>(ref TCall call, in TSubject subject, int attempt, Exception exception)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        if (runToken.IsCancellationRequested)
        {
            // A station may turn its token's cancellation into another exception, or fail later
            // without looking at its token: the worker stops as the run does, closing the span.
            End();
            span?.Dispose();
            (recording, span) = (false, null);
            throw run.Cancellation(exception);
        }

        bool timedOut = exception is OperationCanceledException && timeout is { IsCancellationRequested: true };
        if (!timedOut)
        {
            return Ended(ref call, in subject, attempt, ExecutionOutcome.Failed, exception, mayRetry: true);
        }

        // The call let go of may still add to its buffer later: the next attempt gets a new one.
        Outputs = new OutputBuffer<TOut>();
        var failure = new TimeoutException(call.DidNotFinish(in subject, attempt, timeoutMs));
        return Ended(ref call, in subject, attempt, ExecutionOutcome.TimedOut, failure, mayRetry: true);
    }

    private Verdict Ended<TCall, TSubject>(ref TCall call, in TSubject subject, int attempt, ExecutionOutcome outcome, Exception? failure, bool mayRetry)
        where TCall : struct, IAttemptCall<TSubject, TOut>
    {
        End();
        if (recording)
        {
            call.Record(in subject, span, attempt, started, outcome, failure, Context);
            (recording, span) = (false, null);
        }

        if (failure is null)
        {
            return Verdict.Succeeded;
        }

        if (!mayRetry || attempt >= maxAttempts)
        {
            call.DeadLetter(in subject, failure, attempt, Counts);
            return Verdict.DeadLettered;
        }

        Counts.Retries++;
        instruments.Retrying(call.Named(in subject), attempt, failure);
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
    private ValueTask WaitAsync(ValueTask call)
    {
        if (timeoutMs <= 0)
        {
            return call;
        }

        Task attempt = call.AsTask();
        waited = attempt;
        return new ValueTask(attempt.WaitAsync(timeout!.Token));
    }

    private ValueTask FlushAsync() => downstream?.FlushAsync() ?? default;

    /// <summary>Stops the attempt's timeout, and observes a call let go of (only an attempt with a timeout has either).</summary>
    private void End()
    {
        if (timeoutMs <= 0)
        {
            return;
        }

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
}
