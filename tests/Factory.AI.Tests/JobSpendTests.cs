using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Factory.AI.Tests;

/// <summary>JobSpend's reservations on their own: who waits, who is refused, in what order, and what an overage does.</summary>
public sealed class JobSpendTests
{
    private static JobSpend Spend(long maxTokens) => JobSpend.Of(new JobOrder("j") { Budget = new JobBudget(MaxTokens: maxTokens) });

    [Fact]
    public async Task A_call_that_does_not_fit_beside_calls_in_flight_waits_and_gets_its_reservation_when_they_settle()
    {
        JobSpend spend = Spend(100);
        Reservation first = await spend.ReserveAsync(60, 0m, "j");

        ValueTask<Reservation> second = spend.ReserveAsync(60, 0m, "j");

        Assert.False(second.IsCompleted);
        Assert.Equal(1, spend.Waiting);
        spend.Settle(first, "m", 20, 10, 0m);
        Assert.Equal(new Reservation(60, 0m), await second.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal((30L, 60L, 0), (spend.Tokens, spend.ReservedTokens, spend.Waiting));
    }

    [Fact]
    public async Task A_waiting_call_is_refused_once_the_settled_spend_leaves_no_room_for_its_worst_case()
    {
        JobSpend spend = Spend(100);
        Reservation first = await spend.ReserveAsync(60, 0m, "j");
        ValueTask<Reservation> second = spend.ReserveAsync(60, 0m, "j");

        spend.Settle(first, "m", 45, 0, 0m);

        BudgetExhaustedException refused = await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await second);
        Assert.Equal("budget exhausted: job 'j' may use 100 tokens; 45 are spent, and this call may need 60", refused.Message);
        Assert.Equal((0L, 0), (spend.ReservedTokens, spend.Waiting));
    }

    [Fact]
    public async Task A_call_whose_worst_case_exceeds_what_is_left_after_the_settled_spend_is_refused_at_once()
    {
        JobSpend spend = Spend(100);
        spend.Settle(await spend.ReserveAsync(50, 0m, "j"), "m", 50, 0, 0m);
        Reservation inFlight = await spend.ReserveAsync(20, 0m, "j");

        // 50 spent + 60 > 100 whatever the call in flight settles: no waiting.
        BudgetExhaustedException refused = await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await spend.ReserveAsync(60, 0m, "j"));

        Assert.Contains("50 are spent", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, spend.Waiting);
        spend.Settle(inFlight, "m", 0, 0, 0m, countCall: false);
    }

    [Fact]
    public async Task Waiting_calls_are_served_first_come_first_served_so_a_small_call_cannot_starve_a_large_one()
    {
        JobSpend spend = Spend(100);
        Reservation first = await spend.ReserveAsync(60, 0m, "j");
        ValueTask<Reservation> large = spend.ReserveAsync(70, 0m, "j");

        // 30 would fit beside the 60 in flight, but the large call came first.
        ValueTask<Reservation> small = spend.ReserveAsync(30, 0m, "j");
        Assert.False(small.IsCompleted);
        Assert.Equal(2, spend.Waiting);

        spend.Settle(first, "m", 0, 0, 0m, countCall: false);
        Assert.Equal(70, (await large.AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Tokens);
        Assert.Equal(30, (await small.AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Tokens);
        Assert.Equal(100, spend.ReservedTokens);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_line_and_lets_the_next_call_in()
    {
        JobSpend spend = Spend(100);
        Reservation first = await spend.ReserveAsync(60, 0m, "j");
        using var cancel = new CancellationTokenSource();
        ValueTask<Reservation> cancelled = spend.ReserveAsync(70, 0m, "j", cancel.Token);
        ValueTask<Reservation> behind = spend.ReserveAsync(30, 0m, "j");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        Assert.Equal(30, (await behind.AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Tokens);
        Assert.Equal((90L, 0), (spend.ReservedTokens, spend.Waiting));
        spend.Settle(first, "m", 0, 0, 0m, countCall: false);
    }

    [Fact]
    public async Task Usage_above_the_reservation_is_recorded_and_refuses_the_calls_waiting()
    {
        JobSpend spend = Spend(100);
        Reservation first = await spend.ReserveAsync(60, 0m, "j");
        ValueTask<Reservation> waiting = spend.ReserveAsync(50, 0m, "j");

        // The server counted 120 where 60 was the most the call could use.
        spend.Settle(first, "m", 90, 30, 0m);

        await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await waiting);
        // Over the budget by 20: no more than the 60 the server reported beyond the reservation.
        Assert.Equal(120, spend.Tokens);
        Assert.InRange(spend.Tokens - 100, 1, 120 - 60);
        await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await spend.ReserveAsync(1, 0m, "j"));
    }

    [Fact]
    public async Task The_cost_budget_waits_and_refuses_the_same_way()
    {
        JobSpend spend = JobSpend.Of(new JobOrder("c") { Budget = new JobBudget(MaxCost: 1.00m) });
        Reservation first = await spend.ReserveAsync(10, 0.60m, "c");
        ValueTask<Reservation> second = spend.ReserveAsync(10, 0.60m, "c");
        Assert.False(second.IsCompleted);

        spend.Settle(first, "m", 5, 5, 0.50m);

        BudgetExhaustedException refused = await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await second);
        Assert.Equal("budget exhausted: job 'c' may spend 1.00; 0.50 is spent, and this call may cost 0.60", refused.Message);
    }

    [Fact]
    public async Task A_job_order_that_names_its_budget_ledger_reserves_and_settles_there_and_refuses_another_ledger()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "factory-spend-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using (var ledger = Factory.Ledger.Sqlite.SqliteLedger.Open(path))
            await using (var other = Factory.Ledger.Sqlite.SqliteLedger.Open(path))
            {
                var job = new JobOrder("named", "acme") { Budget = new JobBudget(MaxTokens: 100), BudgetLedger = ledger };

                JobSpend spend = JobSpend.Of(job);
                Reservation held = await spend.ReserveAsync(60, 0m, job.Id);
                Assert.Equal(new Factory.Ledger.JobBudgetRecord(0, 0m, 60, 0m), await ledger.GetJobBudgetAsync("acme", "named"));
                spend.Settle(held, "m", 30, 10, 0m);

                Assert.Same(ledger, spend.Ledger);
                Assert.Equal(new Factory.Ledger.JobBudgetRecord(40, 0m, 0, 0m), await ledger.GetJobBudgetAsync("acme", "named"));
                Assert.Throws<InvalidOperationException>(() => JobSpend.Of(job, other));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.File.Delete(path);
        }
    }
}
