using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using Factory.Testing;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// Gates on the broker: a worker parks each material in the shared ledger, deciders in other "processes"
/// (other ledger objects on the same file) decide, and the caller's run sends each decided material on once.
/// </summary>
public sealed class GateTests(ITestOutputHelper output) : IDisposable
{
    private static readonly GateActor Ann = new("ann", ["orders:approve"], [JobOrder.DefaultTenant]);
    private static readonly GateActor Bob = new("bob", ["orders:approve"], [JobOrder.DefaultTenant]);

    private readonly string directory = Directory.CreateTempSubdirectory("factory-gates-").FullName;

    [Fact]
    public async Task Materials_decided_through_another_ledger_reach_the_output_once_each_by_their_route()
    {
        string file = Path.Combine(directory, "decided.db");
        await using SqliteLedger callers = Open(file);
        await using SqliteLedger workers = Open(file);
        await using SqliteLedger deciders = Open(file);
        var line = new Reviewed(new ReviewOrder(), new Fulfil(), new Decline());
        await using IConnection connection = await TestBroker.ConnectAsync();
        // The gate on one worker, the stations after it on another: that one hears of the run only
        // through what the caller's gates send on.
        await using Worker gate = await Worker.StartAsync(line, Options(workers) with { Stations = ["ReviewOrder"] });
        await using Worker after = await Worker.StartAsync(line, Options(workers) with { Stations = ["Fulfil", "Decline"] });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Every output sampled: the stations after the gate run on materials the caller's gates send on,
        // which must carry the run's sampling as the caller's own inputs do.
        var options = new RunOptions
        {
            Observers = [callers.Observe()],
            Transport = new RabbitMqTransport(connection, ReviewJson.Default),
            Sampling = new Factory.Quality.Sampling { Seed = 1, Rate = 1 },
        };
        LineRun<Order, Receipt> run = line.Start(options, cancel.Token);
        await WriteAsync(run, 1, 20, cancel.Token);
        Task<List<Receipt>> reading = ReadAllAsync(run, cancel.Token);
        foreach (GateItem item in await WaitingAsync(deciders, run.RunId, 20, cancel.Token))
        {
            var order = (Order)item.Payload!;
            GateVerdict verdict = order.Number == 2 ? GateVerdict.ApproveEdited(order with { Customer = "edited" })
                : order.Number % 2 == 0 ? GateVerdict.Approve()
                : GateVerdict.Reject("out of stock");
            Assert.True((await deciders.Gates.DecideAsync(item.Key, Ann, verdict, cancel.Token)).Accepted);
        }

        run.Input.Complete();
        List<Receipt> receipts = await reading;
        LineReport report = await run.Completion.WaitAsync(cancel.Token);
        IReadOnlyList<InputRecord> inputs = await InputsAsync(callers, run.RunId, cancel.Token);

        output.WriteLine($"{receipts.Count} outputs, {report.Outcome}; e.g. {string.Join("; ", receipts.OrderBy(r => r.Number).Take(4).Select(r => $"{r.Number}: {r.Text}"))}");
        Assert.Equal(Enumerable.Range(1, 20), receipts.Select(r => r.Number).Order());
        Assert.Equal("declined by ann: out of stock", Text(receipts, 1));
        Assert.Equal("edited by ann for edited", Text(receipts, 2));
        Assert.Equal("approved by ann for c", Text(receipts, 4));
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(20, inputs.Count(i => i.Outcome == InputOutcome.Delivered && i.Delivered == 1));
        await workers.FlushAsync(cancel.Token);
        IReadOnlyList<Factory.Quality.ReviewItem> samples = await callers.Quality.ListReviewsAsync(new Factory.Quality.ReviewQuery { RunId = run.RunId, Status = null, Limit = 1000 }, cancel.Token);
        Assert.Equal((10, 10), (samples.Count(s => s.Station == "Fulfil"), samples.Count(s => s.Station == "Decline")));
    }

    /// <summary>
    /// Part 70 of order 7 is parked and its notice confirmed, then its worker "dies" before acknowledging,
    /// once the caller has sent 70 on (Fulfil holds it). The redelivery parks it again (the ledger keeps
    /// the first item and its decision) and sends the notice again before 70's output is back: the caller
    /// must know the notice for a repeat, or it takes 70 for parked again and drops its output as a repeat.
    /// Then the input ends with 71 and 72 waiting: the run ends awaiting decision for exactly those two.
    /// </summary>
    [Fact]
    public async Task A_worker_that_dies_after_parking_before_its_ack_loses_nothing_and_sends_nothing_on_twice()
    {
        string file = Path.Combine(directory, "died.db");
        await using SqliteLedger callers = Open(file);
        await using SqliteLedger workers = Open(file);
        await using SqliteLedger deciders = Open(file);
        var line = new ReviewedParts(new Explode(), new ReviewOrder(), new Fulfil(), new Decline());
        long part70 = MaterialIds.Child(MaterialIds.Root(6), 0);
        var dies = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fulfilling70 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fulfil70 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int deaths = 0;
        Fulfil.Before = order =>
        {
            if (order.Number != 70)
            {
                return Task.CompletedTask;
            }

            fulfilling70.TrySetResult();
            return fulfil70.Task;
        };
        try
        {
            await using IConnection connection = await TestBroker.ConnectAsync();
            await using Worker worker = await Worker.StartAsync(line, Options(workers) with
            {
                PartSent = async (station, material, part) =>
                {
                    if (station.Path == "ReviewOrder" && material.Id == part70 && Interlocked.CompareExchange(ref deaths, 1, 0) == 0)
                    {
                        await dies.Task;
                        throw new InvalidOperationException("the worker dies after parking part 70, before acknowledging it");
                    }
                },
            });
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            LineRun<Order, Receipt> run = line.Start(Run(callers, connection), cancel.Token);
            await WriteAsync(run, 1, 8, cancel.Token);
            var receipts = new List<Receipt>();
            var got70 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task reading = Task.Run(
                async () =>
                {
                    await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
                    {
                        receipts.Add(receipt);
                        if (receipt.Number == 70)
                        {
                            got70.TrySetResult();
                        }
                    }
                },
                cancel.Token);

            // 1 + 2 + 3 + 0 + 1 + 2 + 3 + 0 parts: all but 71 and 72 approved.
            IReadOnlyList<GateItem> items = await WaitingAsync(deciders, run.RunId, 12, cancel.Token);
            long[] later = items.Where(i => ((Order)i.Payload!).Number is 71 or 72).Select(i => i.Key.MaterialId).Order().ToArray();
            foreach (GateItem item in items.Where(i => !later.Contains(i.Key.MaterialId)))
            {
                Assert.True((await deciders.Gates.DecideAsync(item.Key, Ann, GateVerdict.Approve(), cancel.Token)).Accepted);
            }

            // The caller sent 70 on; now its gate's worker dies, and the redelivery is parked again and acknowledged.
            await fulfilling70.Task.WaitAsync(cancel.Token);
            long done = worker.Hosted.Done;
            dies.SetResult();
            while (worker.Hosted.Done <= done || worker.Hosted.Redelivered == 0)
            {
                await Task.Delay(20, cancel.Token);
            }

            await Task.Delay(500, cancel.Token);
            fulfil70.SetResult();
            await got70.Task.WaitAsync(TimeSpan.FromSeconds(10), cancel.Token);
            run.Input.Complete();
            await reading;
            LineReport report = await run.Completion.WaitAsync(cancel.Token);
            IReadOnlyList<InputRecord> inputs = await InputsAsync(callers, run.RunId, cancel.Token);

            output.WriteLine($"{receipts.Count} outputs, {report.Outcome} ({report.AwaitingDecision.Count} waiting), the worker died {deaths} time(s), {worker.Hosted.Redelivered} redelivered");
            Assert.Equal(1, deaths);
            Assert.Equal([10, 20, 21, 30, 31, 32, 50, 60, 61, 70], receipts.Select(r => r.Number).Order());
            Assert.Equal(LineOutcome.AwaitingDecision, report.Outcome);
            Assert.Equal(later, report.AwaitingDecision.Select(i => i.Key.MaterialId).Order());
            Assert.Null(inputs.Single(i => i.Sequence == 6).Outcome);
            Assert.Equal(InputOutcome.Delivered, inputs.Single(i => i.Sequence == 2).Outcome);
        }
        finally
        {
            Fulfil.Before = null;
        }
    }

    [Fact]
    public async Task Two_deciders_racing_on_each_item_send_each_material_on_once_by_the_one_accepted_decision()
    {
        string file = Path.Combine(directory, "race.db");
        await using SqliteLedger callers = Open(file);
        await using SqliteLedger workers = Open(file);
        await using SqliteLedger first = Open(file);
        await using SqliteLedger second = Open(file);
        var line = new Reviewed(new ReviewOrder(), new Fulfil(), new Decline());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line, Options(workers));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        LineRun<Order, Receipt> run = line.Start(Run(callers, connection), cancel.Token);
        await WriteAsync(run, 1, 30, cancel.Token);
        Task<List<Receipt>> reading = ReadAllAsync(run, cancel.Token);
        var accepted = new Dictionary<int, string>();
        await Parallel.ForEachAsync(await WaitingAsync(first, run.RunId, 30, cancel.Token), cancel.Token, async (item, token) =>
        {
            Task<GateDecisionResult> approve = Task.Run(async () => await first.Gates.DecideAsync(item.Key, Ann, GateVerdict.Approve(), token), token);
            Task<GateDecisionResult> reject = Task.Run(async () => await second.Gates.DecideAsync(item.Key, Bob, GateVerdict.Reject("raced"), token), token);
            GateDecisionResult[] results = await Task.WhenAll(approve, reject);
            Assert.Equal(1, results.Count(r => r.Accepted));
            lock (accepted)
            {
                accepted[((Order)item.Payload!).Number] = results[0].Accepted ? "approved by ann for c" : "declined by bob: raced";
            }
        });

        run.Input.Complete();
        List<Receipt> receipts = await reading;
        LineReport report = await run.Completion.WaitAsync(cancel.Token);

        output.WriteLine($"{receipts.Count} outputs; ann's approval won {accepted.Values.Count(v => v.StartsWith("approved", StringComparison.Ordinal))} of 30 races");
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(Enumerable.Range(1, 30), receipts.Select(r => r.Number).Order());
        Assert.All(receipts, r => Assert.Equal(accepted[r.Number], r.Text));
    }

    [Fact]
    public async Task A_timeout_by_the_ledgers_clock_decides_on_the_broker_and_the_rejection_goes_its_route()
    {
        string file = Path.Combine(directory, "timeout.db");
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using SqliteLedger callers = Open(file, clock);
        await using SqliteLedger workers = Open(file, clock);
        var line = new Reviewed(new ReviewOrder(), new Fulfil(), new Decline());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line, Options(workers));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        LineRun<Order, Receipt> run = line.Start(Run(callers, connection), cancel.Token);
        await WriteAsync(run, 1, 5, cancel.Token);
        Task<List<Receipt>> reading = ReadAllAsync(run, cancel.Token);
        await WaitingAsync(callers, run.RunId, 5, cancel.Token);
        await Task.Delay(600, cancel.Token);
        Assert.Equal(5, (await callers.Gates.WaitingAsync(run.RunId, cancel.Token)).Count);

        clock.Now += TimeSpan.FromMinutes(61);
        while ((await callers.Gates.WaitingAsync(run.RunId, cancel.Token)).Count > 0)
        {
            await Task.Delay(50, cancel.Token);
        }

        run.Input.Complete();
        List<Receipt> receipts = await reading;
        LineReport report = await run.Completion.WaitAsync(cancel.Token);

        output.WriteLine($"{receipts.Count} outputs; e.g. {receipts[0].Text}");
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(Enumerable.Range(1, 5), receipts.Select(r => r.Number).Order());
        Assert.All(receipts, r => Assert.StartsWith("declined by (timeout): no decision by 2026-12-07T10:00:00", r.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_whose_input_ended_with_only_parked_materials_left_ends_awaiting_decision_listing_them()
    {
        string file = Path.Combine(directory, "awaiting.db");
        await using SqliteLedger callers = Open(file);
        await using SqliteLedger workers = Open(file);
        var line = new Reviewed(new ReviewOrder(), new Fulfil(), new Decline());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line, Options(workers));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        LineRun<Order, Receipt> run = line.Start(Run(callers, connection), cancel.Token);
        await WriteAsync(run, 1, 4, cancel.Token);
        run.Input.Complete();
        List<Receipt> receipts = await ReadAllAsync(run, cancel.Token);
        LineReport report = await run.Completion.WaitAsync(cancel.Token);
        await callers.FlushAsync(cancel.Token);
        RunRecord record = (await callers.ListRunsAsync(cancellationToken: cancel.Token)).Single(r => r.RunId == run.RunId);

        output.WriteLine($"{report.Outcome}: {string.Join("; ", report.AwaitingDecision)}; the ledger says {record.Status}");
        Assert.Empty(receipts);
        Assert.Equal(LineOutcome.AwaitingDecision, report.Outcome);
        Assert.Equal(4, report.AwaitingDecision.Count);
        Assert.Equal(RunStatus.AwaitingDecision, record.Status);
    }

    /// <summary>
    /// A run on the broker that ended awaiting decision on 4 orders, two of them decided since (one by a timeout
    /// would do the same), started again on the broker with the same run id: its gate holds the 4 again from the
    /// ledger (their inputs do not enter again), sends the 2 decided on by their routes, and ends awaiting decision
    /// on the other 2, as in process. Before, the started-again run completed with nothing sent on.
    /// </summary>
    [Fact]
    public async Task A_run_that_ended_awaiting_decision_started_again_on_the_broker_sends_on_what_was_decided_since()
    {
        string file = Path.Combine(directory, "resumed.db");
        var line = new Reviewed(new ReviewOrder(), new Fulfil(), new Decline());
        await using IConnection connection = await TestBroker.ConnectAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        string runId;
        await using (SqliteLedger callers = Open(file))
        await using (SqliteLedger workers = Open(file))
        await using (Worker worker = await Worker.StartAsync(line, Options(workers)))
        {
            LineRun<Order, Receipt> first = line.Start(Run(callers, connection), cancel.Token);
            runId = first.RunId;
            await WriteAsync(first, 1, 4, cancel.Token);
            first.Input.Complete();
            Assert.Empty(await ReadAllAsync(first, cancel.Token));
            Assert.Equal(LineOutcome.AwaitingDecision, (await first.Completion.WaitAsync(cancel.Token)).Outcome);
        }

        await using (SqliteLedger deciders = Open(file))
        {
            foreach (GateItem item in await deciders.Gates.WaitingAsync(runId, cancel.Token))
            {
                int number = ((Order)item.Payload!).Number;
                if (number <= 2)
                {
                    GateVerdict verdict = number == 1 ? GateVerdict.Approve() : GateVerdict.Reject("out of stock");
                    Assert.True((await deciders.Gates.DecideAsync(item.Key, Ann, verdict, cancel.Token)).Accepted);
                }
            }
        }

        await using SqliteLedger again = Open(file);
        await using SqliteLedger workersAgain = Open(file);
        await using Worker restarted = await Worker.StartAsync(line, Options(workersAgain));
        LineRun<Order, Receipt> resumed = line.Start(new RunOptions { RunId = runId, Observers = [again.Observe()], Transport = new RabbitMqTransport(connection, ReviewJson.Default) }, cancel.Token);
        await WriteAsync(resumed, 1, 4, cancel.Token);
        resumed.Input.Complete();
        List<Receipt> receipts = await ReadAllAsync(resumed, cancel.Token);
        LineReport report = await resumed.Completion.WaitAsync(cancel.Token);
        await again.FlushAsync(cancel.Token);
        RunRecord record = (await again.GetRunAsync(runId, cancel.Token))!;

        output.WriteLine($"{string.Join("; ", receipts.OrderBy(r => r.Number).Select(r => $"{r.Number}: {r.Text}"))}; {report.Outcome}, waiting {string.Join(", ", report.AwaitingDecision.Select(i => i.Key.MaterialId))}; the ledger says {record.Status}, start {record.Starts}");
        Assert.Equal(["approved by ann for c", "declined by ann: out of stock"], receipts.OrderBy(r => r.Number).Select(r => r.Text));
        Assert.Equal(LineOutcome.AwaitingDecision, report.Outcome);
        Assert.Equal([MaterialIds.Root(2), MaterialIds.Root(3)], report.AwaitingDecision.Select(i => i.Key.MaterialId).Order());
        Assert.Equal((RunStatus.AwaitingDecision, 2), (record.Status, record.Starts));
        Assert.Equal(2, (await InputsAsync(again, runId, cancel.Token)).Count(i => i.Outcome == InputOutcome.Delivered));
    }

    [Fact]
    public async Task A_four_eyes_gate_on_the_broker_refuses_the_jobs_submitter_and_takes_someone_elses_decision()
    {
        string file = Path.Combine(directory, "four-eyes.db");
        await using SqliteLedger callers = Open(file);
        await using SqliteLedger workers = Open(file);
        var line = new CounterSigned(new CounterSign(), new Fulfil(), new Decline());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line, Options(workers));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new RunOptions { Observers = [callers.Observe()], Transport = new RabbitMqTransport(connection, ReviewJson.Default), Job = new JobOrder("signed") { Submitter = "ann" } };

        LineRun<Order, Receipt> run = line.Start(options, cancel.Token);
        await WriteAsync(run, 1, 1, cancel.Token);
        Task<List<Receipt>> reading = ReadAllAsync(run, cancel.Token);
        GateItem item = (await WaitingAsync(callers, run.RunId, 1, cancel.Token)).Single();
        GateDecisionResult byAnn = await callers.Gates.DecideAsync(item.Key, Ann, GateVerdict.Approve(), cancel.Token);
        GateDecisionResult byBob = await callers.Gates.DecideAsync(item.Key, Bob, GateVerdict.Approve(), cancel.Token);
        run.Input.Complete();
        List<Receipt> receipts = await reading;

        output.WriteLine($"ann: {byAnn.Refusal}; bob: accepted {byBob.Accepted}");
        Assert.Equal("ann", item.Submitter);
        Assert.False(byAnn.Accepted);
        Assert.Contains("needs four eyes", byAnn.Refusal ?? string.Empty, StringComparison.Ordinal);
        Assert.True(byBob.Accepted);
        Assert.Equal("approved by bob for c", Assert.Single(receipts).Text);
    }

    /// <summary>
    /// The ledger keeps a parked charge without its [Sensitive] holder; the stations after the gate still see the
    /// holder, as in process (the gate's worker sends the material as it came to the caller's run, on the broker).
    /// The gate and the stations after it run in two workers; one charge is parked twice (its worker "dies" after
    /// parking, before its acknowledgement). No holder's name is anywhere in the ledger's files.
    /// </summary>
    [Fact]
    public async Task A_gates_sensitive_members_reach_the_stations_after_it_as_in_process_and_never_the_ledger()
    {
        string file = Path.Combine(directory, "sensitive.db");
        var line = new ChargeReview(new ReviewCharge(), new Settle(), new Refuse());
        var bills = new List<Bill>();
        await using (SqliteLedger callers = SqliteLedger.Open(file, new SqliteLedgerOptions { Inputs = ChargeReviewJson.Default }))
        await using (SqliteLedger workers = SqliteLedger.Open(file, new SqliteLedgerOptions { Inputs = ChargeReviewJson.Default }))
        {
            await using IConnection connection = await TestBroker.ConnectAsync();
            int dying = 0;
            LineWorkerOptions options = new() { Broker = RabbitMqBroker.FromEnvironment(), Json = ChargeReviewJson.Default, Ledger = workers };
            await using Worker gate = await Worker.StartAsync(line, options with
            {
                Stations = ["ReviewCharge"],
                PartSent = (station, material, _) => material.Id == MaterialIds.Root(2) && Interlocked.Exchange(ref dying, 1) == 0
                    ? throw new InvalidOperationException("the gate's worker dies after parking charge 3, before its acknowledgement")
                    : Task.CompletedTask,
            });
            await using Worker after = await Worker.StartAsync(line, options with { Stations = ["Settle", "Refuse"] });
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            LineRun<Charge, Bill> run = line.Start(new RunOptions { Observers = [callers.Observe()], Transport = new RabbitMqTransport(connection, ChargeReviewJson.Default) }, cancel.Token);
            foreach (int number in Enumerable.Range(1, 4))
            {
                await run.Input.WriteAsync(new Charge(number, $"holder-secret-{number}", number * 100m), cancel.Token);
            }

            Task<List<Bill>> reading = Task.Run(
                async () =>
                {
                    var read = new List<Bill>();
                    await foreach (Bill bill in run.Output.ReadAllAsync(cancel.Token))
                    {
                        read.Add(bill);
                    }

                    return read;
                },
                cancel.Token);
            foreach (GateItem item in await WaitingAsync(callers, run.RunId, 4, cancel.Token))
            {
                var parked = (Charge)item.Payload!;
                Assert.DoesNotContain("holder-secret", parked.Holder ?? string.Empty, StringComparison.Ordinal);
                GateVerdict verdict = parked.Number <= 2 ? GateVerdict.Approve() : GateVerdict.Reject("over the limit");
                Assert.True((await callers.Gates.DecideAsync(item.Key, Ann, verdict, cancel.Token)).Accepted);
            }

            run.Input.Complete();
            bills = await reading;
            Assert.Equal(LineOutcome.Completed, (await run.Completion.WaitAsync(cancel.Token)).Outcome);
            Assert.Equal(1, dying);
        }

        output.WriteLine(string.Join("; ", bills.OrderBy(b => b.Number).Select(b => b.Text)));
        Assert.Equal(
            ["settled for holder-secret-1", "settled for holder-secret-2", "refused for holder-secret-3", "refused for holder-secret-4"],
            bills.OrderBy(b => b.Number).Select(b => b.Text));
        foreach (string written in Directory.GetFiles(directory, "sensitive.db*"))
        {
            Assert.DoesNotContain("holder-secret", System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(written)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_gated_line_on_a_transport_without_the_workers_ledger_is_refused_at_start()
    {
        var line = new Reviewed(new ReviewOrder(), new Fulfil(), new Decline());
        await using IConnection connection = await TestBroker.ConnectAsync();

        var error = Assert.Throws<InvalidOperationException>(() => line.Start(new RunOptions { Transport = new RabbitMqTransport(connection, ReviewJson.Default) }));

        Assert.StartsWith("Line 'Reviewed' runs gate 'ReviewOrder' on a transport: its workers park materials in their ledger", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LineWorker.For(line, new LineWorkerOptions { Broker = RabbitMqBroker.FromEnvironment(), Json = ReviewJson.Default }));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static SqliteLedger Open(string file, TimeProvider? clock = null) =>
        SqliteLedger.Open(file, new SqliteLedgerOptions { Inputs = ReviewJson.Default, Clock = clock ?? TimeProvider.System });

    private static LineWorkerOptions Options(ILedger ledger) =>
        new() { Broker = RabbitMqBroker.FromEnvironment(), Json = ReviewJson.Default, Ledger = ledger };

    private static RunOptions Run(ILedger ledger, IConnection connection) =>
        new() { Observers = [ledger.Observe()], Transport = new RabbitMqTransport(connection, ReviewJson.Default) };

    private static async Task WriteAsync(LineRun<Order, Receipt> run, int from, int count, CancellationToken cancellationToken)
    {
        foreach (int number in Enumerable.Range(from, count))
        {
            await run.Input.WriteAsync(new Order(number, "c"), cancellationToken);
        }
    }

    private static Task<List<Receipt>> ReadAllAsync(LineRun<Order, Receipt> run, CancellationToken cancellationToken) =>
        Task.Run(
            async () =>
            {
                var receipts = new List<Receipt>();
                await foreach (Receipt receipt in run.Output.ReadAllAsync(cancellationToken))
                {
                    receipts.Add(receipt);
                }

                return receipts;
            },
            cancellationToken);

    /// <summary>The items of the run waiting in the ledger, once there are <paramref name="count"/>.</summary>
    private static async Task<IReadOnlyList<GateItem>> WaitingAsync(ILedger ledger, string runId, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            IReadOnlyList<GateItem> waiting = await ledger.Gates.WaitingAsync(runId, cancellationToken);
            if (waiting.Count >= count)
            {
                return waiting;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<IReadOnlyList<InputRecord>> InputsAsync(SqliteLedger ledger, string runId, CancellationToken cancellationToken)
    {
        await ledger.FlushAsync(cancellationToken);
        return await ledger.ListInputsAsync(runId, new PageQuery { Limit = 1_000 }, cancellationToken);
    }

    private static string Text(List<Receipt> receipts, int number) => receipts.Single(r => r.Number == number).Text;
}
