using System;

namespace Factory.Runtime;

/// <summary>
/// What one worker of a station keeps between materials: its attempts (with its context and output
/// buffer), where its outputs go, its counts and its waiter, reused for every wait.
/// </summary>
internal sealed class WorkerState<TOut> : IDisposable
{
    public WorkerState(RunState run, StationDescriptor station, StationInstruments instruments, WorkerCounts counts, IDownstream<TOut> downstream)
    {
        var context = new StationContext(station, run.Job, counts) { Flight = run.FlightSlotsFor(station) };
        Attempts = new Attempts<TOut>(run, station.Options, instruments, context, counts, downstream);
        Downstream = downstream;
        Counts = counts;
    }

    public Attempts<TOut> Attempts { get; }

    /// <summary>Where the worker notes the material it works on, when the run keeps a flight recorder.</summary>
    public FlightSlots? Flight => Attempts.Context.Flight;

    /// <summary>Where outputs go: an outbox to the next belt, or the stations fused into this worker.</summary>
    public IDownstream<TOut> Downstream { get; }

    public ReusableWaiter Waiter { get; } = new();

    public WorkerCounts Counts { get; }

    public void Dispose() => Attempts.Dispose();
}
