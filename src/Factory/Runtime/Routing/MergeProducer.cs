using System;
using System.Collections.Generic;

namespace Factory.Runtime;

/// <summary>Connects every branch's end to one belt, which closes when all of them are done.</summary>
internal sealed class MergeProducer<T>(List<IProducer<T>> ends, Action<Action<Exception?>> whenRouterDone) : IProducer<T>
{
    public void Connect(Belt<T> output)
    {
        if (ends.Count == 0)
        {
            // Every route discards: the router itself closes the belt when it is done.
            whenRouterDone(error => output.TryComplete(error));
            return;
        }

        output.ExpectProducers(ends.Count);
        foreach (IProducer<T> end in ends)
        {
            end.Connect(output);
        }
    }
}
