using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Factory.Runtime;

/// <summary>
/// What <c>RunAsync</c> returns: the run's outputs, enumerated. Enumeration starts the run; each
/// <c>MoveNextAsync</c> hands out the next output of a batch taken off the exit, so an output that
/// is already there costs a field read and no state machine (an <c>async</c> iterator's step costs
/// several times the hop it waits for). The end reports the run's outcome: the input's exception, a
/// passed deadline, or cancellation. Leaving early (disposing before the end) cancels the run.
/// </summary>
/// <remarks>
/// An output is delivered (observers hear <see cref="RunObserver.Delivered"/>, the ledger gives its
/// input the outcome) when the consumer asks for the next one: the call to <c>MoveNextAsync</c> after
/// it was <see cref="IAsyncEnumerator{T}.Current"/>, including the last call, which returns false.
/// Taking a batch off the exit delivers nothing. The output in hand when the consumer leaves early
/// (break, an exception, disposal) and the rest of the batch are not delivered, so a resumed run makes
/// them again: at least once for the output in hand, never lost.
/// </remarks>
internal sealed class RunOutputs<TIn, TOut>(
    ILine<TIn, TOut> line,
    RunOptions options,
    Func<LineRun<TIn, TOut>, Task> feed,
    CancellationToken cancellationToken) : IAsyncEnumerable<TOut>
{
    private readonly ILine<TIn, TOut> line = line;
    private readonly RunOptions options = options;
    private readonly Func<LineRun<TIn, TOut>, Task> feed = feed;
    private readonly CancellationToken cancellationToken = cancellationToken;

    public IAsyncEnumerator<TOut> GetAsyncEnumerator(CancellationToken enumeratorToken = default) =>
        new Enumerator(this, enumeratorToken);

    private sealed class Enumerator : IAsyncEnumerator<TOut>, IValueTaskSource<bool>
    {
        private readonly RunOutputs<TIn, TOut> outputs;
        private readonly CancellationTokenSource? linked;
        private readonly CancellationToken token;
        private readonly Material<TOut>[] batch = new Material<TOut>[Outbox<TOut>.MaxBatch];
        private readonly ReusableWaiter waiter = new();

        /// <summary>What looking at the exit found (<see cref="TakeOrWait"/>).</summary>
        private enum Look
        {
            Batch,
            Waiting,
            End,
        }

        // The consumer's wait for the next batch, when the exit had none: reused wait after wait.
        private ManualResetValueTaskSourceCore<bool> arrived;
        private ValueTask<bool> exitWait;
        private Action? exitWaited;
        private LineRun<TIn, TOut>? run;
        private Task feeding = Task.CompletedTask;
        private int next;
        private int taken;
        private bool ended;

        // True when observers hear deliveries: the output handed out stays in the batch until the
        // consumer asks for the next one, and is delivered then.
        private bool observing;
        private bool inHand;
        private TOut current = default!;

        public Enumerator(RunOutputs<TIn, TOut> outputs, CancellationToken enumeratorToken)
        {
            this.outputs = outputs;
            CancellationToken callerToken = outputs.cancellationToken;
            if (callerToken.CanBeCanceled && enumeratorToken.CanBeCanceled && callerToken != enumeratorToken)
            {
                linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, enumeratorToken);
                token = linked.Token;
            }
            else
            {
                token = callerToken.CanBeCanceled ? callerToken : enumeratorToken;
            }
        }

        public TOut Current => current;

        public ValueTask<bool> MoveNextAsync()
        {
            if (inHand)
            {
                // The consumer asks for the next output: it is done with the one it had.
                DeliverInHand();
            }

            if (next < taken)
            {
                HandOutNext();
                return new ValueTask<bool>(true);
            }

            return ended ? new ValueTask<bool>(false) : TakeBatch();
        }

        public async ValueTask DisposeAsync()
        {
            if (run is not null && !ended)
            {
                // Left before the end: the run stops, and its outcome is nobody's to hear.
                await StopAsync().ConfigureAwait(false);
            }

            ended = true;
            inHand = false;
            taken = 0;
            Array.Clear(batch);
            linked?.Dispose();
        }

        bool IValueTaskSource<bool>.GetResult(short token) => arrived.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => arrived.GetStatus(token);

        void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            arrived.OnCompleted(continuation, state, token, flags);

        /// <summary>
        /// Takes the next batch off the exit (starting the run on the first call). When the consumer has
        /// to wait for it, the wait is this enumerator's own reusable task (<see cref="arrived"/>), not an
        /// <see langword="async"/> method's: a consumer quicker than the line waits batch after batch,
        /// and each such method's state (a class in a debug build) would be an allocation per wait.
        /// </summary>
        private ValueTask<bool> TakeBatch()
        {
            try
            {
                run ??= Begin();
            }
            catch (Exception exception)
            {
                return EndAsync(ValueTask.FromException<bool>(exception));
            }

            switch (TakeOrWait(out ValueTask<bool> waiting))
            {
                case Look.Batch:
                    return new ValueTask<bool>(true);
                case Look.End:
                    return EndAsync(waiting);
                default:
                    arrived.Reset();
                    AwaitExit(waiting);
                    return new ValueTask<bool>(this, arrived.Version);
            }
        }

        /// <summary>
        /// Takes the next batch off the exit (<see cref="Look.Batch"/>), or begins waiting for one
        /// (<see cref="Look.Waiting"/>, with the wait), or finds the end (<see cref="Look.End"/>, with
        /// the wait that said the exit is closed and empty, or failed). Whether a wait is over is read
        /// once: one that ended between two reads was once taken for the end of the run.
        /// </summary>
        private Look TakeOrWait(out ValueTask<bool> waiting)
        {
            try
            {
                while (true)
                {
                    if (TryTake())
                    {
                        waiting = default;
                        return Look.Batch;
                    }

                    waiting = run!.Exit.WaitToReadAsync(waiter);
                    if (!waiting.IsCompleted)
                    {
                        return Look.Waiting;
                    }

                    if (!waiting.IsCompletedSuccessfully || !waiting.Result)
                    {
                        waiting = Ended(waiting);
                        return Look.End;
                    }
                }
            }
            catch (Exception exception)
            {
                waiting = ValueTask.FromException<bool>(exception);
                return Look.End;
            }
        }

        /// <summary>Starts the run on the consumer's first <c>MoveNextAsync</c>.</summary>
        private LineRun<TIn, TOut> Begin()
        {
            LineRun<TIn, TOut> started = outputs.line.Start(outputs.options, token);
            observing = started.State.Observing;
            if (observing)
            {
                started.EndWhenHandedOver();
            }

            feeding = outputs.feed(started);
            return started;
        }

        /// <summary>Takes what is on the exit into the batch and hands out its first; false when there was nothing.</summary>
        private bool TryTake()
        {
            taken = run!.Exit.TryRead(batch);
            if (taken == 0)
            {
                return false;
            }

            next = 0;
            HandOutNext();
            return true;
        }

        private void AwaitExit(ValueTask<bool> waiting)
        {
            exitWait = waiting;
            waiting.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(exitWaited ??= ExitWaited);
        }

        /// <summary>The wait for the exit ended: the consumer gets the batch, or the end.</summary>
        private void ExitWaited()
        {
            ValueTask<bool> waiting = exitWait;
            exitWait = default;
            Look look = waiting.IsCompletedSuccessfully && waiting.Result ? TakeOrWait(out waiting) : Look.End;

            // The consumer's continuation runs in SetResult: what it throws is not the run's end.
            switch (look)
            {
                case Look.Batch:
                    arrived.SetResult(true);
                    break;
                case Look.Waiting:
                    AwaitExit(waiting);
                    break;
                default:
                    _ = EndForWaiterAsync(Ended(waiting));
                    break;
            }
        }

        /// <summary>A wait for the exit that is over and did not say "more": false once its result was read, or its failure.</summary>
        private static ValueTask<bool> Ended(ValueTask<bool> waiting) => waiting.IsCompletedSuccessfully ? new ValueTask<bool>(false) : waiting;

        /// <summary>The end of a run whose consumer was waiting for the exit: its outcome goes to that wait.</summary>
        private async Task EndForWaiterAsync(ValueTask<bool> closing)
        {
            try
            {
                arrived.SetResult(await EndAsync(closing).ConfigureAwait(false));
            }
            catch (Exception exception)
            {
                arrived.SetException(exception);
            }
        }

        /// <summary>
        /// The exit is closed and empty (<paramref name="closing"/> is false), or waiting for it failed:
        /// every output was taken and the consumer asked past the last one, so all are delivered; the
        /// run's outcome decides whether the end is an exception.
        /// </summary>
        private async ValueTask<bool> EndAsync(ValueTask<bool> closing)
        {
            try
            {
                await closing.ConfigureAwait(false);
                run!.HandedOver();
                ThrowUnlessCompleted(await run.Completion.ConfigureAwait(false));
            }
            catch (Exception)
            {
                if (run is not null)
                {
                    await StopAsync().ConfigureAwait(false);
                }

                throw;
            }

            ended = true;
            await feeding.ConfigureAwait(false);
            return false;
        }

        /// <summary>
        /// Makes the batch's next output <see cref="Current"/>, and lets go of it in the batch; when
        /// observed, it stays there, in hand, until it is delivered.
        /// </summary>
        private void HandOutNext()
        {
            current = batch[next].Value;
            if (observing)
            {
                inHand = true;
                next++;
            }
            else
            {
                batch[next++] = default;
            }
        }

        /// <summary>Delivers the output in hand (the batch's last handed out), and lets go of it.</summary>
        private void DeliverInHand()
        {
            inHand = false;
            ref Material<TOut> material = ref batch[next - 1];
            run!.State.Delivered(MaterialInfo.Of(material));
            material = default;
        }

        private void ThrowUnlessCompleted(LineReport report)
        {
            if (report.Outcome == LineOutcome.DeadlineExceeded)
            {
                throw new TimeoutException(
                    $"Job '{report.Job.Id}' passed its deadline ({report.Job.Budget.Deadline:O}); run '{report.RunId}' stopped with {report.Out} outputs. Start it again with the same RunId to resume.");
            }

            if (report.Outcome == LineOutcome.Cancelled)
            {
                token.ThrowIfCancellationRequested();
                throw new OperationCanceledException("The run was cancelled.");
            }
        }

        /// <summary>Stops the run early: the output in hand and the rest of the batch stay undelivered.</summary>
        private async Task StopAsync()
        {
            ended = true;
            inHand = false;
            taken = 0;
            next = 0;
            run!.Cancel();
            await feeding.ConfigureAwait(false);
            try
            {
                await run.Completion.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The outcome was already reported to the consumer, or the consumer left early.
            }
        }
    }
}
