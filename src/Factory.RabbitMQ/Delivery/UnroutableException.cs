using System;

namespace Factory.RabbitMQ;

/// <summary>A message came back unroutable: its queue does not exist (a station queue never declared, or the exit of a run that ended).</summary>
public sealed class UnroutableException : Exception
{
    /// <summary>Creates the exception for <paramref name="queue"/>.</summary>
    public UnroutableException(string queue, Exception inner)
        : base($"Queue '{queue}' does not exist: declare the line's topology (TopologyDeclarer) before its runs start; a run's exit is gone once the run ended.", inner)
    {
        Queue = queue;
    }

    /// <summary>The queue.</summary>
    public string Queue { get; }
}
