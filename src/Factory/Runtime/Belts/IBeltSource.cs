using System;

namespace Factory.Runtime;

/// <summary>
/// Where a belt's only reader takes materials itself when the belt is empty: the input sequence of
/// <c>RunAsync</c>, pulled by the first station's worker, so no feeder thread sits between the
/// caller's sequence and the line.
/// </summary>
internal interface IBeltSource<T>
{
    /// <summary>
    /// Fills <paramref name="into"/> with the next materials; returns how many. <paramref name="exhausted"/>
    /// is true once there will be no more (the sequence ended, or failed and failed the run).
    /// </summary>
    int Pull(Span<Material<T>> into, out bool exhausted);
}
