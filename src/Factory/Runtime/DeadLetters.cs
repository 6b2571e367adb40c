using System;
using Factory.Telemetry;

namespace Factory.Runtime;

/// <summary>How stations make dead letters: the failure's message is redacted with the job's secrets.</summary>
internal static class DeadLetters
{
    public static DeadLetter Create<T>(RunState run, StationDescriptor station, in Material<T> material, Exception failure, int attempts) =>
        new(
            material.Id,
            material.ParentId,
            station.Path,
            station.Version,
            attempts,
            failure.GetType().FullName ?? failure.GetType().Name,
            FactoryLog.Redacted(run.Job, failure),
            material.Value,
            DateTimeOffset.UtcNow)
        {
            Root = material.Root,
        };
}
