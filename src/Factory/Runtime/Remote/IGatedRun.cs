namespace Factory.Runtime;

/// <summary>What <see cref="RemoteGates"/> needs of the caller's run it belongs to.</summary>
internal interface IGatedRun
{
    /// <summary>True once the input ended and every material still out waits at a gate.</summary>
    bool OnlyParkedLeft { get; }

    /// <summary>True once every input has its outcome.</summary>
    bool Settled { get; }

    /// <summary>A parked material goes on: its fate is still to come, under its own id.</summary>
    void SentOn(long materialId);

    /// <summary>Ends the run with what still waits at its gates (<see cref="RunState.AwaitingDecision"/>).</summary>
    void Settle();

    void DeadLettered(DeadLetter letter);

    void Discarded(DiscardedMaterial material);
}
