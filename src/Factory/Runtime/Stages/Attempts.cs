using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Factory.Runtime;

/// <summary>
/// One worker's attempts at its station's call, and the one place where an attempt lives: it begins
/// (the timeout's token, the context, the span and the flight slot), waits when the call does not
/// finish at once (the worker's outputs are handed on first; a call that outlives its timeout is let
/// go of, and observed when it ends: <see cref="AttemptTimeout"/>), and ends: recorded, then retried after a backoff, or
/// dead-lettered once the station's <c>MaxAttempts</c> are spent. A timeout is a
/// <see cref="TimeoutException"/>; once the run is cancelled, whatever an attempt throws is the
/// cancellation (<see cref="RunState.Cancellation"/>), never retried nor dead-lettered.
/// </summary>
/// <remarks>
/// An attempt that finishes at once costs what the inline call it replaced did: no allocation, no
/// clock read and no await when nobody listens, and the attempt under way is kept in fields written
/// only when someone does. One that has to wait is driven from wait to wait by this object itself,
/// an <see cref="IValueTaskSource{TResult}"/> reused attempt after attempt, not by an
/// <see langword="async"/> method: 64 workers of an I/O-bound station waiting at once would outrun
/// the pool of state machine boxes such a method rents from.
/// </remarks>
internal sealed class Attempts<TCall, TSubject, TOut> : IValueTaskSource<bool>, IDisposable
    where TCall : struct, IAttemptCall<TSubject, TOut>
{
    private readonly RunState run;
    private readonly StationInstruments instruments;
    private readonly IDownstream<TOut>? downstream;
    private readonly CancellationToken runToken;
    private readonly int maxAttempts;
    private readonly int backoffMs;
    private readonly AttemptTimeout? timeout;
    private readonly Action stepping;

    // A call with no timeout, no contract to check and no quality control: when no one listens, its
    // attempts skip the contract check and the record (Attempt). Decided once, as the line is wired.
    private readonly bool plain;
    private TCall call;

    // When someone listens, the attempt under way.
    private bool recording;
    private long started;
    private Activity? span;

    // An attempt that could not be decided at once: what it is on, which attempt, what it waits for.
    private ManualResetValueTaskSourceCore<bool> outcome;
    private TSubject subject = default!;
    private int attempt;
    private Wait wait;
    private ValueTask awaited;
    private ValueTask pending;

    /// <summary>
    /// Attempts at <paramref name="call"/> by a worker of <paramref name="station"/> whose outputs go to
    /// <paramref name="downstream"/> (flushed before the worker waits for anything); none for a fused
    /// station, whose synchronous work never waits.
    /// </summary>
    public Attempts(RunState run, StationDescriptor station, StationInstruments instruments, WorkerCounts counts, IDownstream<TOut>? downstream, TCall call)
    {
        this.run = run;
        this.instruments = instruments;
        this.downstream = downstream;
        this.call = call;
        Context = new StationContext(station, run.Job, counts) { Flight = run.FlightSlotsFor(station), Inspections = call.Inspections };
        Counts = counts;
        runToken = run.Token;
        maxAttempts = station.Options.MaxAttempts;
        backoffMs = station.Options.BackoffMs;
        timeout = station.Options.TimeoutMs > 0 ? new AttemptTimeout(runToken, station.Options.TimeoutMs) : null;
        stepping = Step;
        plain = timeout is null && call.IsPlain;
    }

    private enum Verdict
    {
        Succeeded,
        DeadLettered,
        Retry,
        Pending,
    }

    /// <summary>What an attempt that could not be decided at once waits for.</summary>
    private enum Wait
    {
        /// <summary>The flush of the worker's outputs, before it waits for the call.</summary>
        FlushForCall,
        Call,
        /// <summary>The flush of the worker's outputs, before the backoff.</summary>
        FlushForRetry,
        Backoff,
    }

    /// <summary>The worker's context, told the material and attempt as each attempt begins.</summary>
    public StationContext Context { get; }

    /// <summary>What the last attempt gave; the outputs of a call that succeeded.</summary>
    public OutputBuffer<TOut> Outputs { get; private set; } = new();

    public WorkerCounts Counts { get; }

    /// <summary>
    /// Attempts the call on <paramref name="subject"/> until it succeeds (true: its outputs are in
    /// <see cref="Outputs"/>) or the subject is a dead letter (false). Throws the run's cancellation
    /// when the run was cancelled meanwhile. Await it before the next: the task is reused.
    /// </summary>
    public ValueTask<bool> RunAsync(in TSubject subject)
    {
        Verdict verdict = Attempt(in subject, 1);
        return verdict switch
        {
            Verdict.Succeeded => new ValueTask<bool>(true),
            Verdict.DeadLettered => new ValueTask<bool>(false),
            _ => GoOn(in subject, verdict),
        };
    }

    /// <summary>
    /// <see cref="RunAsync"/> for a fused station's synchronous work, which finishes at once. (A call
    /// that did not would be a generator bug, waited for here rather than left to hang.)
    /// </summary>
    public bool RunAtOnce(in TSubject subject) => AtOnce(in subject, Attempt(in subject, 1));

    /// <summary>
    /// A first attempt called directly by a fast path (a fused station's, or a plain function's by its
    /// worker or in a mapped take) threw <paramref name="exception"/>: decided as <see cref="RunAtOnce"/>
    /// decides a failed attempt. Only a plain station's (no retries) is decided at once.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool ThrewAtOnce(in TSubject subject, Exception exception) => AtOnce(in subject, Failed(in subject, 1, exception));

    /// <summary>A fused station's first attempt, called directly, did not finish at once: waited for as <see cref="RunAtOnce"/> would.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool PendingAtOnce(in TSubject subject, ValueTask called)
    {
        pending = called;
        return AtOnce(in subject, Verdict.Pending);
    }

    public void Dispose() => timeout?.Dispose();

    private bool AtOnce(in TSubject subject, Verdict verdict) =>
        verdict == Verdict.Succeeded
        || (verdict != Verdict.DeadLettered && GoOn(in subject, verdict).AsTask().GetAwaiter().GetResult());

    bool IValueTaskSource<bool>.GetResult(short token) => outcome.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => outcome.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        outcome.OnCompleted(continuation, state, token, flags);

    /// <summary>Out of line, so that an attempt decided at once does not pay for the copy of its subject.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<bool> GoOn(in TSubject subject, Verdict verdict)
    {
        this.subject = subject;
        attempt = 1;
        outcome.Reset();
        Enter(verdict);
        Step();
        return new ValueTask<bool>(this, outcome.Version);
    }

    /// <summary>
    /// Goes from wait to wait until the attempts at the subject are decided: at once while the waits
    /// complete at once, else as the continuation of the one that does not.
    /// </summary>
    private void Step()
    {
        do
        {
            if (!awaited.IsCompleted)
            {
                awaited.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(stepping);
                return;
            }
        }
        while (!Decided());
    }

    /// <summary>Takes the result of the wait that completed; true once the outcome is set.</summary>
    private bool Decided()
    {
        Exception? thrown = null;
        try
        {
            awaited.GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            thrown = exception;
        }

        awaited = default;
        bool? decided;
        try
        {
            decided = Next(thrown);
        }
        catch (Exception exception)
        {
            subject = default!;
            outcome.SetException(exception);
            return true;
        }

        if (decided is { } succeeded)
        {
            subject = default!;
            outcome.SetResult(succeeded);
        }

        return decided is not null;
    }

    /// <summary>What follows a wait: the next wait (null), or the outcome of the attempts.</summary>
    private bool? Next(Exception? thrown)
    {
        switch (wait)
        {
            case Wait.FlushForCall when thrown is null:
                (wait, awaited, pending) = (Wait.Call, timeout?.Wait(pending) ?? pending, default);
                return null;
            case Wait.FlushForCall or Wait.Call:
                pending = default;
                return Enter(thrown is null ? Succeeded(in subject, attempt) : Failed(in subject, attempt, thrown));
            case Wait.FlushForRetry when thrown is null:
                (wait, awaited) = (Wait.Backoff, new ValueTask(Task.Delay(Backoff(attempt), runToken)));
                return null;
            case Wait.Backoff when thrown is null:
                return Enter(Attempt(in subject, ++attempt));
            default:
                // The flush before a retry or its backoff failed (the run stopped): as if awaited by the worker.
                ExceptionDispatchInfo.Throw(thrown!);
                return null;
        }
    }

    /// <summary>The outcome a verdict gives, or null and the wait it calls for: the worker's outputs go on first.</summary>
    private bool? Enter(Verdict verdict)
    {
        if (verdict is Verdict.Succeeded or Verdict.DeadLettered)
        {
            return verdict == Verdict.Succeeded;
        }

        (wait, awaited) = (verdict == Verdict.Pending ? Wait.FlushForCall : Wait.FlushForRetry, FlushAsync());
        return null;
    }

    /// <summary>
    /// Makes attempt <paramref name="attempt"/>: begins it (its token, the context, and when someone
    /// listens its clock and span), calls the station, and decides at once unless the call has to be
    /// waited for (<see cref="Verdict.Pending"/>). A plain call when no one listens (<see cref="plain"/>:
    /// no timeout, span, clock or record) succeeds with nothing to check or offer its outputs to.
    /// </summary>
    private Verdict Attempt(in TSubject subject, int attempt)
    {
        Outputs.Clear();
        CancellationToken token = timeout is null ? runToken : timeout.Start();
        call.Begin(in subject, Context, attempt, token);

        // Timed, traced and recorded only when someone listens (as of the worker's current take); with
        // spans alone, only the attempts of the materials the sampler kept (the rest read no clock).
        bool listened = instruments.Active;
        if (listened)
        {
            span = call.StartSpan(in subject, attempt);
            if (span is not null || instruments.Metered)
            {
                recording = true;
                started = Stopwatch.GetTimestamp();
            }
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
            return Failed(in subject, attempt, exception);
        }

        return plain && !listened ? Verdict.Succeeded : Succeeded(in subject, attempt);
    }

    private Verdict Succeeded(in TSubject subject, int attempt)
    {
        // A broken contract, not a passing failure: retrying would not mend it.
        Exception? broken = call.Broken(in subject, Outputs);
        return Ended(in subject, attempt, broken is null ? ExecutionOutcome.Succeeded : ExecutionOutcome.Failed, broken, mayRetry: false);
    }

    private Verdict Failed(in TSubject subject, int attempt, Exception exception)
    {
        if (runToken.IsCancellationRequested)
        {
            // A station may turn its token's cancellation into another exception, or fail later
            // without looking at its token: the worker stops as the run does, closing the span.
            timeout?.End();
            span?.Dispose();
            (recording, span) = (false, null);
            throw run.Cancellation(exception);
        }

        bool timedOut = exception is OperationCanceledException && timeout is { Fired: true };
        if (!timedOut)
        {
            return Ended(in subject, attempt, ExecutionOutcome.Failed, exception, mayRetry: true);
        }

        // The call let go of may still add to its buffer later: the next attempt gets a new one.
        Outputs = new OutputBuffer<TOut>();
        var failure = new TimeoutException(call.DidNotFinish(in subject, attempt, Context.Station.Options.TimeoutMs));
        return Ended(in subject, attempt, ExecutionOutcome.TimedOut, failure, mayRetry: true);
    }

    private Verdict Ended(in TSubject subject, int attempt, ExecutionOutcome outcome, Exception? failure, bool mayRetry)
    {
        timeout?.End();
        if (recording)
        {
            call.Record(in subject, span, attempt, started, outcome, failure, Context);
            (recording, span) = (false, null);
        }

        if (failure is null)
        {
            call.Passed(in subject, Outputs);
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

    private ValueTask FlushAsync() => downstream?.FlushAsync() ?? default;

    /// <summary>The delay after failed attempt <paramref name="failedAttempt"/> (<see cref="RetryBackoff"/>).</summary>
    private TimeSpan Backoff(int failedAttempt) => RetryBackoff.After(backoffMs, failedAttempt);
}
