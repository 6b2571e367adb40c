using System;
using System.Collections.Generic;
using System.Linq;
using Factory.Gates;

namespace Factory.Runtime;

/// <summary>
/// Calls every observer of a run (<see cref="RunOptions.Observers"/>), in order. What a material
/// does is told to all of them through one loop (<see cref="Tell{TCall}"/>), which contains an
/// observer's failure: it must not pass for a station's (it is called inside the station's attempt),
/// so the run fails, naming the observer, because what it records can no longer be trusted. The
/// start and the end of the run are not contained: an observer that throws at the start refuses the run.
/// </summary>
/// <remarks>
/// Each per-material call is a struct holding its arguments, so the shared loop is compiled for each
/// one and calls the observer directly: no delegate, no closure, nothing allocated per material.
/// </remarks>
internal sealed class ObserverHub(RunState run, IEnumerable<RunObserver> observers)
{
    private readonly RunObserver[] observers = [.. observers];

    /// <summary>Anything to call at all: with no observer a run pays nothing for them.</summary>
    public bool Any => observers.Length > 0;

    /// <summary>The run is about to start; an observer that throws refuses it.</summary>
    public void RunStarting(RunInfo info)
    {
        foreach (RunObserver observer in observers)
        {
            observer.RunStarting(info);
        }
    }

    /// <summary>The first flight recorder an observer gives, or null (asked once per run).</summary>
    public FlightRecorder? FlightRecorder() => observers.Select(o => o.FlightRecorder).FirstOrDefault(r => r is not null);

    /// <summary>The first gate store an observer gives, or null (asked once per run).</summary>
    public IGateStore? GateStore() => observers.Select(o => o.GateStore).FirstOrDefault(s => s is not null);

    /// <summary>True when an observer knows the input at <paramref name="sequence"/> done (a resumed run).</summary>
    public bool IsDone(long sequence) => AnySays(Question.IsDone, sequence);

    /// <summary>The first observer's reason to refuse the input at <paramref name="sequence"/>, or null.</summary>
    public EntryRefusal? Refuses(long sequence)
    {
        foreach (RunObserver observer in observers)
        {
            if (observer.Refuses(sequence) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>True when an observer asks the input at <paramref name="sequence"/> to run alone.</summary>
    public bool RunsAlone(long sequence) => AnySays(Question.RunsAlone, sequence);

    public void Entered(in MaterialInfo material, object? value) => Tell(new EnteredCall(material, value));

    public void Executed(in StationExecution execution) => Tell(new ExecutedCall(execution));

    public void Split(in MaterialInfo parent, StationDescriptor station, int children) => Tell(new SplitCall(parent, station, children));

    public void Gathered(in MaterialInfo parent, int arrived) => Tell(new GatheredCall(parent, arrived));

    public void Delivered(in MaterialInfo material) => Tell(new DeliveredCall(material));

    public void DeadLettered(DeadLetter letter) => Tell(new DeadLetteredCall(letter));

    public void Discarded(DiscardedMaterial material) => Tell(new DiscardedCall(material));

    public void Refused(in MaterialInfo material, string reason) => Tell(new RefusedCall(material, reason));

    public void GateOpened(in MaterialInfo material, GateItem item) => Tell(new GateOpenedCall(material, item));

    public void GateDecided(in MaterialInfo material, GateDecision decision) => Tell(new GateDecidedCall(material, decision, TimedOut: false));

    public void GateTimedOut(in MaterialInfo material, GateDecision decision) => Tell(new GateDecidedCall(material, decision, TimedOut: true));

    public void Sampled(Quality.QualitySample sample) => Tell(new SampledCall(sample));

    public void Inspected(Quality.Inspection inspection) => Tell(new InspectedCall(inspection));

    public void AndonTripped(Quality.AndonTrip trip) => Tell(new AndonCall(trip));

    /// <summary>The run ended; observers hear it after everything else.</summary>
    public void RunEnded(RunInfo info, LineReport? report, Exception? fault)
    {
        foreach (RunObserver observer in observers)
        {
            observer.RunEnded(info, report, fault);
        }
    }

    private bool AnySays(Question question, long sequence)
    {
        foreach (RunObserver observer in observers)
        {
            if (question == Question.IsDone ? observer.IsDone(sequence) : observer.RunsAlone(sequence))
            {
                return true;
            }
        }

        return false;
    }

    private void Tell<TCall>(TCall call)
        where TCall : struct, IObserverCall
    {
        foreach (RunObserver observer in observers)
        {
            try
            {
                call.Tell(observer);
            }
            catch (Exception exception)
            {
                run.Fail(new InvalidOperationException($"Observer {observer.GetType().FullName} failed: {exception.Message}", exception));
            }
        }
    }

    /// <summary>What the hub asks of an input's sequence: true from any observer is the answer.</summary>
    private enum Question
    {
        IsDone,
        RunsAlone,
    }

    /// <summary>One thing every observer hears, with its arguments.</summary>
    private interface IObserverCall
    {
        void Tell(RunObserver observer);
    }

    private readonly struct EnteredCall(MaterialInfo material, object? value) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.Entered(material, value);
    }

    private readonly struct ExecutedCall(StationExecution execution) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.Executed(execution);
    }

    private readonly struct SplitCall(MaterialInfo parent, StationDescriptor station, int children) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.Split(parent, station, children);
    }

    private readonly struct GatheredCall(MaterialInfo parent, int arrived) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.Gathered(parent, arrived);
    }

    private readonly struct DeliveredCall(MaterialInfo material) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.Delivered(material);
    }

    private readonly struct DeadLetteredCall(DeadLetter letter) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.DeadLettered(letter);
    }

    private readonly struct DiscardedCall(DiscardedMaterial material) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.Discarded(material);
    }

    private readonly struct RefusedCall(MaterialInfo material, string reason) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.Refused(material, reason);
    }

    private readonly struct GateOpenedCall(MaterialInfo material, GateItem item) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.GateOpened(material, item);
    }

    private readonly struct SampledCall(Quality.QualitySample sample) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.Sampled(sample);
    }

    private readonly struct InspectedCall(Quality.Inspection inspection) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.Inspected(inspection);
    }

    private readonly struct AndonCall(Quality.AndonTrip trip) : IObserverCall
    {
        public void Tell(RunObserver observer) => observer.AndonTripped(trip);
    }

    private readonly struct GateDecidedCall(MaterialInfo material, GateDecision decision, bool TimedOut) : IObserverCall
    {
        public void Tell(RunObserver observer)
        {
            if (TimedOut)
            {
                observer.GateTimedOut(material, decision);
            }
            else
            {
                observer.GateDecided(material, decision);
            }
        }
    }
}
