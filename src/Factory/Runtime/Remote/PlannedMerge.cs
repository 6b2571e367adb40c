using System;
using System.Collections.Generic;

namespace Factory.Runtime;

/// <summary>The branches of a line's routes joined again in a plan: each branch's end goes on by the hop the next step sets.</summary>
internal sealed class PlannedMerge<T>(List<IProducer<T>> ends) : IPlannedEnd<T>
{
    public void Connect(Belt<T> output) => throw new InvalidOperationException("A planned merge has no belt.");

    public void SendTo(RemoteHop<T> hop)
    {
        foreach (IProducer<T> end in ends)
        {
            ((IPlannedEnd<T>)end).SendTo(hop);
        }
    }
}
