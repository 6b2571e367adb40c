using System;
using Factory.Telemetry;

namespace Factory.Runtime;

/// <summary>How stations make dead letters: the failure's message is redacted with the job's secrets.</summary>
internal static class DeadLetters
{
    /// <param name="run">The run.</param>
    /// <param name="station">Where the material failed.</param>
    /// <param name="material">The material.</param>
    /// <param name="kept">What the dead letter keeps of the input (without sensitive members).</param>
    /// <param name="failure">The last failure.</param>
    /// <param name="attempts">Attempts made.</param>
    public static DeadLetter Create<T>(RunState run, StationDescriptor station, in Material<T> material, object? kept, Exception failure, int attempts) =>
        new(
            material.Id,
            material.ParentId,
            station.Path,
            station.Version,
            attempts,
            failure.GetType().FullName ?? failure.GetType().Name,
            FactoryLog.Redacted(run.Job, failure),
            kept,
            DateTimeOffset.UtcNow)
        {
            Root = material.Root,
        };
}
