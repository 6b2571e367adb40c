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
