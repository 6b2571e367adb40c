using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Replay;

namespace Factory.Cli.Tests;

/// <summary>One command line run in process: its exit code and what it printed.</summary>
public sealed record CliResult(int Exit, string Out, string Error)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {Exit}\n{Out}\n{Error}";
}

public static class Cli
{
    /// <summary>Runs <c>factory ARGS</c> as the plant's own entry point would (its JSON metadata), output redirected.</summary>
    public static async Task<CliResult> RunAsync(string[] args, bool appTypes = true, LineReplays? replays = null, string? stdin = null, System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? inputs = null, Factory.Cli.Quality.ReviewCorrections? corrections = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost
        {
            Out = output,
            Error = error,
            In = new StringReader(stdin ?? string.Empty),
            UserName = "osuser",
            Inputs = inputs ?? (appTypes ? PlantJson.Default : null),
            Replays = replays ?? new LineReplays(),
            Corrections = corrections ?? new Factory.Cli.Quality.ReviewCorrections(),
        };
        int exit = await FactoryCli.RunAsync(args, host);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs a long command (<c>serve</c>, <c>run watch</c>) writing to <paramref name="output"/> until <paramref name="cancellationToken"/>; returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken) =>
        FactoryCli.RunAsync(args, new CliHost { Out = output, Error = output, UserName = "osuser", Inputs = PlantJson.Default }, cancellationToken);
}
