using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class GateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Of_1000_materials_the_100_at_the_gate_wait_while_900_go_on_and_each_goes_down_the_route_of_its_decision()
    {
        var store = new InMemoryGateStore(new ManualClock(Start));
        var issue = new IssueRefund();
        GatedRun<int> run = GatedRuns.Refunds(store, issue);

        await run.WriteAsync(Enumerable.Range(0, 1_000));
        IReadOnlyList<GateItem> waiting = await run.WaitingAsync(100);
        await run.OutputsAsync(900);
        Assert.All(run.Outputs, o => Assert.Equal("auto", o.Kind));
        Assert.Equal(0, issue.Issued);

        for (int i = 0; i < 100; i++)
        {
            GateItem item = waiting[i];
            var refund = (LargeRefund)item.Payload!;
            GateVerdict verdict = i >= 50 ? GateVerdict.Reject("not this time " + refund.Id)
                : i < 10 ? GateVerdict.ApproveEdited(refund with { Amount = refund.Amount - 1, Customer = "edited " + refund.Id })
                : GateVerdict.Approve();
            GateDecisionResult result = await store.DecideAsync(item.Key, i % 2 == 0 ? GatedRun<int>.Ann : GatedRun<int>.Bob, verdict);
            Assert.True(result.Accepted, result.Refusal);
        }

        await run.OutputsAsync(1_000);
        LineReport report = await run.FinishAsync();

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(1_000, report.Out);
        Assert.Empty(report.AwaitingDecision);
        RefundOutcome[] large = run.Outputs.Where(o => o.Kind != "auto").ToArray();
        Assert.Equal(900, run.Outputs.Count(o => o.Kind == "auto"));
        Assert.Equal(50, issue.Issued);
        Assert.Equal(40, large.Count(o => o.Kind == "issued"));
        RefundOutcome[] edited = large.Where(o => o.Kind == "issued-edited").ToArray();
        Assert.Equal(10, edited.Length);
        Assert.All(edited, o => Assert.Equal(1_000 + o.Id - 1, o.Amount));
        Assert.All(large.Where(o => o.Kind == "issued"), o => Assert.Equal(1_000 + o.Id, o.Amount));
        RefundOutcome[] declined = large.Where(o => o.Kind.StartsWith("declined", StringComparison.Ordinal)).ToArray();
        Assert.Equal(50, declined.Length);
        Assert.All(declined, o => Assert.Equal("declined: not this time " + o.Id, o.Kind));
        Assert.Empty(await store.WaitingAsync());
    }

    [Fact]
    public async Task Two_deciders_racing_on_each_of_100_items_make_exactly_100_decisions_and_every_attempt_is_audited()
    {
        var store = new InMemoryGateStore(new ManualClock(Start));
        var review = new RefundReview(new ApproveRefund(), new IssueRefund(), new ExplainDecline());
        var run = new GatedRun<LargeRefund>(review.Start(new RunOptions { Job = GatedRun<int>.Job, Gates = store }), store);
        await run.WriteAsync(GatedRuns.Larges(100));
        IReadOnlyList<GateItem> waiting = await run.WaitingAsync(100);

        GateDecisionResult[] results = await Task.WhenAll(waiting.SelectMany(item => new[]
        {
            Task.Run(async () => await store.DecideAsync(item.Key, GatedRun<int>.Ann, GateVerdict.Approve())),
            Task.Run(async () => await store.DecideAsync(item.Key, GatedRun<int>.Bob, GateVerdict.Reject("bob says no"))),
        }));

        Assert.Equal(100, results.Count(r => r.Accepted));
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Matches("is already (approved by ann|rejected by bob) at ", r.Refusal));
        Assert.Equal(100, results.Where(r => r.Accepted).Select(r => r.Decision!.Item).Distinct().Count());
        IReadOnlyList<GateAuditEntry> audit = await store.AuditAsync(run.Run.RunId);
        Assert.Equal(200, audit.Count);
        Assert.All(audit.GroupBy(e => e.Item), attempts =>
        {
            Assert.Equal(2, attempts.Count());
            Assert.Single(attempts, a => a.Accepted);
            Assert.Equal(["ann", "bob"], attempts.Select(a => a.Actor).Order());
            Assert.All(attempts, a => Assert.Equal("acme", a.Tenant));
        });
        await run.OutputsAsync(100);
        LineReport report = await run.FinishAsync();
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(100, run.Outputs.Select(o => o.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(GateTimeout.Reject)]
    [InlineData(GateTimeout.Approve)]
    [InlineData(GateTimeout.DeadLetter)]
    public async Task A_timeout_decides_by_OnTimeout_when_the_clock_passes_the_deadline(GateTimeout onTimeout)
    {
        var clock = new ManualClock(Start);
        var store = new InMemoryGateStore(clock);
        var issue = new IssueRefund();
        var options = new RunOptions { Job = GatedRun<int>.Job, Gates = store };
        LineRun<LargeRefund, RefundOutcome> started = onTimeout switch
        {
            GateTimeout.Reject => new RejectOnTimeoutLine(new RejectOnTimeout(), issue, new ExplainDecline()).Start(options),
            GateTimeout.Approve => new ApproveOnTimeoutLine(new ApproveOnTimeout(), issue, new ExplainDecline()).Start(options),
            _ => new DeadLetterOnTimeoutLine(new DeadLetterOnTimeout(), issue, new ExplainDecline()).Start(options),
        };
        var run = new GatedRun<LargeRefund>(started, store);
        await run.WriteAsync(GatedRuns.Larges(3));
        IReadOnlyList<GateItem> waiting = await run.WaitingAsync(3);
        Assert.All(waiting, item => Assert.Equal(Start.AddMinutes(60), item.Deadline));

        clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(600);
        Assert.Equal(3, (await store.WaitingAsync(run.Run.RunId)).Count);
        clock.Advance(TimeSpan.FromMinutes(2));
        if (onTimeout == GateTimeout.DeadLetter)
        {
            await UntilAsync(() => run.Run.DeadLetters.Count == 3);
        }
        else
        {
            await run.OutputsAsync(3);
        }

        LineReport report = await run.FinishAsync();
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        GateDecisionResult late = await store.DecideAsync(waiting[0].Key, GatedRun<int>.Ann, GateVerdict.Approve());
        Assert.False(late.Accepted);
        Assert.Contains($"already {(onTimeout == GateTimeout.Approve ? "approved" : onTimeout == GateTimeout.Reject ? "rejected" : "dead-lettered")} by (timeout)", late.Refusal);
        switch (onTimeout)
        {
            case GateTimeout.Reject:
                Assert.All(run.Outputs, o => Assert.StartsWith("declined: no decision by ", o.Kind, StringComparison.Ordinal));
                Assert.All(run.Outputs, o => Assert.Equal(Decision<object>.TimeoutApprover, o.By));
                break;
            case GateTimeout.Approve:
                Assert.All(run.Outputs, o => Assert.Equal("issued", o.Kind));
                Assert.Equal(3, issue.Issued);
                break;
            default:
                Assert.Empty(run.Outputs);
                Assert.All(report.DeadLetters, d => Assert.Equal("Factory.GateTimeout", d.ExceptionType));
                Assert.All(report.DeadLetters, d => Assert.Equal("no decision at gate 'DeadLetterOnTimeout' within 60 minutes", d.Message));
                break;
        }
    }

    [Fact]
    public async Task A_run_whose_only_unfinished_materials_wait_at_the_gate_ends_awaiting_decision_and_lists_them()
    {
        var store = new InMemoryGateStore(new ManualClock(Start));
        var line = new Refunds(new DraftRefund(), new AutoIssue(), new RefundReview(new ApproveRefund(), new IssueRefund(), new ExplainDecline()));
        var options = new RunOptions { Job = GatedRun<int>.Job, Gates = store };
        LineRun<int, RefundOutcome> run = line.Start(options);

        var (outputs, report) = await Collect.RunToEndAsync(run, Enumerable.Range(0, 25));

        Assert.Equal(LineOutcome.AwaitingDecision, report.Outcome);
        Assert.Equal(22, outputs.Count);
        Assert.Equal([1L, 11L, 21L], report.AwaitingDecision.Select(i => i.Key.MaterialId).Order());
        Assert.All(report.AwaitingDecision, i => Assert.Equal("RefundReview/ApproveRefund", i.Key.Gate));
        Assert.All(report.AwaitingDecision, i => Assert.StartsWith("refund ", (string)i.Presented!, StringComparison.Ordinal));
        Assert.Contains("3 awaiting decision", report.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, (await store.WaitingAsync(run.RunId)).Count);
    }

    [Fact]
    public async Task Cancelling_a_run_while_its_gate_waits_for_decisions_returns_at_once_and_the_run_ends_cancelled_with_the_items_kept()
    {
        var store = new InMemoryGateStore(new ManualClock(Start));
        var line = new Refunds(new DraftRefund(), new AutoIssue(), new RefundReview(new ApproveRefund(), new IssueRefund(), new ExplainDecline()));
        using var stop = new CancellationTokenSource();
        var gated = new GatedRun<int>(line.Start(new RunOptions { Job = GatedRun<int>.Job, Gates = store, RunId = "cancelled" }, stop.Token), store);
        await gated.WriteAsync(Enumerable.Range(0, 25));
        await gated.WaitingAsync(3);
        await gated.OutputsAsync(22);

        // The gate's release waits for a decision with the run's token: the cancel must not run it in a loop on this thread.
        Task cancelling = Task.Run(stop.Cancel);
        Assert.Same(cancelling, await Task.WhenAny(cancelling, Task.Delay(TimeSpan.FromSeconds(10))));
        Task<LineReport> completion = gated.Run.Completion;
        Assert.Same(completion, await Task.WhenAny(completion, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Equal(LineOutcome.Cancelled, (await completion).Outcome);
        Assert.Equal(3, (await store.WaitingAsync("cancelled")).Count);
    }

    [Fact]
    public async Task RunAsync_over_a_sequence_ends_when_only_gated_materials_are_left_and_they_stay_in_the_store()
    {
        var store = new InMemoryGateStore(new ManualClock(Start));
        var line = new RejectOnTimeoutLine(new RejectOnTimeout(), new IssueRefund(), new ExplainDecline());

        List<RefundOutcome> outputs = await line.RunAsync(GatedRuns.Larges(5), new RunOptions { Job = GatedRun<int>.Job, Gates = store, RunId = "sequence" }).ToListAsync();

        Assert.Empty(outputs);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], (await store.WaitingAsync("sequence")).Select(i => i.Key.MaterialId));
    }

    [Fact]
    public void The_descriptor_says_which_station_is_a_gate_who_decides_and_what_has_effects()
    {
        StationDescriptor gate = Assert.Single(Refunds.Descriptor.Stations, s => s.Gate is not null);

        Assert.Equal("RefundReview/ApproveRefund", gate.Path);
        Assert.Equal(WorkShape.Gate, gate.Shape);
        Assert.Equal("Factory.Decision<Factory.Tests.Stations.LargeRefund>", gate.OutputType);
        Assert.Equal(new[] { "refunds:approve", "refunds:admin" }, gate.Gate!.Approvers);
        Assert.Equal((240, GateTimeout.Reject, true), (gate.Gate.TimeoutMinutes, gate.Gate.OnTimeout, gate.Gate.FourEyes));
        Assert.Equal(["refunds:issue"], Assert.Single(Refunds.Descriptor.Stations, s => s.Name == "IssueRefund").Effects);
        Assert.Contains("{{\"RefundReview/ApproveRefund\"}}", Refunds.Mermaid, StringComparison.Ordinal);
        Assert.Contains("s2 -->|Approved#lt;Factory.Tests.Stations.LargeRefund#gt;| s3", Refunds.Mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_started_again_with_the_same_id_and_store_sends_what_was_decided_meanwhile_down_its_route()
    {
        var store = new InMemoryGateStore(new ManualClock(Start));
        var options = new RunOptions { Job = GatedRun<int>.Job, Gates = store, RunId = "again" };
        RefundReview Review() => new(new ApproveRefund(), new IssueRefund(), new ExplainDecline());
        Assert.Empty(await Review().RunAsync(GatedRuns.Larges(2), options).ToListAsync());
        IReadOnlyList<GateItem> waiting = await store.WaitingAsync("again");
        Assert.True((await store.DecideAsync(waiting[0].Key, GatedRun<int>.Ann, GateVerdict.Approve())).Accepted);

        var (outputs, report) = await Collect.RunToEndAsync(Review().Start(options), GatedRuns.Larges(2));

        RefundOutcome issued = Assert.Single(outputs);
        Assert.Equal(("issued", waiting[0].Key.MaterialId), (issued.Kind, (long)issued.Id / 10 + 1));
        Assert.Equal(LineOutcome.AwaitingDecision, report.Outcome);
        Assert.Equal(waiting[1].Key, Assert.Single(report.AwaitingDecision).Key);
    }

    [Fact]
    public async Task A_decision_taken_before_its_material_reaches_the_gate_waits_for_the_material()
    {
        var inner = new InMemoryGateStore(new ManualClock(Start));
        var key = new GateItemKey("early", "ApproveRefund", 1);
        var item = new GateItem(key, "acme", null, ["refunds:approve"], false, Start, null, GateTimeout.Reject, GatedRuns.Large(0), null);
        var store = new DecidedBeforehand(inner, new DecidedItem(item, new GateDecision(key, GateDecisionKind.Approved, "ann", Start, null, null)));
        var review = new RefundReview(new ApproveRefund(), new IssueRefund(), new ExplainDecline());
        var run = new GatedRun<LargeRefund>(review.Start(new RunOptions { Job = GatedRun<int>.Job, Gates = store, RunId = "early" }), inner);

        await store.Given.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        Assert.Empty(run.Outputs);
        await run.WriteAsync(GatedRuns.Larges(1));
        await run.OutputsAsync(1);

        Assert.Equal(("issued", "ann"), (run.Outputs.Single().Kind, run.Outputs.Single().By));
        Assert.Equal(LineOutcome.Completed, (await run.FinishAsync()).Outcome);
    }

    [Fact]
    public async Task Deciders_are_refused_without_the_permission_the_tenant_or_a_second_pair_of_eyes_and_an_invalid_edit_is_refused_with_its_problems()
    {
        var store = new InMemoryGateStore(new ManualClock(Start));
        var review = new RefundReview(new ApproveRefund(), new IssueRefund(), new ExplainDecline());
        var run = new GatedRun<LargeRefund>(review.Start(new RunOptions { Job = GatedRun<int>.Job, Gates = store }), store);
        await run.WriteAsync(GatedRuns.Larges(1));
        GateItemKey key = (await run.WaitingAsync(1))[0].Key;

        string Refusal(GateDecisionResult result)
        {
            Assert.False(result.Accepted);
            return result.Refusal!;
        }

        Assert.Equal(
            $"carl holds none of the permissions that decide at gate 'ApproveRefund' (refunds:approve, refunds:admin) for {key}.",
            Refusal(await store.DecideAsync(key, new GateActor("carl", ["refunds:read"], ["acme"]), GateVerdict.Approve())));
        Assert.Equal(
            $"dora does not act for tenant 'acme' of {key}.",
            Refusal(await store.DecideAsync(key, new GateActor("dora", ["refunds:approve"], ["globex"]), GateVerdict.Approve())));
        Assert.Equal(
            $"sam submitted the job of {key}; gate 'ApproveRefund' needs four eyes: someone else must decide.",
            Refusal(await store.DecideAsync(key, new GateActor("sam", ["refunds:approve"], ["acme"]), GateVerdict.Approve())));
        GateDecisionResult invalid = await store.DecideAsync(key, GatedRun<int>.Ann, GateVerdict.ApproveEdited(GatedRuns.Large(0) with { Amount = 9_999, Customer = "x" }));
        Assert.Equal(["Amount must be between 0 and 5000", "Customer must be 2 to 20 characters long"], invalid.Problems);
        Assert.Equal($"The edit of {key} is invalid: Amount must be between 0 and 5000; Customer must be 2 to 20 characters long", Refusal(invalid));
        Assert.Equal(
            $"The edit of {key} is a System.String, not a Factory.Tests.Stations.LargeRefund.",
            Refusal(await store.DecideAsync(key, GatedRun<int>.Ann, GateVerdict.ApproveEdited("a refund"))));
        Assert.Equal(
            $"No {key with { MaterialId = 99 }} is parked here.",
            Refusal(await store.DecideAsync(key with { MaterialId = 99 }, GatedRun<int>.Ann, GateVerdict.Approve())));

        Assert.Single(await store.WaitingAsync(run.Run.RunId));
        GateDecisionResult accepted = await store.DecideAsync(key, GatedRun<int>.Bob, GateVerdict.Approve());
        Assert.True(accepted.Accepted);
        Assert.Equal(
            $"{key} is already approved by bob at {accepted.Decision!.Time:O}.",
            Refusal(await store.DecideAsync(key, GatedRun<int>.Ann, GateVerdict.Reject("too late"))));
        await run.OutputsAsync(1);
        await run.FinishAsync();
        IReadOnlyList<GateAuditEntry> audit = await store.AuditAsync(run.Run.RunId);
        Assert.Equal(8, audit.Count);
        Assert.Equal(["waiting", "waiting", "waiting", "waiting", "waiting", "waiting", "waiting", $"approved by bob at {accepted.Decision.Time:O}"], audit.Select(a => a.Before));
    }

    [Fact]
    public async Task A_decision_after_the_deadline_is_refused()
    {
        var clock = new ManualClock(Start);
        var store = new InMemoryGateStore(clock);
        var key = new GateItemKey("run-1", "ApproveRefund", 7);
        var gate = new GateDescriptor(["refunds:approve"], 30, GateTimeout.Reject, FourEyes: false);
        await store.ParkAsync(new GateParking(key, gate, GatedRun<int>.Job, GatedRuns.Large(7), null, new AnyPayload()));

        clock.Advance(TimeSpan.FromMinutes(31));
        GateDecisionResult late = await store.DecideAsync(key, GatedRun<int>.Ann, GateVerdict.Approve());

        Assert.False(late.Accepted);
        Assert.Equal($"The deadline of {key} passed at {Start.AddMinutes(30):O}; the gate's timeout decides it.", late.Refusal);
        Assert.Single(await store.WaitingAsync("run-1"));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting");
            await Task.Delay(10);
        }
    }

    private sealed class AnyPayload : GatePayloadCheck
    {
        public override string PayloadType => "object";

        public override bool IsPayload(object? payload) => payload is not null;

        public override IReadOnlyList<string> Problems(object payload) => [];
    }

    /// <summary>A store that gives the run a decision before the run has parked its material, as a durable store may after a restart.</summary>
    private sealed class DecidedBeforehand(InMemoryGateStore inner, DecidedItem decided) : IGateStore
    {
        public TaskCompletionSource Given { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsDurable => inner.IsDurable;

        public TimeProvider Clock => inner.Clock;

        public ValueTask<GateItem> ParkAsync(GateParking parking, System.Threading.CancellationToken cancellationToken = default) => inner.ParkAsync(parking, cancellationToken);

        public ValueTask<GateDecisionResult> DecideAsync(GateItemKey item, GateActor actor, GateVerdict verdict, System.Threading.CancellationToken cancellationToken = default) => inner.DecideAsync(item, actor, verdict, cancellationToken);

        public ValueTask<IReadOnlyList<GateItem>> WaitingAsync(string? runId = null, System.Threading.CancellationToken cancellationToken = default) => inner.WaitingAsync(runId, cancellationToken);

        public ValueTask<IReadOnlyList<DecidedItem>> TakeDecidedAsync(string runId, string gate, System.Threading.CancellationToken cancellationToken = default) =>
            Given.TrySetResult() ? ValueTask.FromResult<IReadOnlyList<DecidedItem>>([decided]) : inner.TakeDecidedAsync(runId, gate, cancellationToken);

        public ValueTask<int> ExpireAsync(string runId, string gate, System.Threading.CancellationToken cancellationToken = default) => inner.ExpireAsync(runId, gate, cancellationToken);

        public ValueTask WaitForDecisionAsync(string runId, TimeSpan longest, System.Threading.CancellationToken cancellationToken) => inner.WaitForDecisionAsync(runId, longest, cancellationToken);

        public ValueTask<IReadOnlyList<GateAuditEntry>> AuditAsync(string? runId = null, System.Threading.CancellationToken cancellationToken = default) => inner.AuditAsync(runId, cancellationToken);
    }
}
