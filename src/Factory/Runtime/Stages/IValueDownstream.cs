using System;

namespace Factory.Runtime;

/// <summary>
/// A downstream that may take a take's values, mapped a station at a time (<see cref="MappedTake"/>):
/// a function station fused into the worker (<see cref="FusedStation{TIn, TOut, TWork}"/>), or the
/// <see cref="Outbox{T}"/> at the end of the chain.
/// </summary>
internal interface IValueDownstream<T> : IDownstream<T>
{
    /// <summary>
    /// How many materials the stations from here on take now as values (<see cref="AddValues"/>): the
    /// room in the outbox at the end, or -1 unless every one of them is a function mapped directly.
    /// </summary>
    int RoomForValues { get; }

    /// <summary>
    /// Takes the values of a take, as many as <see cref="RoomForValues"/> said at most; true when the
    /// outbox at the end is full and must be flushed now.
    /// </summary>
    bool AddValues(MappedTake take, Span<T> values);
}
