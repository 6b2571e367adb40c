using System.Collections.Generic;

namespace Factory.RabbitMQ;

/// <summary>What a caller tells every worker of its line about one run, on the line's control exchange: by headers alone.</summary>
internal static class ControlMessages
{
    /// <summary>The header naming the command.</summary>
    public const string Command = "factory-control";

    /// <summary>Stop working on the run's materials until it is resumed.</summary>
    public const string Pause = "pause";

    /// <summary>Work on the run's materials again.</summary>
    public const string Resume = "resume";

    /// <summary>The run ended (cancelled, failed, or done): drop whatever of it is still in the queues.</summary>
    public const string Cancel = "cancel";

    public static Dictionary<string, object?> Headers(string runId, string start, string command) => new()
    {
        [MessageHeaders.RunId] = runId,
        [MessageHeaders.RunStart] = start,
        [Command] = command,
    };
}
