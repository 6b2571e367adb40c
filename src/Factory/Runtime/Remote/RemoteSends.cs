using System.Collections.Generic;

namespace Factory.Runtime;

/// <summary>What a station's outputs became on their hops: messages to send on, and route dead letters and discards for the run's exit.</summary>
internal sealed class RemoteSends
{
    public List<RemoteOutput> Outputs { get; } = [];

    public List<DeadLetter> Letters { get; } = [];

    public List<DiscardedMaterial> Discards { get; } = [];
}
