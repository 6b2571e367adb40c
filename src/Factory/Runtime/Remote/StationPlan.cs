using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>One station of a <see cref="LinePlan"/>: its descriptor, the types that travel in and out, and its call.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class StationPlan
{
    private protected StationPlan(StationDescriptor station, int index)
    {
        Station = station;
        Index = index;
    }

    /// <summary>The station.</summary>
    public StationDescriptor Station { get; }

    /// <summary>Its index in the line's stations.</summary>
    public int Index { get; }

    /// <summary>What it takes.</summary>
    public abstract Type InputType { get; }

    /// <summary>What it gives.</summary>
    public abstract Type OutputType { get; }

    /// <summary>
    /// Runs the station's attempts (its <c>MaxAttempts</c>, <c>BackoffMs</c> and <c>TimeoutMs</c>, as in
    /// process) on one material that arrived as JSON, and gives the outputs as JSON, or the dead letter.
    /// Nothing is recorded yet: the caller records the outcome (<see cref="RemoteScope.Record"/>) once
    /// the outputs are safely on. Throws only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public abstract ValueTask<StationOutcome> ProcessAsync(ReadOnlyMemory<byte> input, MaterialInfo material, RemoteScope scope, CancellationToken cancellationToken);

    /// <summary>True for a batch station: give it what the worker has at hand (<see cref="ProcessBatchAsync"/>), up to its <c>BatchSize</c>.</summary>
    public virtual bool IsBatch => false;

    /// <summary>
    /// A batch station's attempts on several materials at once, as <see cref="ProcessAsync"/> does for
    /// one: an outcome per input, in order. Only for <see cref="IsBatch"/>.
    /// </summary>
    public virtual ValueTask<IReadOnlyList<StationOutcome>> ProcessBatchAsync(IReadOnlyList<RemoteInput> inputs, RemoteScope scope, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Station '{Station.Path}' is not a batch station.");
}
