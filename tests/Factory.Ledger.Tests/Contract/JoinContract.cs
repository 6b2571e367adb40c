using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using Factory.Ledger.Relational;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// <see cref="LedgerObserveOptions.Join"/> in one process: a worker joins a run another ledger object holds and
/// records what it processes, without taking the lease or ending the run; it refuses a run that does not
/// exist, is not running, or is another line's or tenant's. (Many processes: <see cref="ManyWritersContract"/>.)
/// </summary>
public abstract class JoinContract(LedgerFixture fixture)
{
    private static readonly JobOrder Job = new("join-job", "join-tenant");

    [Fact]
    public async Task Workers_joining_a_held_run_record_each_input_once_and_leave_the_lease_and_the_end_to_the_holder()
    {
        const int count = 300;
        await using TempLedger temp = await fixture.OpenAsync();
        LineRun<Order, Checked> held = Line().Start(Runs.With(temp.Ledger, "held", Job));
        string holder = (string)temp.Rows("SELECT instance FROM leases WHERE run_id = 'held'")[0][0]!;

        // Two workers, one after the other, each with a ledger object of its own, process the same orders.
        for (int worker = 0; worker < 2; worker++)
        {
            await using RelationalLedger ledger = temp.OpenAnother(temp.Settings);
            (Exception? error, int outputs) = await OutageRuns.TryRunAsync(Line(), Runs.Orders(count), Joining(ledger, "held"));
            Assert.Null(error);
            Assert.Equal(count, outputs);
        }

        Assert.Equal(count, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'held' AND outcome = 'delivered' AND entries = 2"));
        Assert.Equal(count, temp.Scalar("SELECT count(*) FROM materials WHERE run_id = 'held'"));
        Assert.Equal("running", temp.Rows("SELECT status FROM runs WHERE run_id = 'held'")[0][0]);
        Assert.Equal(holder, temp.Rows("SELECT instance FROM leases WHERE run_id = 'held'")[0][0]);

        held.Input.Complete();
        await foreach (Checked _ in held.Output.ReadAllAsync())
        {
        }

        await held.Completion;
        Assert.Equal("completed", temp.Rows("SELECT status FROM runs WHERE run_id = 'held'")[0][0]);
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));
    }

    [Fact]
    public async Task A_worker_cannot_join_a_run_that_does_not_exist_has_ended_or_is_another_tenants()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        string missing = await RefusalAsync(temp, "nowhere", Job);
        Assert.Contains($"Run 'nowhere' cannot be joined: the ledger {temp.Ledger.Store.LedgerName} has no such run. Start it first, without Join", missing, StringComparison.Ordinal);

        (Exception? error, _) = await OutageRuns.TryRunAsync(Line(), Runs.Orders(3), Runs.With(temp.Ledger, "ended", Job));
        Assert.Null(error);
        string ended = await RefusalAsync(temp, "ended", Job);
        Assert.Contains("Run 'ended' cannot be joined: it is completed, not running.", ended, StringComparison.Ordinal);

        LineRun<Order, Checked> held = Line().Start(Runs.With(temp.Ledger, "theirs", Job));
        string tenant = await RefusalAsync(temp, "theirs", new JobOrder("join-job", "other-tenant"));
        Assert.Contains("Run 'theirs' belongs to tenant 'join-tenant'; a worker for tenant 'other-tenant' cannot join it.", tenant, StringComparison.Ordinal);
        held.Input.Complete();
        await foreach (Checked _ in held.Output.ReadAllAsync())
        {
        }

        await held.Completion;
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id IN ('nowhere', 'theirs')"));
    }

    private static async Task<string> RefusalAsync(TempLedger temp, string runId, JobOrder job)
    {
        await using RelationalLedger ledger = temp.OpenAnother(temp.Settings);
        (Exception? error, _) = await OutageRuns.TryRunAsync(Line(), Runs.Orders(3), Joining(ledger, runId, job));
        Assert.NotNull(error);

        // The run's own refusal, which a worker drops the run's materials on, not a failure of the ledger.
        Assert.True(OutageRuns.Ledgers(error).RunRefused, OutageRuns.Messages(error));
        return OutageRuns.Messages(error);
    }

    private static RunOptions Joining(RelationalLedger ledger, string runId, JobOrder? job = null) => new()
    {
        RunId = runId,
        Job = job ?? Job,
        Observers = [ledger.Observe(new LedgerObserveOptions { Join = true })],
    };

    private static FinishLine Line() => new(new Receive(new Journal()), new Finish(new ConcurrentDictionary<int, bool>()));
}
