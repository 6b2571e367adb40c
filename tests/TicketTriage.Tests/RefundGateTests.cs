using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.Gates;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Running;
using TicketTriage.Serialization;
using TicketTriage.Stations;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>Refunds above the threshold wait at the ApproveRefund gate; decisions in the run's ledger finish the run.</summary>
public sealed class RefundGateTests
{
    [Fact]
    public void The_refund_line_has_the_gate_and_its_two_routes_and_only_the_approved_route_reaches_the_station_with_effects()
    {
        LineDescriptor line = RefundLine.Descriptor;

        Assert.Equal(["DraftRefund", "ApproveRefund", "IssueRefund", "ExplainDecline"], line.Stations.Select(s => s.Path));
        GateDescriptor gate = Assert.IsType<GateDescriptor>(line.Stations[1].Gate);
        Assert.Equal([ApproveRefund.Permission], gate.Approvers);
        Assert.Equal(24 * 60, gate.TimeoutMinutes);
        Assert.Equal(GateTimeout.Reject, gate.OnTimeout);
        Assert.False(gate.FourEyes);
        Assert.Equal(typeof(RefundDraft).FullName, line.Stations[1].InputType);
        Assert.Equal(
            [(1, "Factory.Approved<TicketTriage.Tickets.RefundDraft>", 2), (1, "Factory.Rejected<TicketTriage.Tickets.RefundDraft>", 3)],
            line.Routes.Select(r => (r.From, r.CaseType, r.To)));
        Assert.Equal(["refunds:issue"], line.Stations[2].Effects);
        Assert.Empty(line.Stations[3].Effects);
        Assert.All(line.Stations.Where(s => s.Path != "ApproveRefund"), s => Assert.Null(s.Gate));
        Assert.Equal("RefundLine/ApproveRefund", WaitingRefunds.GatePath);
    }

    [Theory]
    [InlineData("can i get a refund for order #123456? the charge was $250.00", 250.00, "USD")]
    [InlineData("hello. can i get a refund for order 482913? it was 399 eur thanks", 399, "EUR")]
    [InlineData("i want my money back, £212.40 was taken", 212.40, "GBP")]
    [InlineData("refund please: €18", 18, "EUR")]
    public void A_ticket_that_asks_for_a_refund_and_names_an_amount_is_read(string text, double amount, string currency)
    {
        Assert.True(RefundRequests.TryRead(text, out decimal read, out string unit));

        Assert.Equal((decimal)amount, read);
        Assert.Equal(currency, unit);
    }

    [Theory]
    [InlineData("i was charged $300 after i cancelled my trial")]
    [InlineData("the refund for order 123456 still hasn't arrived after 12 days")]
    [InlineData("")]
    public void A_ticket_without_a_refund_or_without_an_amount_is_not_a_refund_request(string text)
    {
        Assert.False(RefundRequests.TryRead(text, out _, out _));
    }

    [Fact]
    public void Prioritize_sends_routine_billing_refunds_above_the_threshold_to_the_gate_and_the_rest_to_the_replies()
    {
        var prioritize = new Prioritize();

        Assert.Equal(250.00m, Assert.IsType<RefundTicket>(prioritize.Process(Billing("can i get a refund for order 123456? the charge was $250.00"))).Amount);
        Assert.IsType<RoutineTicket>(prioritize.Process(Billing("can i get a refund for order 123456? the charge was $200.00")));
        Assert.IsType<RoutineTicket>(prioritize.Process(Billing("can i get a refund for order 123456? the charge was $199.99")));

        // Fraud is urgent whatever the amount: it is escalated, not refunded.
        Assert.IsType<UrgentTicket>(prioritize.Process(Billing("i want my money back, $350 was taken without my permission")));
    }

    [Fact]
    public async Task A_run_ends_awaiting_decision_with_its_refunds_and_started_again_with_the_same_id_and_store_sends_each_down_its_route()
    {
        Ticket[] tickets = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(1_600).Where(l => l.BrokenText is null).Select(l => l.Ticket).ToArray();
        var store = new InMemoryGateStore();
        var book = new RefundBook();
        var options = new RunOptions { RunId = "refunds", Gates = store, Job = new JobOrder("refunds") };

        (List<TriageOutcome> first, LineReport waited) = await RunToEndAsync(TriageRunner.NewLine(ShippedModel.Instance, book).Start(options), tickets);

        Assert.Equal(LineOutcome.AwaitingDecision, waited.Outcome);
        IReadOnlyList<GateItem> waiting = await store.WaitingAsync("refunds");
        Assert.Equal(waiting.Select(i => i.Key), waited.AwaitingDecision.Select(i => i.Key));
        Assert.All(waiting, i => Assert.Equal(WaitingRefunds.GatePath, i.Key.Gate));
        Assert.DoesNotContain(first, o => o is Refund);
        var ann = new GateActor("ann", [ApproveRefund.Permission], [JobOrder.DefaultTenant]);
        for (int i = 0; i < waiting.Count; i++)
        {
            GateVerdict verdict = i % 3 == 2 ? GateVerdict.Reject("not covered") : GateVerdict.Approve();
            Assert.True((await store.DecideAsync(waiting[i].Key, ann, verdict)).Accepted);
        }

        // The other branches finish long before the gate sends its refunds on: the line's output waits for them.
        (List<TriageOutcome> again, LineReport finished) = await RunToEndAsync(TriageRunner.NewLine(ShippedModel.Instance, book).Start(options), tickets);

        Assert.Equal(LineOutcome.Completed, finished.Outcome);
        Refund[] refunds = again.OfType<Refund>().ToArray();
        Assert.Equal(waiting.Count, refunds.Length);
        Assert.Equal(waiting.Count - (waiting.Count / 3), refunds.Count(r => r.Issued));
        Assert.All(refunds.Where(r => !r.Issued), r => Assert.Equal("not covered", r.Reason));
        Assert.All(refunds, r => Assert.Equal("ann", r.DecidedBy));
        Assert.Equal(refunds.Count(r => r.Issued), book.Count);
    }

    private static async Task<(List<TriageOutcome> Outcomes, LineReport Report)> RunToEndAsync(LineRun<Ticket, TriageOutcome> run, Ticket[] tickets)
    {
        Task<List<TriageOutcome>> reading = Task.Run(async () =>
        {
            var outcomes = new List<TriageOutcome>();
            await foreach (TriageOutcome outcome in run.Output.ReadAllAsync())
            {
                outcomes.Add(outcome);
            }

            return outcomes;
        });
        foreach (Ticket ticket in tickets)
        {
            await run.Input.WriteAsync(ticket);
        }

        run.Input.Complete();
        List<TriageOutcome> read = await reading;
        return (read, await run.Completion);
    }

    private static Classified Billing(string text) =>
        new(new Redacted("T-1", text, "f", new Redactions(0, 0, 0), "billing"), "billing", 0.99);
}

/// <summary>The sample's own commands end to end, in this process: console output is process-wide, so these run alone.</summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class RefundGateRunTests : IDisposable
{
    // 1,600 tickets: 3 lines are not tickets, so 1,597 inputs.
    private const int Inputs = 1_600 - 3;

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-gate-{Guid.NewGuid():N}");

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
    public async Task A_run_ends_awaiting_decision_on_its_refunds_and_the_decisions_taken_in_its_ledger_finish_it_on_resume()
    {
        (int exit, string printed) = await StationMetricsTests.CaptureAsync(() => RunAsync("--count", "1600", "--out", Output, "--plain"));

        Assert.Equal(0, exit);
        string runId;
        IReadOnlyList<GateItem> waiting;
        await using (ILedger ledger = new SqliteLedger(LedgerFile, new SqliteLedgerOptions { Inputs = TriageJsonContext.Lines }))
        {
            RunRecord run = Assert.Single(await ledger.ListRunsAsync());
            runId = run.RunId;
            waiting = await ledger.Gates.WaitingAsync(runId);
        }

        // Every refund above the threshold waits, listed at the end with the commands that go on.
        Assert.InRange(waiting.Count, 4, 100);
        Assert.All(waiting, i => Assert.True(WaitingRefunds.Draft(i)!.Amount > RefundRequests.GateAbove));
        string[] lines = printed.TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Equal($"run {runId} is awaiting decision on {waiting.Count} refunds", lines[^1]);
        Assert.Contains($"awaiting decision: {waiting.Count} refunds above 200.00 wait at gate RefundLine/ApproveRefund for someone with refunds:approve:", lines);
        RefundDraft first = WaitingRefunds.Draft(waiting[0])!;
        Assert.Contains(lines, l => l.StartsWith($"  {runId}/{waiting[0].Key.MaterialId} ", StringComparison.Ordinal)
            && l.Contains($" {first.TicketId} ", StringComparison.Ordinal)
            && l.Contains(FormattableString.Invariant($" {first.Amount:0.00} {first.Currency}  {waiting[0].Deadline!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC"), StringComparison.Ordinal));
        Assert.Contains($"  dotnet run --project samples/TicketTriage -- --approve ITEM [--edit-amount X] --out {Output}", lines);
        Assert.Contains($"  dotnet run --project samples/TicketTriage -- --reject ITEM --reason TEXT --out {Output}", lines);
        Assert.Contains($"  dotnet run --project samples/TicketTriage -- --resume {runId} --out {Output}", lines);

        // Through the commands: an edited approval, a second decision refused, an invalid edit refused, a rejection.
        string item0 = $"{runId}/{waiting[0].Key.MaterialId}", item1 = $"{runId}/{waiting[1].Key.MaterialId}", item2 = $"{runId}/{waiting[2].Key.MaterialId}";
        (int code, string said) = await DecideAsync("--approve", item0, "--edit-amount", "150", "--as", "ann", "--out", Output);
        Assert.Equal(0, code);
        Assert.StartsWith($"{item0} (refund of {first.Amount:0.00} {first.Currency} for ticket {first.TicketId}) is approved by ann at ", said, StringComparison.Ordinal);
        Assert.Contains($", amount edited to 150.00 {first.Currency}", said, StringComparison.Ordinal);
        Assert.Contains($"finish the run with: dotnet run --project samples/TicketTriage -- --resume {runId} --out {Output}", said, StringComparison.Ordinal);

        (code, said) = await DecideAsync("--reject", item0, "--reason", "changed my mind", "--as", "bob", "--out", Output);
        Assert.Equal(GateCommands.Refused, code);
        Assert.StartsWith($"refused: material {waiting[0].Key.MaterialId} at gate 'RefundLine/ApproveRefund' of run {runId} is already approved by ann at ", said, StringComparison.Ordinal);

        (code, said) = await DecideAsync("--approve", item1, "--edit-amount", "9000", "--out", Output);
        Assert.Equal(GateCommands.Refused, code);
        Assert.StartsWith($"refused: The edit of material {waiting[1].Key.MaterialId} at gate 'RefundLine/ApproveRefund' of run {runId} is invalid: ", said, StringComparison.Ordinal);
        Assert.Contains("Amount", said, StringComparison.Ordinal);

        (code, said) = await DecideAsync("--reject", item2, "--reason", "refunded by card already", "--out", Output);
        Assert.Equal(0, code);
        Assert.Contains($" is rejected by {Environment.UserName} at ", said, StringComparison.Ordinal);
        Assert.Contains(": \"refunded by card already\"", said, StringComparison.Ordinal);

        (code, said) = await ListAsync("--waiting", runId, "--out", Output);
        Assert.Equal(0, code);
        Assert.StartsWith($"{waiting.Count - 2} refunds of run {runId} await a decision in ", said, StringComparison.Ordinal);
        Assert.Contains(item1, said, StringComparison.Ordinal);
        Assert.DoesNotContain(item0 + " ", said, StringComparison.Ordinal);

        // Through the store, as a control room would: the rest, approved and rejected in turn (item 1 among them).
        var approvals = new HashSet<string>(StringComparer.Ordinal) { first.TicketId };
        await using (ILedger ledger = new SqliteLedger(LedgerFile, new SqliteLedgerOptions { Inputs = TriageJsonContext.Lines }))
        {
            var carol = new GateActor("carol", [ApproveRefund.Permission], [JobOrder.DefaultTenant]);
            IReadOnlyList<GateItem> rest = await ledger.Gates.WaitingAsync(runId);
            for (int i = 0; i < rest.Count; i++)
            {
                GateDecisionResult result = await ledger.Gates.DecideAsync(rest[i].Key, carol, i % 2 == 0 ? GateVerdict.Approve() : GateVerdict.Reject("over the limit"));
                Assert.True(result.Accepted, result.Refusal);
                if (i % 2 == 0)
                {
                    approvals.Add(WaitingRefunds.Draft(rest[i])!.TicketId);
                }
            }

            Assert.Empty(await ledger.Gates.WaitingAsync(runId));
        }

        (exit, printed) = await StationMetricsTests.CaptureAsync(() => RunAsync("--out", Output, "--plain", "--resume", runId));

        Assert.True(exit == 0, printed);
        Assert.DoesNotContain("is awaiting decision on", printed, StringComparison.Ordinal);
        Assert.Contains($"ledger: run {runId} is completed: {Inputs:N0} of {Inputs:N0} tickets have their outcome", printed, StringComparison.Ordinal);

        // Each decided refund went down its route once: issued with the approved amount, or declined with the reason.
        Refund[] refunds = File.ReadAllLines(Output).Select(l => JsonSerializer.Deserialize(l, TriageJsonContext.Lines.TriageOutcome)).OfType<Refund>().ToArray();
        Assert.Equal(waiting.Select(w => WaitingRefunds.Draft(w)!.TicketId).Order(StringComparer.Ordinal), refunds.Select(r => r.TicketId).Order(StringComparer.Ordinal));
        Assert.Equal(approvals.Order(StringComparer.Ordinal), refunds.Where(r => r.Issued).Select(r => r.TicketId).Order(StringComparer.Ordinal));
        Refund edited = refunds.Single(r => r.TicketId == first.TicketId);
        Assert.True(edited.Issued && edited.Edited);
        Assert.Equal(150m, edited.Amount);
        Assert.Equal("ann", edited.DecidedBy);
        Refund declined = refunds.Single(r => r.TicketId == WaitingRefunds.Draft(waiting[2])!.TicketId);
        Assert.False(declined.Issued);
        Assert.Equal("refunded by card already", declined.Reason);
        Assert.All(refunds.Where(r => !r.Issued && r.TicketId != declined.TicketId), r => Assert.Equal("over the limit", r.Reason));

        // The refund book holds each issued refund once.
        string[] book = File.ReadAllLines(Path.Combine(folder, RefundBook.FileName));
        Assert.Equal(approvals.Count, book.Length);
        Assert.Equal(approvals.Count, book.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Deciding_in_a_ledger_that_is_not_there_says_so()
    {
        (int code, string said) = await DecideAsync("--approve", "triage-x/1", "--out", Output);

        Assert.Equal(1, code);
        Assert.StartsWith("No ledger at ", said, StringComparison.Ordinal);
        Assert.False(File.Exists(LedgerFile));
    }

    private static async Task<int> RunAsync(params string[] args) => await TriageRunner.RunAsync(Parse(args), CancellationToken.None);

    private static async Task<(int Code, string Said)> DecideAsync(params string[] args)
    {
        var said = new StringWriter();
        int code = await GateCommands.DecideAsync(Parse(args), said, CancellationToken.None);
        return (code, said.ToString());
    }

    private static async Task<(int Code, string Said)> ListAsync(params string[] args)
    {
        var said = new StringWriter();
        int code = await GateCommands.ListAsync(Parse(args), said, CancellationToken.None);
        return (code, said.ToString());
    }

    private static TriageOptions Parse(string[] args)
    {
        Assert.True(TriageOptions.TryParse(args, out TriageOptions options, out string? error), error);
        return options;
    }
}
