using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Where a worker puts the materials it gives: an <see cref="Outbox{T}"/> to the next belt, or a
/// station fused into the worker (<see cref="FusedStation{TIn, TOut, TWork}"/>) that processes them
/// on the spot.
/// </summary>
internal interface IDownstream<T>
{
    /// <summary>Takes a material; true when the outbox at the end is full and must be flushed now.</summary>
    bool Add(in Material<T> material);

    /// <summary>Moves what is waiting at the end onto the next belt: the worker is about to wait.</summary>
    ValueTask FlushAsync();

    /// <summary>Moves the full outbox at the end onto the next belt: the worker carries on at once.</summary>
    ValueTask FlushFullAsync();
}

/// <summary>A station whose worker can run the next stations too: they are fused into it.</summary>
internal interface IFusable<T>
{
    /// <summary>True while the station has one worker and nothing connected after it.</summary>
    bool CanFuse { get; }

    /// <summary>Hands this station's outputs to <paramref name="next"/> instead of a belt.</summary>
    void Fuse(IFusedStation<T> next);
}

/// <summary>A station fused into the worker of the station before it.</summary>
internal interface IFusedStation<T> : IDownstream<T>
{
    /// <summary>Prepares the station for its worker: the end of the chain opens its outbox.</summary>
    void Open();

    /// <summary>The worker is done: the end of the chain closes its belt.</summary>
    void Complete(System.Exception? error);
}
