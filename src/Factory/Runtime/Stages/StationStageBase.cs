using System;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// What a station whose workers run on tasks of their own has, whether they call it one material at a
/// time (<see cref="StationStage{TIn, TOut, TWork}"/>) or a batch at a time
/// (<see cref="BatchStage{TIn, TOut, TWork}"/>): the belt in front of it, counts for each worker and
/// one for the emitter, its instruments, and, when it keeps order with several workers, the reorder
/// buffer whose emitter puts the outputs on the next belt in input order.
/// </summary>
internal abstract class StationStageBase<TIn, TOut> : IStationStage, IProducer<TOut>, IReportsMissing
{
    /// <summary>A stage whose reorder buffer, if it keeps one, lets <paramref name="reorderWindow"/> units out at once.</summary>
    protected StationStageBase(RunState run, StationDescriptor station, Belt<TIn> input, int reorderWindow)
    {
        Run = run;
        Station = station;
        Input = input;
        Counters = new StationCounters(Options.Parallelism + 1);
        if (Options.Parallelism > 1 && Options.Ordered)
        {
            Reorder = new ReorderBuffer<TOut>(reorderWindow, run.Token);
        }

        Status = new StationStatus(station, Counters, () => input.Count);
        Instruments = new StationInstruments(run, station, Counters.Durations);
    }

    public StationStatus Status { get; }

    /// <summary>Set when this station sits between a split and its gather: it hears of children that dead-letter here.</summary>
    public SplitRegistry? MissingTo { protected get; set; }

    protected RunState Run { get; }

    protected StationDescriptor Station { get; }

    protected StationOptions Options => Station.Options;

    protected Belt<TIn> Input { get; }

    /// <summary>One slot per worker, and the last for the emitter.</summary>
    protected StationCounters Counters { get; }

    protected StationInstruments Instruments { get; }

    protected ReorderBuffer<TOut>? Reorder { get; }

    protected Belt<TOut>? Output { get; private set; }

    public void Connect(Belt<TOut> belt) => Output = belt;

    public abstract Task Start();

    /// <summary>The emitter of an ordered stage with several workers; null for any other.</summary>
    protected Task? StartEmitter() => Reorder is null ? null : Task.Run(EmitAsync);

    /// <summary>
    /// Once the workers are done (<paramref name="working"/>), lets the emitter put the last filed
    /// outputs on, then completes the stage's output with the run's error, if any. Workers and the
    /// emitter never throw: failures go to the run, a cancellation ends them quietly.
    /// </summary>
    protected async Task FinishAsync(Task working, Task? emitting)
    {
        await working.ConfigureAwait(false);
        if (emitting is not null)
        {
            Reorder!.WorkersDone();
            await emitting.ConfigureAwait(false);
        }

        Complete(Run.CompletionError);
    }

    /// <summary>Closes what the stage's outputs go to.</summary>
    protected virtual void Complete(Exception? error) => Output!.TryComplete(error);

    private async Task EmitAsync()
    {
        try
        {
            await Reorder!.EmitAsync(new Outbox<TOut>(Output!), Counters[Options.Parallelism], Run.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Run.Stopped(exception, $"Station '{Station.Path}'");
        }
    }
}
