using System;
using System.IO;
using System.Text.Json.Serialization.Metadata;
using Factory.Cli.Quality;
using Factory.Cli.Replay;

namespace Factory.Cli;

/// <summary>
/// Where <c>factory</c> runs: its streams, its environment, and what the application that hosts it
/// knows of its own types. The <c>factory</c> tool knows none of them: it reads and decides what needs
/// no line code. An application that builds its own entry point on <see cref="FactoryCli"/> gives its
/// JSON metadata (<see cref="Inputs"/>), so gate payloads can be edited, and its lines
/// (<see cref="Replays"/>), so dead letters can be replayed.
/// </summary>
public sealed class CliHost
{
    /// <summary>Where results go.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Where errors go.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Where confirmations are read from.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>True when <see cref="Out"/> is a terminal: colour (unless NO_COLOR is set) and questions.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>The environment: FACTORY_LEDGER, FACTORY_TENANT, FACTORY_PERMISSIONS, NO_COLOR.</summary>
    public Func<string, string?> Environment { get; init; } = static _ => null;

    /// <summary>Who the operator is when <c>--as</c> is not given.</summary>
    public string UserName { get; init; } = System.Environment.UserName;

    /// <summary>The application's source-generated JSON metadata: gate payloads are read back and edited as their types.</summary>
    public IJsonTypeInfoResolver? Inputs { get; init; }

    /// <summary>The application's lines, by name, that dead letters can be replayed through.</summary>
    public LineReplays Replays { get; init; } = new();

    /// <summary>The application's output types that a review can record a corrected output of.</summary>
    public ReviewCorrections Corrections { get; init; } = new();

    /// <summary>True when colour is on: a terminal, and NO_COLOR not set.</summary>
    internal bool UseColour => IsTerminal && string.IsNullOrEmpty(Environment("NO_COLOR"));

    /// <summary>The process's console and environment.</summary>
    public static CliHost FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        IsTerminal = !Console.IsOutputRedirected,
        Environment = System.Environment.GetEnvironmentVariable,
    };
}
