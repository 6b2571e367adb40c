using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using Factory.Quality;
using Factory.Testing;
using RabbitMQ.Client;
using Xunit;
using Xunit.Abstractions;

namespace Factory.RabbitMQ.Tests;

/// <summary>
/// Quality sampling on the broker: the workers sample the materials the run samples in process (the
/// seeded choice travels with the messages), into the shared ledger's review queue, with the
/// [Sensitive] members blanked; what cannot travel (a predicate) is refused at the start.
/// </summary>
public sealed class SamplingTests(ITestOutputHelper output) : IDisposable
{
    private const int Inputs = 300;

    private readonly string directory = Directory.CreateTempSubdirectory("factory-sampling-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Sampling Seeded() => new Sampling { Seed = 11, Rate = 0.1 }.Station("Invoice", 0.3);

    [Fact]
    public async Task The_same_seeded_sampling_takes_the_same_materials_in_process_and_on_the_broker_with_Sensitive_members_blanked()
    {
        await using SqliteLedger inProcess = SqliteLedger.Open(Path.Combine(directory, "in-process.db"));
        await using SqliteLedger onBroker = SqliteLedger.Open(Path.Combine(directory, "broker.db"));
        var line = new Payments(new Authorize(), new Invoice());
        Card[] cards = [.. Enumerable.Range(1, Inputs).Select(i => new Card(i, "Ada Lovelace"))];

        LineRun<Card, Bill> local = line.Start(new RunOptions { Sampling = Seeded(), Observers = [Observe(inProcess)] });
        (List<Bill> localBills, LineReport localReport) = await RunToEndAsync(local, cards);

        await TestBroker.PurgeAsync(LineTopology.For(Payments.Descriptor));
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line, new LineWorkerOptions { Broker = RabbitMqBroker.FromEnvironment(), Json = PaymentsJson.Default, Ledger = onBroker });
        LineRun<Card, Bill> remote = line.Start(new RunOptions { Sampling = Seeded(), Observers = [Observe(onBroker)], Transport = new RabbitMqTransport(connection, PaymentsJson.Default) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        (List<Bill> remoteBills, LineReport remoteReport) = await RunToEndAsync(remote, cards).WaitAsync(cancel.Token);

        Assert.Equal((Inputs, LineOutcome.Completed), (localBills.Count, localReport.Outcome));
        Assert.Equal((Inputs, LineOutcome.Completed), (remoteBills.Count, remoteReport.Outcome));
        IReadOnlyList<ReviewItem> localSamples = await Samples(inProcess, local.RunId);
        IReadOnlyList<ReviewItem> remoteSamples = await Samples(onBroker, remote.RunId);
        foreach (string station in new[] { "Authorize", "Invoice" })
        {
            long[] expected = Ids(localSamples, station);
            long[] actual = Ids(remoteSamples, station);
            output.WriteLine($"{station}: {expected.Length} sampled in process, {actual.Length} on the broker; first ids {string.Join(", ", actual.Take(5))}");
            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
        }

        // 10% and 30% of 300 each, seeded: well inside [0, 300].
        Assert.InRange(Ids(remoteSamples, "Authorize").Length, 10, 60);
        Assert.InRange(Ids(remoteSamples, "Invoice").Length, 60, 130);
        Assert.All(remoteSamples, sample =>
        {
            Assert.Equal(SampleReason.Rate, sample.Reason);
            Assert.DoesNotContain("Ada Lovelace", sample.InputJson + sample.OutputJson, StringComparison.Ordinal);
            Assert.Contains("\"Holder\":\"***\"", sample.InputJson, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_sampling_predicate_cannot_travel_to_workers_and_is_refused_at_the_start_naming_the_station()
    {
        await using IConnection connection = await TestBroker.ConnectAsync();
        var line = new Payments(new Authorize(), new Invoice());
        Sampling sampling = new Sampling { Seed = 1 }.When<Card, Charge>("Authorize", (_, charge) => charge.Amount > 10);

        var refused = Assert.ThrowsAny<InvalidOperationException>(() => line.Start(new RunOptions { Sampling = sampling, Transport = new RabbitMqTransport(connection, PaymentsJson.Default) }));

        Assert.Contains("Sampling gives station 'Authorize' a predicate", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thinking_units_own_verdicts_on_a_worker_are_recorded_in_the_shared_ledger_when_the_run_asks_for_them()
    {
        const int Questions = 12;
        using var server = new Factory.AI.Tests.FakeModelServer(_ => Factory.AI.Tests.Reply.Ok("""{"Category":"billing","Urgency":1}"""));
        await using SqliteLedger ledger = SqliteLedger.Open(Path.Combine(directory, "verdicts.db"));
        var line = new Thinking(new SortQuestion(ThinkingModels.At(server.Endpoint)));
        await TestBroker.PurgeAsync(LineTopology.For(Thinking.Descriptor));
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line, new LineWorkerOptions { Broker = RabbitMqBroker.FromEnvironment(), Json = ThinkingJson.Default, Ledger = ledger });

        LineRun<Question, Sorted> run = line.Start(new RunOptions
        {
            Job = new JobOrder(tenant: "verdicts"),
            Sampling = new Sampling { ThinkingUnits = true },
            Observers = [ledger.Observe()],
            Transport = new RabbitMqTransport(connection, ThinkingJson.Default),
        });
        for (int i = 1; i <= Questions; i++)
        {
            await run.Input.WriteAsync(new Question(i, "My invoice is wrong"));
        }

        run.Input.Complete();
        int answers = 0;
        await foreach (Sorted _ in run.Output.ReadAllAsync())
        {
            answers++;
        }

        await run.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        DefectRate rate = Assert.Single(await ledger.Quality.DefectRatesAsync(new DefectRateQuery { Tenant = "verdicts", Inspector = "thinking-unit" }));
        output.WriteLine($"{answers} answers; {rate.Inspected} verdicts of the thinking unit at {rate.Station} {rate.StationVersion}, {rate.Defects} defects");
        Assert.Equal(Questions, answers);
        Assert.Equal(("SortQuestion", (long)Questions, 0L), (rate.Station, rate.Inspected, rate.Defects));
    }

    /// <summary>Writes every input (while reading outputs, so a bounded exit never blocks the writer), then waits for the report.</summary>
    private static async Task<(List<Bill> Outputs, LineReport Report)> RunToEndAsync(LineRun<Card, Bill> run, IEnumerable<Card> inputs)
    {
        Task<List<Bill>> reading = Task.Run(async () =>
        {
            var bills = new List<Bill>();
            await foreach (Bill bill in run.Output.ReadAllAsync())
            {
                bills.Add(bill);
            }

            return bills;
        });
        foreach (Card card in inputs)
        {
            await run.Input.WriteAsync(card);
        }

        run.Input.Complete();
        return (await reading, await run.Completion);
    }

    private static RunObserver Observe(SqliteLedger ledger) => ledger.Observe(new LedgerObserveOptions { Inputs = PaymentsJson.Default });

    private static Task<IReadOnlyList<ReviewItem>> Samples(SqliteLedger ledger, string runId) =>
        ledger.Quality.ListReviewsAsync(new ReviewQuery { RunId = runId, Status = null, Limit = 10_000 });

    private static long[] Ids(IEnumerable<ReviewItem> samples, string station) =>
        [.. samples.Where(s => s.Station == station).Select(s => s.MaterialId).Order()];
}
