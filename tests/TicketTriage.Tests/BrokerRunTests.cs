using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Factory.Testing;
using TicketTriage.Cli;
using TicketTriage.Reporting;
using TicketTriage.Running;
using Xunit;
using Xunit.Abstractions;

namespace TicketTriage.Tests;

/// <summary>
/// The example on RabbitMQ (<c>--broker URI --workers 3</c>): three worker processes it starts itself host
/// the line (its routes to nested lines, its gate), and the summary is the one the run prints in process,
/// its per-station tables included (read from the ledger the workers recorded into).
/// It captures the process's console, so it runs alone: another test's run printing meanwhile would land in its capture.
/// </summary>
[Collection(Alone.Name)]
public sealed class BrokerRunTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Tables = ["Where the tickets went", "Categories (every classified ticket)", "Stations", "Triage", "Dead letters and bad lines", "Examples"];

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-broker-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_on_the_broker_with_three_worker_processes_prints_the_summary_it_prints_in_process()
    {
        Uri broker = RabbitMqBroker.FromEnvironment();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        (int inProcessExit, string inProcess) = await RunAsync("in-process", [], cancel.Token);
        (int onBrokerExit, string onBroker) = await RunAsync("broker", ["--broker", broker.OriginalString, "--workers", "3"], cancel.Token);

        output.WriteLine(onBroker);
        Assert.Equal(0, inProcessExit);
        Assert.Equal(0, onBrokerExit);
        Assert.Matches(@"broker: [^,]+, 3 worker processes \(\d+, \d+, \d+\)", onBroker);
        foreach (string title in Tables)
        {
            Assert.Equal(Table(inProcess, title), Table(onBroker, title));
        }

        // The metrics' table in process, the ledger's on the broker: the same stations in the same order with the same
        // counts, failed attempts and dead letters. Their p50 and p95 (and the unit the header names) are timings: not compared.
        Assert.Equal(Counts(inProcess, StationTable.Title), Counts(onBroker, StationTable.RecordedTitle));
        Assert.Equal(8, Counts(onBroker, StationTable.RecordedTitle).Length);

        // 300 tickets: every kind of outcome, refunds waiting at the gate (parked by a worker in the ledger), spam discarded, malformed ones dead.
        Assert.Equal(Outcome(inProcess), Outcome(onBroker));
        Assert.Matches(@"AwaitingDecision: \d+ escalated, \d+ replied, [1-9]\d* refunds awaiting decision, [1-9]\d* discarded as spam, [1-9]\d* dead letters", Outcome(onBroker));
        Assert.Contains("JsonlSource: 300 tickets into the line", onBroker, StringComparison.Ordinal);
        Assert.Contains("every one of the 300 lines, exactly once", onBroker, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_on_the_broker_that_ended_awaiting_decision_resumes_on_the_broker_as_a_run_in_process_resumes()
    {
        Uri broker = RabbitMqBroker.FromEnvironment();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        string[] onBroker = ["--broker", broker.OriginalString, "--workers", "2"];

        // Each run ends with the same 3 refunds waiting (tickets 73, 286 and 300); two are decided in its ledger, then it resumes.
        (string inProcess, string inProcessRefunds) = await RunDecideResumeAsync("in-process", [], cancel.Token);
        (string resumed, string resumedRefunds) = await RunDecideResumeAsync("broker", onBroker, cancel.Token);

        output.WriteLine(resumed);
        Assert.Contains("resuming run ", resumed, StringComparison.Ordinal);
        Assert.Matches(@"broker: [^,]+, 2 worker processes", resumed);
        Assert.Equal(Table(inProcess, "Stations"), Table(resumed, "Stations"));
        Assert.Equal(Counts(inProcess, StationTable.Title), Counts(resumed, StationTable.RecordedTitle));
        Assert.Equal(["RefundLine/IssueRefund: 1, 0, 0", "RefundLine/ExplainDecline: 1, 0, 0"], Counts(resumed, StationTable.RecordedTitle));

        // The approved refund was issued once, the rejected one answered, and the third still waits: the run ends awaiting decision again.
        Assert.Equal(Outcome(inProcess), Outcome(resumed));
        Assert.Contains("ledger: run ", resumed, StringComparison.Ordinal);
        Assert.Matches(@"is awaiting decision: 299 of 300 tickets have their outcome", resumed);
        Assert.Contains("wrote 0 escalations, 0 replies and 2 refund answers", resumed, StringComparison.Ordinal);
        Assert.Single(inProcessRefunds.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Single(resumedRefunds.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"ticketId\":\"T-000073\"", resumedRefunds, StringComparison.Ordinal);
        Assert.Matches(@"--resume triage-[-\w]+ --out \S+ --broker URI --workers 2", resumed);
    }

    /// <summary>A run of 300 tickets that ends awaiting decision; 73 approved and 286 rejected in its ledger; the run resumed. What the resume printed, and the refunds issued.</summary>
    private async Task<(string Resumed, string Refunds)> RunDecideResumeAsync(string name, string[] more, CancellationToken cancellationToken)
    {
        (int exit, string first) = await RunAsync(name, more, cancellationToken);
        Assert.Equal(0, exit);
        string runId = Regex.Match(first, @"run (triage-[-\w]+) is awaiting decision on 3 refunds").Groups[1].Value;
        Assert.NotEmpty(runId);
        string outcomes = Path.Combine(folder, name, "outcomes.jsonl");
        foreach (string[] decision in (string[][])[["--approve", runId + "/73"], ["--reject", runId + "/286", "--reason", "bought twice"]])
        {
            Assert.True(TriageOptions.TryParse([.. decision, "--out", outcomes], out TriageOptions deciding, out string? wrong), wrong);
            Assert.Equal(0, await GateCommands.DecideAsync(deciding, TextWriter.Null, cancellationToken));
        }

        (int resumedExit, string resumed) = await RunAsync(name, ["--resume", runId, .. more], cancellationToken, count: false);
        Assert.True(resumedExit == 0, $"the resume of {name} exited with {resumedExit}:\n{resumed}");
        return (resumed, await File.ReadAllTextAsync(Path.Combine(folder, name, "refunds.jsonl"), cancellationToken));
    }

    private async Task<(int Exit, string Printed)> RunAsync(string name, string[] more, CancellationToken cancellationToken, bool count = true)
    {
        string[] args = [.. count ? ["--count", "300"] : Array.Empty<string>(), "--out", Path.Combine(folder, name, "outcomes.jsonl"), "--plain", "--pain-points", "0", .. more];
        Assert.True(TriageOptions.TryParse(args, out TriageOptions options, out string? error), error);
        return await StationMetricsTests.CaptureAsync(() => TriageRunner.RunAsync(options, cancellationToken));
    }

    /// <summary>The lines of the table titled <paramref name="title"/>, from its title to its bottom edge.</summary>
    private static string Table(string printed, string title)
    {
        string[] lines = printed.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int at = Array.FindIndex(lines, l => l.Trim() == title);
        Assert.True(at >= 0, $"no table titled '{title}' in:\n{printed}");
        int end = Array.FindIndex(lines, at, l => l.StartsWith('╰'));
        return string.Join('\n', lines[at..(end + 1)]);
    }

    /// <summary>Each row of a per-station table of the metrics' kind: station, count, failed and dead letters (p50 and p95 left out).</summary>
    private static string[] Counts(string printed, string title) =>
        StationMetricsTests.Rows(printed, title).Select(r => $"{r.Key}: {r.Value[0]}, {r.Value[3]}, {r.Value[4]}").ToArray();

    /// <summary>The run table's outcome row, without its duration.</summary>
    private static string Outcome(string printed)
    {
        string[] lines = printed.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int at = Array.FindIndex(lines, l => l.StartsWith("│ Outcome ", StringComparison.Ordinal));
        Assert.True(at >= 0, $"no outcome row in:\n{printed}");
        string row = string.Join(' ', lines[at..].TakeWhile((l, i) => i == 0 || l.StartsWith("│            │", StringComparison.Ordinal)).Select(l => l.Split('│')[2].Trim()));
        return Regex.Replace(row, @" in [\d.,]+ s:", ":");
    }
}

/// <summary>Tests that run with no other test at the same time (they capture the console).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Alone
{
    public const string Name = "runs alone";
}
