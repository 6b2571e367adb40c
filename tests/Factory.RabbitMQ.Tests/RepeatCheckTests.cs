using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Sqlite;
using Factory.Runtime;
using Xunit;

namespace Factory.RabbitMQ.Tests;

/// <summary>A repeated material is skipped as done only on the station's success in the run's current start.</summary>
public sealed class RepeatCheckTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("factory-repeats-").FullName;

    [Fact]
    public async Task A_repeat_is_done_already_only_when_its_station_succeeded_on_it_in_the_runs_current_start()
    {
        await using SqliteLedger ledger = SqliteLedger.Open(Path.Combine(directory, "repeats.db"));
        var line = new Totals(new Explode(), new PricePart(), new Total());
        string runId = "repeats-" + Guid.NewGuid().ToString("N");
        RunOptions Options() => new() { RunId = runId, Observers = [ledger.Observe(new LedgerObserveOptions { Provenance = ProvenanceLevel.Full })] };

        // Start 1: order 1's one part is priced.
        await foreach (Receipt _ in line.RunAsync([new Order(1, "c")], Options()))
        {
        }

        await ledger.FlushAsync();
        var part = new MaterialInfo(MaterialIds.Child(MaterialIds.Root(0), 0), MaterialIds.Root(0), 0, 0);
        var check = new RepeatCheck("PricePart", ledger, CancellationToken.None);
        var scope = new RemoteScope(Totals.Descriptor, runId, new JobOrder("job"), BranchingJson.Default, []);
        Assert.True(await check.DoneBeforeAsync(scope, part));

        // Start 2 of the run: the same material id, priced in start 1 only, is not done in this start (what start 1 sent on
        // from it went to start 1's caller), so a repeat of it is worked on again.
        LineRun<Order, Receipt> again = line.Start(Options());
        Assert.False(await check.DoneBeforeAsync(scope, part));
        again.Input.Complete();
        await again.Completion;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
