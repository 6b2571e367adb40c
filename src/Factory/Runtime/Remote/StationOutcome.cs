using System.Collections.Generic;
using System.ComponentModel;

namespace Factory.Runtime;

/// <summary>What a station's attempts on one material from a transport gave: outputs to send on, or a dead letter, and each attempt's record.</summary>
/// <param name="Outputs">The outputs, serialized, with their identities (none for a dead letter).</param>
/// <param name="DeadLetter">The dead letter when every attempt failed, else null.</param>
/// <param name="Executions">One record per attempt, in order; recorded once the outputs are safely on (<see cref="RemoteScope.Record"/>).</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record StationOutcome(IReadOnlyList<RemoteOutput> Outputs, DeadLetter? DeadLetter, IReadOnlyList<StationExecution> Executions)
{
    /// <summary>For a station that splits and succeeded: how many materials it gave (0 filters); else null.</summary>
    public int? Children { get; init; }

    /// <summary>Outputs no route took (dead letters "no route for type X"), for the run's exit.</summary>
    public IReadOnlyList<DeadLetter> RouteLetters { get; init; } = [];

    /// <summary>Outputs a discard route dropped, for the run's exit.</summary>
    public IReadOnlyList<DiscardedMaterial> Discards { get; init; } = [];
}

/// <summary>One output of a station, serialized for the next hop.</summary>
/// <param name="Material">Its identity.</param>
/// <param name="Body">The value as UTF-8 JSON.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record RemoteOutput(MaterialInfo Material, byte[] Body)
{
    /// <summary>The index of the station whose queue it goes to; null for the run's exit.</summary>
    public int? Next { get; init; }

    /// <summary>For a child on its way to a gather: the gather's index (<see cref="GatherPlan.Index"/>); it goes to the run's exit.</summary>
    public int? Gather { get; init; }

    /// <summary>
    /// True for a notice that the material waits at the gate that gave it (parked in the run's gate store,
    /// without its [Sensitive] members): it goes to the run's exit with the material whole as its body, and the
    /// run sends it on once it is decided.
    /// </summary>
    public bool Parked { get; init; }
}
