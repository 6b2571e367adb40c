using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Factory.Experiments;

/// <summary>
/// Stands in for the stations that act outside the line (<see cref="StationAttribute.Effects"/>) in a
/// run given it (<see cref="RunOptions.Effects"/>, <see cref="Experiment{TIn, TOut}.Effects"/>): the
/// station's code never runs; the recorder notes what it was asked to do (<see cref="Recorded"/>) and
/// gives the line an output in its place. A station whose output type is its input type passes its input
/// on; any other needs a stand-in output (<see cref="StandIn{TIn, TOut}"/>), or the run is refused when it
/// starts, naming the station and its types. No output is read from an earlier run: the ledger does not
/// keep outputs, and an output made up to look recorded would be scored as if the station had made it.
/// </summary>
public sealed class EffectRecorder
{
    private readonly Dictionary<string, Delegate> standIns = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedEffect> recorded = new();

    /// <summary>What the stations stood in for were given, in the order they were given it (across every run the recorder served).</summary>
    public IReadOnlyList<RecordedEffect> Recorded => [.. recorded];

    /// <summary>Gives station <paramref name="station"/> (its name or path) the output <paramref name="output"/> makes from its input, in place of its own.</summary>
    public EffectRecorder StandIn<TIn, TOut>(string station, Func<TIn, TOut> output)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(station);
        ArgumentNullException.ThrowIfNull(output);
        standIns[station] = output;
        return this;
    }

    /// <summary>What the line gets from <paramref name="station"/>'s stand-in for an input.</summary>
    /// <exception cref="ArgumentException">The station's stand-in is of other types, or it has none and its output type is not its input type.</exception>
    internal Func<TIn, TOut> OutputFor<TIn, TOut>(StationDescriptor station)
    {
        if (standIns.TryGetValue(station.Path, out Delegate? given) || standIns.TryGetValue(station.Name, out given))
        {
            return given as Func<TIn, TOut> ?? throw new ArgumentException(
                $"The stand-in for station '{station.Path}' is a {given.GetType().Name}, but the station takes {station.InputType} and gives {station.OutputType}: give StandIn<{station.InputType}, {station.OutputType}>.");
        }

        if (typeof(TIn) == typeof(TOut))
        {
            return static input => (TOut)(object)input!;
        }

        throw new ArgumentException(
            $"Station '{station.Path}' has effects ({string.Join(", ", station.Effects)}) and gives {station.OutputType}, not the {station.InputType} it takes, so the recorder cannot pass its input on: give it an output with StandIn<{station.InputType}, {station.OutputType}>(\"{station.Path}\", ...).");
    }

    internal void Record(RecordedEffect effect) => recorded.Enqueue(effect);
}

/// <summary>What a station with effects was given, and not let do, in a run with an <see cref="EffectRecorder"/>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Station">The station's path.</param>
/// <param name="Effects">What it would have done, as declared.</param>
/// <param name="MaterialId">The material it was given.</param>
/// <param name="Input">The input, as a dead letter would keep it (<c>[Sensitive]</c> members blanked).</param>
public sealed record RecordedEffect(string RunId, string Station, IReadOnlyList<string> Effects, long MaterialId, object? Input);
