using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Running;
using TicketTriage.Stations;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>The sample's ledger: a SQLite file next to the outcomes that records every ticket's one outcome and lets an interrupted run be resumed.</summary>
public sealed class LedgerTests : IDisposable
{
    // 1,600 tickets: 8 malformed, 3 of them lines that are not a ticket, so 1,597 inputs and 5 dead letters.
    private const int Count = 1_600;
    private const int Inputs = Count - 3;

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-ledger-{Guid.NewGuid():N}");

    private string Output => Path.Combine(folder, "outcomes.jsonl");

    private string LedgerFile => Path.Combine(folder, "ledger.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_keeps_its_ledger_next_to_the_outcomes_and_records_the_outcome_the_report_gives_each_ticket()
    {
        Assert.Equal(0, await RunAsync("--count", "1600", "--out", Output, "--plain"));

        Assert.True(File.Exists(LedgerFile));
        await using var ledger = new SqliteLedger(LedgerFile);
        RunRecord run = Assert.Single(await ledger.ListRunsAsync());
        Assert.Equal(RunStatus.AwaitingDecision, run.Status);
        Assert.Equal(nameof(TicketTriageLine), run.Line);
        Assert.Equal(1, run.Starts);
        Assert.Equal(Inputs, run.Inputs);

        // The refunds above the threshold wait at the gate: their tickets have no outcome yet.
        int refunds = Expected<RefundTicket>();
        Assert.InRange(refunds, 1, 100);
        Assert.Equal(Inputs - refunds, run.InputsDone);
        Assert.Equal(5, run.DeadLetters);

        IReadOnlyList<InputRecord> inputs = await ledger.ListInputsAsync(run.RunId, new PageQuery { Limit = 10_000 });
        Assert.Equal(Inputs, inputs.Count);
        Assert.Equal(refunds, inputs.Count(i => i.Outcome is null));

        // What the ledger says matches what the line gave: the outcomes file, the spam the line discards, the malformed tickets.
        HashSet<string> written = OutcomeIds();
        Assert.Equal(written.Count, inputs.Count(i => i.Outcome == InputOutcome.Delivered));
        Assert.Equal(Expected<SpamTicket>(), inputs.Count(i => i.Outcome == InputOutcome.Discarded));
        Assert.Equal(5, inputs.Count(i => i.Outcome == InputOutcome.DeadLettered));

        IReadOnlyList<DeadLetterRecord> letters = await ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = run.RunId });
        Assert.Equal(5, letters.Count);
        Assert.All(letters, l => Assert.Equal(nameof(Normalize), l.Station));
        Assert.All(letters, l => Assert.Equal(DeadLetterInputStatus.Serialized, l.InputStatus));
    }

    [Fact]
    public async Task A_run_cancelled_part_way_and_resumed_with_its_id_ends_with_one_outcome_per_ticket_and_no_ticket_answered_twice()
    {
        Assert.Equal(TriageRunner.Cancelled, await RunAsync("--count", "1600", "--out", Output, "--plain", "--stop-after", "300"));

        string runId;
        await using (var ledger = new SqliteLedger(LedgerFile))
        {
            RunRecord stopped = Assert.Single(await ledger.ListRunsAsync());
            Assert.Equal(RunStatus.Cancelled, stopped.Status);
            Assert.InRange(stopped.InputsDone, 300, Inputs - 1);
            runId = stopped.RunId;
        }

        int firstWritten = OutcomeIds().Count;
        Assert.InRange(firstWritten, 300, Inputs - 1);

        Assert.Equal(0, await RunAsync("--out", Output, "--plain", "--resume", runId));

        await using (var ledger = new SqliteLedger(LedgerFile))
        {
            RunRecord resumed = Assert.Single(await ledger.ListRunsAsync());
            Assert.Equal(runId, resumed.RunId);
            Assert.Equal(RunStatus.AwaitingDecision, resumed.Status);
            Assert.Equal(2, resumed.Starts);

            // Nobody decided on the refunds: they wait, and every other ticket has its outcome.
            Assert.Equal(Inputs - Expected<RefundTicket>(), resumed.InputsDone);
            Assert.Equal(5, resumed.DeadLetters);

            IReadOnlyList<InputRecord> inputs = await ledger.ListInputsAsync(runId, new PageQuery { Limit = 10_000 });
            Assert.Equal(Inputs, inputs.Count);
            Assert.Equal(Enumerable.Range(0, Inputs).Select(i => (long)i), inputs.Select(i => i.Sequence));
            Assert.Equal(Expected<RefundTicket>(), inputs.Count(i => i.Outcome is null));

            // Tickets done before the stop were not processed again: most entered once; only those in flight twice.
            Assert.Contains(inputs, i => i.Finished is not null && i.Entries == 1);
            Assert.True(inputs.Count(i => i.Entries > 1) < Inputs - 300);

            // Every reply and escalation is in the outcomes file exactly once, and they are the delivered inputs.
            List<string> ids = OutcomeIdList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(inputs.Count(i => i.Outcome == InputOutcome.Delivered), ids.Count);
            Assert.Equal(Expected<SpamTicket>(), inputs.Count(i => i.Outcome == InputOutcome.Discarded));
        }

        // The same tickets run in one go give the same outcomes file, in another order.
        string again = Path.Combine(folder, "again", "outcomes.jsonl");
        Assert.Equal(0, await RunAsync("--count", "1600", "--out", again, "--plain", "--no-ledger"));
        Assert.Equal(
            File.ReadAllLines(again).Order(StringComparer.Ordinal),
            File.ReadAllLines(Output).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(folder, "again", "ledger.db")));
    }

    [Fact]
    public async Task Resuming_a_run_the_ledger_does_not_know_fails_before_anything_runs()
    {
        Assert.Equal(0, await RunAsync("--count", "100", "--out", Output, "--plain"));
        byte[] before = await File.ReadAllBytesAsync(Output);

        Assert.Equal(1, await RunAsync("--out", Output, "--plain", "--resume", "no-such-run"));

        Assert.Equal(before, await File.ReadAllBytesAsync(Output));
    }

    [Theory]
    [InlineData("--resume", "r1", "--no-ledger")]
    [InlineData("--resume", "r1", "--count", "10")]
    [InlineData("--ledger", "x.db", "--no-ledger")]
    [InlineData("--resume")]
    [InlineData("--stop-after", "0")]
    public void Conflicting_or_incomplete_ledger_options_are_refused(params string[] args)
    {
        Assert.False(TriageOptions.TryParse(args, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    private static async Task<int> RunAsync(params string[] args)
    {
        Assert.True(TriageOptions.TryParse(args, out TriageOptions options, out string? error), error);
        return await TriageRunner.RunAsync(options, CancellationToken.None);
    }

    private HashSet<string> OutcomeIds() => new(OutcomeIdList(), StringComparer.Ordinal);

    private List<string> OutcomeIdList()
    {
        var ids = new List<string>();
        foreach (string line in File.ReadAllLines(Output))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            ids.Add(document.RootElement.GetProperty("ticketId").GetString()!);
        }

        return ids;
    }

    /// <summary>How many of the sample's 1,600 tickets Prioritize makes a <typeparamref name="T"/> (spam is discarded, refunds wait), worked out station by station.</summary>
    private static int Expected<T>()
        where T : Triaged
    {
        var normalize = new Normalize();
        var redact = new Redact();
        var classify = new Classify(ShippedModel.Instance);
        var prioritize = new Prioritize();
        return new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(Count)
            .Where(l => l.BrokenText is null && Inspect.Malformed(l.Ticket) is null)
            .Count(l => prioritize.Process(classify.Process(redact.Process(normalize.Process(l.Ticket)))) is T);
    }
}
