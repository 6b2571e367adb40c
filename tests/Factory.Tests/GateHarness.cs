using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

/// <summary>A clock the test moves by hand: gates read deadlines from it.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}

/// <summary>A refunds run with its store and the people who decide in it.</summary>
internal sealed class GatedRun<TIn>
{
    public static readonly GateActor Ann = new("ann", ["refunds:approve"], ["acme"]);
    public static readonly GateActor Bob = new("bob", ["refunds:admin"], ["acme"]);

    private readonly ConcurrentQueue<RefundOutcome> outputs = new();

    public GatedRun(LineRun<TIn, RefundOutcome> run, InMemoryGateStore store)
    {
        Run = run;
        Store = store;
        Reading = Task.Run(async () =>
        {
            await foreach (RefundOutcome outcome in run.Output.ReadAllAsync())
            {
                outputs.Enqueue(outcome);
            }
        });
    }

    public LineRun<TIn, RefundOutcome> Run { get; }

    public InMemoryGateStore Store { get; }

    public Task Reading { get; }

    public IReadOnlyCollection<RefundOutcome> Outputs => outputs;

    public static JobOrder Job => new(tenant: "acme") { Submitter = "sam" };

    public async Task WriteAsync(IEnumerable<TIn> inputs)
    {
        foreach (TIn input in inputs)
        {
            await Run.Input.WriteAsync(input);
        }
    }

    /// <summary>Waits until <paramref name="count"/> items wait at the gates of this run.</summary>
    public async Task<IReadOnlyList<GateItem>> WaitingAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            IReadOnlyList<GateItem> waiting = await Store.WaitingAsync(Run.RunId);
            if (waiting.Count >= count)
            {
                Assert.Equal(count, waiting.Count);
                return waiting;
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>Waits until <paramref name="count"/> outputs have been read.</summary>
    public async Task OutputsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (outputs.Count < count)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.Equal(count, outputs.Count);
    }

    /// <summary>Completes the input and returns the report once the output is read.</summary>
    public async Task<LineReport> FinishAsync()
    {
        Run.Input.Complete();
        await Reading;
        return await Run.Completion;
    }
}

internal static class GatedRuns
{
    public static GatedRun<int> Refunds(InMemoryGateStore store, IssueRefund issue, JobOrder? job = null)
    {
        var line = new Refunds(new DraftRefund(), new AutoIssue(), new RefundReview(new ApproveRefund(), issue, new ExplainDecline()));
        return new GatedRun<int>(line.Start(new RunOptions { Job = job ?? GatedRun<int>.Job, Gates = store }), store);
    }

    public static LargeRefund Large(int id) => new(id, 1_000 + id, "customer " + id);

    public static IEnumerable<LargeRefund> Larges(int count) => Enumerable.Range(0, count).Select(i => Large(i * 10));
}
