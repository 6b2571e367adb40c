namespace Factory.RabbitMQ;

/// <summary>
/// The names of what a line declares on the broker, all under <c>factory.{line}</c>, so that lines and
/// their runs never share a queue and an operator reads the owner from the name.
/// </summary>
public static class BrokerNames
{
    /// <summary>The prefix of every name of <paramref name="line"/>.</summary>
    public static string Prefix(LineDescriptor line) => "factory." + line.Name;

    /// <summary>The quorum queue in front of <paramref name="station"/>: its competing consumers take from it.</summary>
    public static string StationQueue(LineDescriptor line, StationDescriptor station) => Prefix(line) + ".station." + station.Path;

    /// <summary>
    /// The quorum queue of <paramref name="station"/>'s suspects: materials delivered before (their worker died, or lost its
    /// connection, holding them), each run there alone by a worker that holds nothing else of that queue.
    /// </summary>
    public static string SuspectQueue(LineDescriptor line, StationDescriptor station) => Prefix(line) + ".suspects." + station.Path;

    /// <summary>The exchange station queues dead-letter into (a fanout: every dead letter of the line lands in one queue).</summary>
    public static string DeadLetterExchange(LineDescriptor line) => Prefix(line) + ".dead-letters";

    /// <summary>The quorum queue holding the line's dead letters (crashed workers past the delivery limit).</summary>
    public static string DeadLetterQueue(LineDescriptor line) => Prefix(line) + ".dead-letters";

    /// <summary>The fanout exchange a caller tells every worker of the line to pause, resume or cancel one of its runs on.</summary>
    public static string ControlExchange(LineDescriptor line) => Prefix(line) + ".control";

    /// <summary>The queue a run's outputs and outcomes come back to the caller on.</summary>
    public static string ExitQueue(LineDescriptor line, string runId) => Prefix(line) + ".exit." + runId;
}
