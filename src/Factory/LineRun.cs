using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using System.Threading.Tasks;
using Factory.Runtime;

namespace Factory;

/// <summary>
/// A running line: write to <see cref="Input"/>, complete it, read <see cref="Output"/>, and await
/// <see cref="Completion"/> for the report. Read the output while the line runs: a full output
/// buffer holds the line (backpressure), it does not drop materials.
/// </summary>
public sealed class LineRun<TIn, TOut>
{
    private readonly RunState run;

    // Set when RunAsync reads the run: it delivers an output later than it takes it off the exit.
    private TaskCompletionSource? handedOver;

    internal LineRun(RunState run, Belt<TIn> entry, Belt<TOut> exit, IReadOnlyList<StationStatus> statuses, Task stations)
    {
        this.run = run;
        Entry = entry;
        Exit = exit;
        Input = new MaterialWriter<TIn>(run, entry);
        Output = new ValueReader<TOut>(exit, run);
        Stations = statuses;
        Completion = CompleteAsync(stations);
    }

    /// <summary>Where the line's materials enter. Complete it to let the line finish.</summary>
    public ChannelWriter<TIn> Input { get; }

    /// <summary>What leaves the line.</summary>
    public ChannelReader<TOut> Output { get; }

    /// <summary>
    /// Ends with the report once every material has left the line or become a dead letter (outcome
    /// <see cref="LineOutcome.Completed"/>), or only materials waiting at gates are left
    /// (<see cref="LineOutcome.AwaitingDecision"/>), or the caller cancelled (<see cref="LineOutcome.Cancelled"/>).
    /// Faults with the exception that stopped the run, such as one thrown by the input sequence.
    /// </summary>
    public Task<LineReport> Completion { get; }

    /// <summary>The dead letters so far.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters => run.DeadLetters;

    /// <summary>The materials routes discarded so far.</summary>
    public IReadOnlyList<DiscardedMaterial> Discards => run.Discards;

    /// <summary>Live counts per station, in run order.</summary>
    public IReadOnlyList<StationStatus> Stations { get; }

    /// <summary>The line that runs.</summary>
    public LineDescriptor Line => run.Line;

    /// <summary>The run's id: give it in <see cref="RunOptions.RunId"/> to resume the run.</summary>
    public string RunId => run.RunId;

    /// <summary>The job order the run serves.</summary>
    public JobOrder Job => run.Job;

    /// <summary>True while paused.</summary>
    public bool IsPaused => run.Pause.IsPaused;

    /// <summary>Holds every station before its next material; materials being processed finish.</summary>
    public void Pause() => run.Pause.Pause();

    /// <summary>Lets the stations go on.</summary>
    public void Resume() => run.Pause.Resume();

    /// <summary>Cancels the run, as the caller's token would.</summary>
    public void Cancel() => run.Cancel();

    private async Task<LineReport> CompleteAsync(Task stations)
    {
        try
        {
            await stations.ConfigureAwait(false);
            if (run.Observing && run.Fault is null && !run.Token.IsCancellationRequested)
            {
                await AllDeliveredAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            run.Dispose();
        }

        if (run.Fault is { } fault)
        {
            run.Ended(null, fault);
            ExceptionDispatchInfo.Throw(fault);
        }

        LineOutcome outcome = run.DeadlinePassed ? LineOutcome.DeadlineExceeded
            : run.Token.IsCancellationRequested ? LineOutcome.Cancelled
            : run.AwaitingDecision.Count > 0 ? LineOutcome.AwaitingDecision
            : LineOutcome.Completed;
        var report = new LineReport(
            run.Line,
            run.Job,
            outcome,
            Stations.Select(s => s.ToReport()).ToArray(),
            run.DeadLetters.ToArray(),
            run.Discards.ToArray(),
            Stopwatch.GetElapsedTime(run.Started))
        {
            Out = Exit.Written,
            RunId = run.RunId,
            In = Stations.Count == 0 ? Entry.Written : Stations[0].In,
            AwaitingDecision = run.AwaitingDecision.ToArray(),
        };
        run.Ended(report, null);
        return report;
    }

    /// <summary>
    /// Observers hear of a delivery when the consumer has the output (see the README's rule), not when
    /// it reaches the exit: the run ends for them once every output is delivered, so its end is never
    /// recorded before its last delivery. A run stopped meanwhile (a consumer who left early) ends at
    /// once, its undelivered outputs not done.
    /// </summary>
    private async Task AllDeliveredAsync()
    {
        Task delivered = handedOver?.Task ?? Exit.Completion;
        try
        {
            await delivered.WaitAsync(run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            // Stopped: the outcome says so.
        }
    }

    /// <summary>
    /// <c>RunAsync</c> reads this run: an output counts as delivered when its consumer asks for the next
    /// one, so the run ends for observers on <see cref="HandedOver"/>, not when the exit is empty.
    /// Called before the run is fed: the stations cannot finish before that.
    /// </summary>
    internal void EndWhenHandedOver() =>
        handedOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary><c>RunAsync</c>'s consumer asked past the last output: every output is delivered.</summary>
    internal void HandedOver() => handedOver?.TrySetResult();

    /// <summary>The first belt: <c>RunAsync</c> feeds it in batches.</summary>
    internal Belt<TIn> Entry { get; }

    /// <summary>The last belt: <c>RunAsync</c> drains it in batches.</summary>
    internal Belt<TOut> Exit { get; }

    internal RunState State => run;

    internal void Fail(Exception exception) => run.Fail(exception);
}
