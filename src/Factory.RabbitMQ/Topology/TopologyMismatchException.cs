using System;
using System.Collections.Generic;
using System.Linq;

namespace Factory.RabbitMQ;

/// <summary>
/// A queue the line needs exists on the broker with other arguments (another version of the line, or
/// other options): RabbitMQ refuses to redeclare it. Names the queue and every differing argument.
/// </summary>
public sealed class TopologyMismatchException : Exception
{
    /// <summary>Creates the exception for <paramref name="queue"/>.</summary>
    public TopologyMismatchException(string queue, IReadOnlyList<ArgumentDifference> differences)
        : base(Describe(queue, differences))
    {
        Queue = queue;
        Differences = differences;
    }

    /// <summary>The queue.</summary>
    public string Queue { get; }

    /// <summary>Each argument that differs, in the order the broker reported them.</summary>
    public IReadOnlyList<ArgumentDifference> Differences { get; }

    private static string Describe(string queue, IReadOnlyList<ArgumentDifference> differences) =>
        $"Queue '{queue}' exists with other arguments than the line declares ({string.Join("; ", differences.Select(d => d.ToString()))}). " +
        "Drain and delete the queue (rabbitmqctl delete_queue) so it is declared again, or run the line with the options it was declared with.";
}
