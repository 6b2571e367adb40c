using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// An input split before a gate: its parts reach the gate at different times, so a run can stop with
/// some parked, some decided and sent on, and some still in a station before the gate. Whatever stops
/// it, every part gets its one decision and one outcome: none lost, none decided or issued twice.
/// </summary>
public abstract class GateSplitContract(LedgerFixture fixture)
{
    private static readonly GateActor Ann = new("ann", ["refunds:approve"], ["acme"]);
    private static readonly JobOrder Job = new(tenant: "acme");

    private static LedgerSettings Settings() => new() { Inputs = JsonTypeInfoResolver.Combine(LedgerJson.Default, GateLedgerJson.Default) };

    private static SplitRefunds Line(GateCounts counts, HeldRefunds held) =>
        new(new SplitIntoRefunds(counts), new HoldSecondRefund(held), new LedgerRefundReview(new ApproveLedgerRefund(), new IssueLedgerRefund(counts), new DeclineLedgerRefund()));

    private static RunOptions Options(ILedger ledger) => new() { RunId = "split", Job = Job, Observers = [ledger.Observe()] };

    [Fact]
    public async Task A_run_stopped_with_one_part_parked_and_its_sibling_before_the_gate_loses_neither_on_resume()
    {
        await using TempLedger temp = await fixture.OpenAsync(Settings());
        var counts = new GateCounts();
        var held = new HeldRefunds { Holding = true };
        using var stop = new CancellationTokenSource();
        LineRun<Order, RefundOutcome> run = Line(counts, held).Start(Options(temp.Ledger), stop.Token);
        Task<List<RefundOutcome>> reading = ReadAsync(run);
        await run.Input.WriteAsync(new Order(1, "order 1"));
        run.Input.Complete();

        // Part 10 parked, part 11 inside the station before the gate: stop the run there.
        await held.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        GateItem parked = Assert.Single(await WaitForAsync(temp.Ledger, 1));
        Assert.Equal(10, ((LargeRefund)parked.Payload!).Id);
        stop.Cancel();
        List<RefundOutcome> outputs = [.. await reading];
        Assert.Equal(LineOutcome.Cancelled, (await run.Completion).Outcome);
        Assert.True((await temp.Ledger.Gates.DecideAsync(parked.Key, Ann, GateVerdict.Approve())).Accepted);

        List<string> asked = [((LargeRefund)parked.Payload!).Id.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        outputs.AddRange(await ResumeUntilCompletedAsync(temp.Ledger, counts, asked));

        Assert.Equal([10, 11], outputs.Select(o => o.Id).Order());
        Assert.Equal(2, counts.Issued);
        Assert.Equal(["10", "11"], asked);
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'split' AND outcome = 'delivered' AND delivered = 2"));
        Assert.Equal(2, temp.Scalar("SELECT count(*) FROM gate_decisions WHERE run_id = 'split'"));
    }

    [Fact]
    public async Task Parts_decided_one_start_at_a_time_are_each_sent_on_once()
    {
        await using TempLedger temp = await fixture.OpenAsync(Settings());
        var counts = new GateCounts();
        (LineReport first, List<RefundOutcome> outputs) = await Runs.RunAsync(Line(counts, new HeldRefunds()), [new Order(1, "order 1"), new Order(2, "order 2")], Options(temp.Ledger));
        Assert.Equal(LineOutcome.AwaitingDecision, first.Outcome);
        Assert.Empty(outputs);

        // One part per start: each start ends awaiting the rest, and must not send on again what it already did.
        var asked = new List<string>();
        for (int start = 0; start < 4; start++)
        {
            GateItem next = (await temp.Ledger.Gates.WaitingAsync("split")).OrderBy(i => ((LargeRefund)i.Payload!).Id).First();
            asked.Add(((LargeRefund)next.Payload!).Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True((await temp.Ledger.Gates.DecideAsync(next.Key, Ann, GateVerdict.Approve())).Accepted);
            (LineReport report, List<RefundOutcome> more) = await Runs.RunAsync(Line(counts, new HeldRefunds()), [new Order(1, "order 1"), new Order(2, "order 2")], Options(temp.Ledger));
            Assert.Equal(start == 3 ? LineOutcome.Completed : LineOutcome.AwaitingDecision, report.Outcome);
            outputs.AddRange(more);
        }

        Assert.Equal(["10", "11", "20", "21"], asked);
        Assert.Equal([10, 11, 20, 21], outputs.Select(o => o.Id).Order());
        Assert.Equal(4, counts.Issued);
        Assert.All(counts.Drafted.Values, n => Assert.Equal(1, n));
        Assert.Equal(2, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'split' AND outcome = 'delivered' AND delivered = 2"));
    }

    /// <summary>Starts the run again until it completes, approving what waits before each start; <paramref name="asked"/> gets each item decided.</summary>
    private static async Task<List<RefundOutcome>> ResumeUntilCompletedAsync(ILedger ledger, GateCounts counts, List<string> asked)
    {
        var outputs = new List<RefundOutcome>();
        for (int start = 0; start < 5; start++)
        {
            (LineReport report, List<RefundOutcome> more) = await Runs.RunAsync(Line(counts, new HeldRefunds()), [new Order(1, "order 1")], Options(ledger));
            outputs.AddRange(more);
            if (report.Outcome == LineOutcome.Completed)
            {
                return outputs;
            }

            Assert.Equal(LineOutcome.AwaitingDecision, report.Outcome);
            foreach (GateItem item in await ledger.Gates.WaitingAsync("split"))
            {
                asked.Add(((LargeRefund)item.Payload!).Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.True((await ledger.Gates.DecideAsync(item.Key, Ann, GateVerdict.Approve())).Accepted);
            }
        }

        throw new Xunit.Sdk.XunitException($"the run did not complete in 5 starts; outputs so far: {string.Join(", ", outputs.Select(o => o.Id))}");
    }

    private static async Task<IReadOnlyList<GateItem>> WaitForAsync(ILedger ledger, int count)
    {
        for (int i = 0; i < 400; i++)
        {
            IReadOnlyList<GateItem> waiting = await ledger.Gates.WaitingAsync("split");
            if (waiting.Count >= count)
            {
                return waiting;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"fewer than {count} items waited at the gate after 10 s");
    }

    private static async Task<List<RefundOutcome>> ReadAsync(LineRun<Order, RefundOutcome> run)
    {
        // A cancelled run's output ends by throwing the cancellation: what was read before it stands.
        var outputs = new List<RefundOutcome>();
        try
        {
            await foreach (RefundOutcome item in run.Output.ReadAllAsync())
            {
                outputs.Add(item);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return outputs;
    }
}
