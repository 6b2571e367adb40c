using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Telemetry;
using Factory.Tests.Stations;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Factory.Tests;

/// <summary>What a gate tells observers, metrics, spans and the log. Not in parallel with the other telemetry tests: listeners are global.</summary>
[Collection(nameof(TelemetryTests))]
public sealed class GateObservingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Observers_metrics_and_spans_hear_a_gate_open_decide_and_time_out()
    {
        using var spans = new SpanRecorder();
        using var metrics = new MetricRecorder();
        var clock = new ManualClock(Start);
        var store = new InMemoryGateStore(clock);
        var observer = new GateObserver();
        var line = new WatchedGateLine(new WatchedGate(), new IssueRefund(), new ExplainDecline());
        var run = new GatedRun<LargeRefund>(line.Start(new RunOptions { Job = GatedRun<int>.Job, Gates = store, Observers = [observer] }), store);

        await run.WriteAsync(GatedRuns.Larges(2));
        IReadOnlyList<GateItem> waiting = await run.WaitingAsync(2);
        metrics.Observe();
        Assert.Equal(2, metrics.Last(TelemetryNames.GateWaiting, run.Run.RunId));

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True((await store.DecideAsync(waiting[0].Key, GatedRun<int>.Ann, GateVerdict.Approve())).Accepted);
        await run.OutputsAsync(1);
        clock.Advance(TimeSpan.FromMinutes(51));
        await run.OutputsAsync(2);
        metrics.Observe();
        Assert.Equal(0, metrics.Last(TelemetryNames.GateWaiting, run.Run.RunId));
        await run.FinishAsync();

        Assert.Equal(waiting.Select(i => i.Key.MaterialId).Order(), observer.Opened.Select(m => m.Id).Order());
        GateDecision decided = Assert.Single(observer.Decided);
        Assert.Equal(("ann", GateDecisionKind.Approved), (decided.Approver, decided.Kind));
        GateDecision timedOut = Assert.Single(observer.TimedOut);
        Assert.Equal((Decision<object>.TimeoutApprover, GateDecisionKind.Rejected), (timedOut.Approver, timedOut.Kind));

        Assert.Equal([600.0, 3660.0], metrics.Recorded(TelemetryNames.GateDecisionTime, "WatchedGate").Order());
        Activity[] gateSpans = spans.Named(TelemetryNames.GateSpan + " WatchedGate", run.Run.RunId);
        Assert.Equal(2, gateSpans.Length);
        Assert.Equal(["Approved", "Rejected"], gateSpans.Select(s => (string)s.GetTagItem(TelemetryNames.GateDecision)!).Order());
        Assert.Equal([TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(61)], gateSpans.Select(s => s.Duration).Order());
    }

    [Fact]
    public async Task A_run_with_a_gate_in_memory_warns_at_its_start_that_waiting_items_do_not_survive_the_process()
    {
        var log = new LogRecorder();
        var line = new WatchedGateLine(new WatchedGate(), new IssueRefund(), new ExplainDecline());

        LineReport report = (await Collect.RunToEndAsync(line.Start(new RunOptions { Job = GatedRun<int>.Job, Logger = log }), GatedRuns.Larges(1))).Report;

        Assert.Equal(LineOutcome.AwaitingDecision, report.Outcome);
        string warning = Assert.Single(log.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal));
        Assert.Equal($"Warning: Gate WatchedGate of run {report.RunId} parks materials in InMemoryGateStore, in this process's memory: they and their decisions do not survive the process. Give RunOptions.Gates a durable store to keep them", warning);
    }

    private sealed class GateObserver : RunObserver
    {
        public ConcurrentQueue<MaterialInfo> Opened { get; } = new();

        public ConcurrentQueue<GateDecision> Decided { get; } = new();

        public ConcurrentQueue<GateDecision> TimedOut { get; } = new();

        public override void GateOpened(in MaterialInfo material, GateItem item) => Opened.Enqueue(material);

        public override void GateDecided(in MaterialInfo material, GateDecision decision) => Decided.Enqueue(decision);

        public override void GateTimedOut(in MaterialInfo material, GateDecision decision) => TimedOut.Enqueue(decision);
    }
}
