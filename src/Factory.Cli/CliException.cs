using System;

namespace Factory.Cli;

/// <summary>A command's end with an error: the exit code (<see cref="ExitCode"/>) and a sentence naming the bad input and what to do.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(Cli.ExitCode.Usage, message);

    public static CliException NotFound(string message) => new(Cli.ExitCode.NotFound, message);

    public static CliException Refused(string message) => new(Cli.ExitCode.Refused, message);

    public static CliException Unreachable(string message) => new(Cli.ExitCode.Unreachable, message);
}
