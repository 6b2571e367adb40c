using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Factory.Ledger;
using TicketTriage;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary>
/// The commands against the ledger of a real run of the example factory: its line (nested lines, routes,
/// a gate), its dead letters, its waiting refunds, and the descriptor hash the run recorded, which is the
/// one <c>factory graph</c> computes from the built assembly.
/// </summary>
public sealed class ExampleTests(ExampleLedger example) : IClassFixture<ExampleLedger>
{
    // The example's own JSON metadata, as its own entry point would give: this process has run its line, so its gate's payload check is registered.
    private Task<CliResult> Default(params string[] args) => Cli.RunAsync([.. args, "--ledger", example.Path, "--tenant", "default", "--as", "olga"], inputs: TicketTriage.Serialization.TriageJsonContext.Lines);

    private async Task<RunRecord> RunAsync()
    {
        await using var ledger = new Factory.Ledger.Sqlite.SqliteLedger(example.Path);
        return Assert.Single(await ledger.ListRunsAsync());
    }

    [Fact]
    public async Task Runs_lists_the_examples_run_waiting_for_refund_decisions()
    {
        RunRecord run = await RunAsync();
        CliResult runs = await Default("runs", "--output", "json");
        Assert.True(runs.Exit == ExitCode.Ok, runs.ToString());
        JsonElement listed = Assert.Single(runs.Json.GetProperty("runs").EnumerateArray());
        Assert.Equal(run.RunId, listed.GetProperty("runId").GetString());
        Assert.Equal("awaiting-decision", listed.GetProperty("status").GetString());
        Assert.Equal(300, listed.GetProperty("inputs").GetInt64());
    }

    [Fact]
    public async Task The_runs_descriptor_hash_is_the_one_graph_reads_from_the_built_assembly()
    {
        RunRecord run = await RunAsync();
        Assert.Equal(nameof(TicketTriageLine), run.Line);
        Assert.Equal(300, run.Inputs);
        Assert.Equal(2, run.DeadLetters);

        CliResult graph = await Cli.RunAsync(["graph", typeof(TicketTriageLine).Assembly.Location, "--line", run.Line, "--format", "json"]);
        Assert.Equal(run.LineHash, Assert.Single(graph.Json.GetProperty("lines").EnumerateArray()).GetProperty("lineHash").GetString());

        CliResult dryRun = await Default("dead-letters", "replay", "--run", run.RunId, "--dry-run");
        Assert.True(dryRun.Exit == ExitCode.Ok, dryRun.ToString());
        Assert.Contains($"2 from station Normalize v1 of line TicketTriageLine (descriptor hash {run.LineHash})", dryRun.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_show_counts_the_examples_stations_nested_lines_included()
    {
        RunRecord run = await RunAsync();
        CliResult show = await Default("run", "show", run.RunId, "--output", "json");
        Assert.True(show.Exit == ExitCode.Ok, show.ToString());
        JsonElement[] stations = [.. show.Json.GetProperty("stations").EnumerateArray()];
        JsonElement normalize = stations.Single(s => s.GetProperty("station").GetString() == "Normalize");
        Assert.Equal(300, normalize.GetProperty("attempts").GetInt64());
        Assert.Equal(2, normalize.GetProperty("deadLettered").GetInt64());
        Assert.Contains(stations, s => s.GetProperty("station").GetString() == "RefundLine/DraftRefund");
        Assert.Equal(2, show.Json.GetProperty("inputs").GetProperty("dead-lettered").GetInt64());
    }

    [Fact]
    public async Task Provenance_of_a_dead_lettered_ticket_shows_its_input_as_json()
    {
        RunRecord run = await RunAsync();
        CliResult letters = await Default("dead-letters", "list", "--run", run.RunId, "--output", "json");
        JsonElement letter = letters.Json.GetProperty("deadLetters").EnumerateArray().First();
        long material = letter.GetProperty("materialId").GetInt64();

        CliResult provenance = await Default("provenance", run.RunId, material.ToString(System.Globalization.CultureInfo.InvariantCulture), "--output", "json");
        Assert.True(provenance.Exit == ExitCode.Ok, provenance.ToString());
        JsonElement input = provenance.Json.GetProperty("deadLetter").GetProperty("input");
        Assert.Equal(JsonValueKind.Object, input.ValueKind);
        Assert.Equal(string.Empty, input.GetProperty("body").GetString());
        Assert.Equal("failed", Assert.Single(provenance.Json.GetProperty("attempts").EnumerateArray()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task The_waiting_refunds_are_listed_at_their_gate_and_the_tool_cannot_replay()
    {
        RunRecord run = await RunAsync();
        CliResult gates = await Default("gates", "list", "--run", run.RunId, "--output", "json");
        Assert.True(gates.Exit == ExitCode.Ok, gates.ToString());
        JsonElement[] waiting = [.. gates.Json.GetProperty("waiting").EnumerateArray()];
        Assert.NotEmpty(waiting);
        Assert.All(waiting, item => Assert.Equal("RefundLine/ApproveRefund", item.GetProperty("gate").GetString()));
        Assert.Equal(run.Inputs - run.InputsDone, waiting.Length);

        CliResult replay = await Default("dead-letters", "replay", "--run", run.RunId, "--yes");
        Assert.Equal(ExitCode.Refused, replay.Exit);
    }

    [Fact]
    public async Task Run_watch_of_the_example_shows_each_stations_attempts_dead_letters_and_waiting_refunds_and_ends()
    {
        RunRecord run = await RunAsync();
        CliResult watch = await Default("run", "watch", run.RunId, "--interval", "0.05");
        Assert.True(watch.Exit == ExitCode.Ok, watch.ToString());
        string[] lines = watch.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"awaiting-decision: {run.InputsDone} of 300 inputs done, 2 dead letters", lines[0], StringComparison.Ordinal);
        Assert.Contains("    Normalize: 300 attempts, 2 failed, 2 dead letters", lines);
        Assert.Contains(lines, l => l.StartsWith("    RefundLine/ApproveRefund: ", StringComparison.Ordinal) && l.EndsWith($" {300 - run.InputsDone} waiting", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    Redact: 298 attempts, 0 failed", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.StartsWith("    ", l, StringComparison.Ordinal));
    }
}
