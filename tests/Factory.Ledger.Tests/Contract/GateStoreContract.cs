using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger.Relational;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>The ledger's gate store: parked items survive the ledger, each is decided once, a resumed run runs nothing before the gate again.</summary>
public abstract class GateStoreContract(LedgerFixture fixture)
{
    private static readonly GateActor Ann = new("ann", ["refunds:approve"], ["acme"]);
    private static readonly GateActor Bob = new("bob", ["refunds:approve"], ["acme"]);
    private static readonly JobOrder Job = new(tenant: "acme") { Submitter = "sam" };

    private static LedgerSettings Settings(TimeProvider? clock = null) => new()
    {
        Inputs = JsonTypeInfoResolver.Combine(LedgerJson.Default, GateLedgerJson.Default),
        Clock = clock,
    };

    private static LedgerRefunds Line(GateCounts counts) =>
        new(new DraftLedgerRefund(counts), new AutoIssueRefund(), new LedgerRefundReview(new ApproveLedgerRefund(), new IssueLedgerRefund(counts), new DeclineLedgerRefund()));

    private static RunOptions Options(ILedger ledger, string runId) => new() { RunId = runId, Job = Job, Observers = [ledger.Observe()] };

    [Fact]
    public async Task A_run_ends_awaiting_decision_and_a_start_elsewhere_after_decisions_elsewhere_finishes_it_without_running_anything_before_the_gate_again()
    {
        await using TempLedger temp = await fixture.OpenAsync(Settings());
        var counts = new GateCounts();
        (LineReport first, List<RefundOutcome> firstOut) = await Runs.RunAsync(Line(counts), Runs.Orders(100), Options(temp.Ledger, "gated"));
        Assert.Equal(LineOutcome.AwaitingDecision, first.Outcome);
        Assert.Equal(90, firstOut.Count);
        Assert.Equal(RunStatus.AwaitingDecision, (await temp.Ledger.GetRunAsync("gated"))!.Status);
        Assert.Equal("sam", (await temp.Ledger.GetRunAsync("gated"))!.Job.Submitter);
        await temp.Ledger.DisposeAsync();

        // Decided from another ledger object: as another process would.
        await using (RelationalLedger decider = temp.OpenAnother(Settings()))
        {
            IReadOnlyList<GateItem> waiting = await decider.Gates.WaitingAsync("gated");
            Assert.Equal(10, waiting.Count);
            Assert.Equal("refund 1000 to customer 0", waiting[0].Presented);
            GatePayloadChecks.Register<LargeRefund, ApproveLedgerRefund.GateWork>(new ApproveLedgerRefund.GateWork(new ApproveLedgerRefund()));
            for (int i = 0; i < 10; i++)
            {
                GateItem item = waiting[i];
                GateVerdict verdict = i < 2 ? GateVerdict.ApproveEdited(new LargeRefund(i * 10, 7, "edited " + i))
                    : i < 5 ? GateVerdict.Approve()
                    : GateVerdict.Reject("too much");
                GateDecisionResult result = await decider.Gates.DecideAsync(item.Key, Ann, verdict);
                Assert.True(result.Accepted, result.Refusal);
            }
        }

        await using RelationalLedger third = temp.OpenAnother(Settings());
        (LineReport second, List<RefundOutcome> secondOut) = await Runs.RunAsync(Line(counts), Runs.Orders(100), Options(third, "gated"));
        Assert.Equal(LineOutcome.Completed, second.Outcome);
        Assert.Equal(["declined", "declined", "declined", "declined", "declined", "issued", "issued", "issued", "issued-edited", "issued-edited"], secondOut.Select(o => o.Kind).Order());
        Assert.Equal([7m, 7m], secondOut.Where(o => o.Kind == "issued-edited").Select(o => o.Amount));
        Assert.Equal(5, counts.Issued);
        Assert.Equal(100, counts.Drafted.Count);
        Assert.All(counts.Drafted.Values, n => Assert.Equal(1, n));
        Assert.Equal(RunStatus.Completed, (await third.GetRunAsync("gated"))!.Status);
        Assert.Equal(100, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'gated' AND outcome = 'delivered'"));
    }

    [Fact]
    public async Task A_running_run_takes_a_decision_made_through_another_ledger_within_a_second()
    {
        await using TempLedger temp = await fixture.OpenAsync(Settings());
        await using RelationalLedger other = temp.OpenAnother(Settings());
        LineRun<Order, RefundOutcome> run = Line(new GateCounts()).Start(Options(temp.Ledger, "live"));
        var outputs = new System.Collections.Concurrent.ConcurrentQueue<RefundOutcome>();
        Task reading = Task.Run(async () =>
        {
            await foreach (RefundOutcome outcome in run.Output.ReadAllAsync())
            {
                outputs.Enqueue(outcome);
            }
        });
        foreach (Order order in Runs.Orders(10))
        {
            await run.Input.WriteAsync(order);
        }

        IReadOnlyList<GateItem> waiting = [];
        for (int i = 0; i < 200 && waiting.Count == 0; i++)
        {
            await Task.Delay(25);
            waiting = await other.Gates.WaitingAsync("live");
        }

        GateItem item = Assert.Single(waiting);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.True((await other.Gates.DecideAsync(item.Key, Ann, GateVerdict.Approve())).Accepted);
        while (!outputs.Any(o => o.Kind == "issued") && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the decision reached the run after {clock.Elapsed}");
        run.Input.Complete();
        await reading;
        Assert.Equal(LineOutcome.Completed, (await run.Completion).Outcome);
    }

    [Fact]
    public async Task Two_deciders_racing_on_each_item_record_one_decision_each_and_an_audit_entry_per_attempt()
    {
        await using TempLedger temp = await fixture.OpenAsync(Settings());
        (LineReport report, _) = await Runs.RunAsync(Line(new GateCounts()), Runs.Orders(1_000), Options(temp.Ledger, "race"));
        Assert.Equal(100, report.AwaitingDecision.Count);
        await using RelationalLedger other = temp.OpenAnother(Settings());
        IReadOnlyList<GateItem> waiting = await temp.Ledger.Gates.WaitingAsync("race");
        GateDecisionResult[] results = await Task.WhenAll(waiting.SelectMany(item => new[]
        {
            Task.Run(async () => await temp.Ledger.Gates.DecideAsync(item.Key, Ann, GateVerdict.Approve())),
            Task.Run(async () => await other.Gates.DecideAsync(item.Key, Bob, GateVerdict.Reject("no"))),
        }));

        Assert.Equal(100, results.Count(r => r.Accepted));
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Matches("is already (approved|rejected) by (ann|bob) at ", r.Refusal));
        Assert.Equal(100, temp.Scalar("SELECT count(*) FROM gate_decisions WHERE run_id = 'race'"));
        Assert.Equal(100, temp.Scalar("SELECT count(DISTINCT material_id) FROM gate_decisions WHERE run_id = 'race'"));
        IReadOnlyList<GateAuditEntry> audit = await other.Gates.AuditAsync("race");
        Assert.Equal(200, audit.Count);
        Assert.Equal(200, (await other.Gates.AuditAsync()).Count);
        Assert.Empty(await other.Gates.WaitingAsync());
        Assert.Equal(100, audit.Count(a => a.Accepted));
        Assert.All(audit.GroupBy(a => a.Item), g => Assert.Equal(1, g.Count(a => a.Accepted)));
    }

    [Fact]
    public async Task A_timeout_by_the_ledgers_clock_decides_and_a_later_decision_is_refused()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using TempLedger temp = await fixture.OpenAsync(Settings(clock));
        await Runs.RunAsync(Line(new GateCounts()), Runs.Orders(20), Options(temp.Ledger, "late"));
        Assert.Equal(2, (await temp.Ledger.Gates.WaitingAsync("late")).Count);
        clock.Now += TimeSpan.FromMinutes(61);

        (LineReport report, List<RefundOutcome> outputs) = await Runs.RunAsync(Line(new GateCounts()), Runs.Orders(20), Options(temp.Ledger, "late"));
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(["declined", "declined"], outputs.Select(o => o.Kind));
        Assert.All(outputs, o => Assert.Equal(Decision<object>.TimeoutApprover, o.By));
        GateDecisionResult late = await temp.Ledger.Gates.DecideAsync(new GateItemKey("late", (await temp.Ledger.Gates.AuditAsync("late"))[0].Item.Gate, 1), Ann, GateVerdict.Approve());
        Assert.False(late.Accepted);
        Assert.Contains("already rejected by (timeout)", late.Refusal);
    }

    [Fact]
    public async Task An_invalid_edit_and_a_decider_of_another_tenant_are_refused_and_audited_and_nothing_is_recorded()
    {
        await using TempLedger temp = await fixture.OpenAsync(Settings());
        await Runs.RunAsync(Line(new GateCounts()), Runs.Orders(10), Options(temp.Ledger, "refusals"));
        GateItem item = Assert.Single(await temp.Ledger.Gates.WaitingAsync("refusals"));

        GateDecisionResult invalid = await temp.Ledger.Gates.DecideAsync(item.Key, Ann, GateVerdict.ApproveEdited(new LargeRefund(0, 10_000, "x")));
        Assert.False(invalid.Accepted);
        Assert.Equal(2, invalid.Problems.Count);

        var stranger = new GateActor("eve", ["refunds:approve"], ["globex"]);
        GateDecisionResult foreign = await temp.Ledger.Gates.DecideAsync(item.Key, stranger, GateVerdict.Approve());
        Assert.Equal($"eve does not act for tenant 'acme' of {item.Key}.", foreign.Refusal);

        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM gate_decisions"));
        IReadOnlyList<GateAuditEntry> audit = await temp.Ledger.Gates.AuditAsync("refusals");
        Assert.Equal([("ann", false, "acme"), ("eve", false, "acme")], audit.Select(a => (a.Actor, a.Accepted, a.Tenant!)));
        Assert.Single(await temp.Ledger.Gates.WaitingAsync("refusals"));
    }

    [Fact]
    public async Task A_parked_payload_and_what_approvers_see_keep_no_secret_value_and_the_job_keeps_its_submitter()
    {
        await using TempLedger temp = await fixture.OpenAsync(Settings());
        JobOrder job = new(tenant: "acme") { Submitter = "sam", Secrets = new JobSecrets(new Dictionary<string, string> { ["customer"] = "customer 0" }) };
        await Runs.RunAsync(Line(new GateCounts()), Runs.Orders(10), new RunOptions { RunId = "secret", Job = job, Observers = [temp.Ledger.Observe()] });
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM gate_items WHERE payload_json LIKE '%***%' AND presented_json LIKE '%***%'"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM gate_items WHERE payload_json LIKE '%customer 0%' OR presented_json LIKE '%customer 0%'"));
        Assert.Equal(["acme", "sam"], temp.Rows("SELECT tenant, submitter FROM gate_items")[0]);
        Assert.Equal("sam", (await temp.Ledger.GetRunAsync("secret"))!.Job.Submitter);
    }

    [Fact]
    public async Task A_sensitive_member_of_a_parked_payload_never_reaches_the_ledger_and_a_start_again_gets_it_blank()
    {
        await using TempLedger temp = await fixture.OpenAsync(Settings());
        CardRefund[] refunds = [new(1, 10m, "4111-1111-1111-1111"), new(2, 20m, "5500-0000-0000-0004")];
        (LineReport first, _) = await Runs.RunAsync(new CardRefunds(new ApproveCardRefund(), new IssueCardRefund(), new DeclineCardRefund()), refunds, Options(temp.Ledger, "cards"));
        Assert.Equal(LineOutcome.AwaitingDecision, first.Outcome);
        Assert.Equal(2, temp.Scalar("SELECT count(*) FROM gate_items WHERE run_id = 'cards'"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM gate_items WHERE payload_json LIKE '%-0000-%' OR payload_json LIKE '%-1111-%' OR presented_json LIKE '%-0000-%' OR presented_json LIKE '%-1111-%'"));

        IReadOnlyList<GateItem> waiting = await temp.Ledger.Gates.WaitingAsync("cards");
        Assert.Equal([1, 2], waiting.Select(i => ((CardRefund)i.Payload!).Id).Order());
        Assert.All(waiting, i => Assert.DoesNotContain("-", ((CardRefund)i.Payload!).Card ?? string.Empty, StringComparison.Ordinal));
        foreach (GateItem item in waiting)
        {
            Assert.True((await temp.Ledger.Gates.DecideAsync(item.Key, Ann, GateVerdict.Approve())).Accepted);
        }

        (LineReport second, List<RefundOutcome> outputs) = await Runs.RunAsync(new CardRefunds(new ApproveCardRefund(), new IssueCardRefund(), new DeclineCardRefund()), refunds, Options(temp.Ledger, "cards"));
        Assert.Equal(LineOutcome.Completed, second.Outcome);
        Assert.Equal([1, 2], outputs.Select(o => o.Id).Order());
        Assert.All(outputs, o => Assert.DoesNotContain("-", o.Kind, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_payload_type_the_resolver_lacks_is_refused_at_the_gate_naming_it()
    {
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Inputs = LedgerJson.Default });
        Exception refused = await Assert.ThrowsAnyAsync<Exception>(() => Runs.RunAsync(Line(new GateCounts()), Runs.Orders(10), Options(temp.Ledger, "unlisted")));
        Assert.Contains("cannot park material 1 in the ledger: its payload type Factory.Ledger.Tests.LargeRefund is not listed by the resolver given as ", refused.Message);
        Assert.Contains("LedgerOptions.Inputs. Add [JsonSerializable(typeof(LargeRefund))]", refused.Message);
    }
}
