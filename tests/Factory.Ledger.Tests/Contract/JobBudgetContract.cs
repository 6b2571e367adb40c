using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI;
using Factory.Ledger.Relational;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// A job's token and cost budget kept in the ledger (<see cref="IJobBudgetLedger"/>) and spent through
/// <see cref="JobSpend"/> by two "processes": two ledger objects on one database, each with its own
/// job order instance of the same job id, as two workers have. Their calls race; together they never
/// hold more than the budget, and they spend up to it, not each up to it.
/// </summary>
public abstract class JobBudgetContract(LedgerFixture fixture, ITestOutputHelper output)
{
    private const long MaxTokens = 4_000;
    private const decimal MaxCost = 40m;
    private const long WorstTokens = 100;
    private const decimal WorstCost = 0.9m;

    // The tenant a job order has when none is named.
    private static readonly string Tenant = new JobOrder("any").Tenant;

    [Fact]
    public async Task RacingReservationsOfTwoLedgersNeverOverrunTheBudget()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await using RelationalLedger other = temp.OpenAnother(temp.Settings);
        JobBudget budget = new(MaxTokens: MaxTokens, MaxCost: MaxCost);
        JobSpend first = JobSpend.Of(new JobOrder("job-race") { Budget = budget }, temp.Ledger);
        JobSpend second = JobSpend.Of(new JobOrder("job-race") { Budget = budget }, other);

        // What both hold and have spent, counted by the test itself: checked after every reservation.
        long held = 0;
        long worstSeen = 0;
        long refused = 0;
        async Task CallAsync(JobSpend spend, int caller)
        {
            var random = new Random(caller);
            while (true)
            {
                Reservation reservation;
                try
                {
                    reservation = await spend.ReserveAsync(WorstTokens, WorstCost, "job-race");
                }
                catch (BudgetExhaustedException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }

                long now = Interlocked.Add(ref held, WorstTokens) + first.Tokens + second.Tokens;
                InterlockedMax(ref worstSeen, now);
                await Task.Delay(random.Next(0, 3));

                // Real usage is at most the worst case; a tenth of the calls fail before the model answers.
                bool answered = random.Next(10) != 0;
                long used = random.Next(50, (int)WorstTokens + 1);
                decimal cost = used * WorstCost / WorstTokens;
                Interlocked.Add(ref held, -WorstTokens);
                spend.Settle(reservation, "model", used / 2, used - used / 2, cost, answered);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => CallAsync(i % 2 == 0 ? first : second, i))));

        JobBudgetRecord row = await temp.Ledger.GetJobBudgetAsync(Tenant, "job-race");
        output.WriteLine($"{fixture.Name}: spent {row.SpentTokens} tokens and {row.SpentCost} of {MaxTokens} and {MaxCost}; first {first}, second {second}; most held and spent at once {worstSeen}; {refused} callers refused");
        Assert.Equal(12, refused);
        Assert.Equal(0, row.ReservedTokens);
        Assert.Equal(0m, row.ReservedCost);
        Assert.Equal(first.Tokens + second.Tokens, row.SpentTokens);
        Assert.Equal(first.Cost + second.Cost, row.SpentCost);
        Assert.True(row.SpentTokens <= MaxTokens, $"spent {row.SpentTokens} tokens of {MaxTokens}");
        Assert.True(row.SpentCost <= MaxCost, $"spent {row.SpentCost} of {MaxCost}");
        Assert.True(worstSeen <= MaxTokens, $"{worstSeen} tokens were held and spent at once, of {MaxTokens}");

        // Both spent, and together they reached the budget: a call was refused only when no room was left.
        Assert.True(first.Calls > 0 && second.Calls > 0, $"first {first.Calls} calls, second {second.Calls}");
        Assert.True(row.SpentTokens + WorstTokens > MaxTokens || row.SpentCost + WorstCost > MaxCost, $"refused with {row.SpentTokens} tokens and {row.SpentCost} spent");
    }

    [Fact]
    public async Task ACallThatCannotFitBesideTheOtherLedgersSpendIsRefusedNamingTheJob()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await using RelationalLedger other = temp.OpenAnother(temp.Settings);
        JobBudget budget = new(MaxTokens: 150);
        JobSpend first = JobSpend.Of(new JobOrder("job-small") { Budget = budget }, temp.Ledger);
        JobSpend second = JobSpend.Of(new JobOrder("job-small") { Budget = budget }, other);

        Reservation held = await first.ReserveAsync(100, 0m, "job-small");

        // Only the reservation stands in the way: the other process waits for its settlement.
        Task<Reservation> waiting = second.ReserveAsync(100, 0m, "job-small").AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        Assert.Throws<BudgetExhaustedException>(() => second.Reserve(100, 0m, "job-small"));

        // Settled at 80 spent: 80 + 100 no longer fits, whatever settles later.
        first.Settle(held, "model", 40, 40, 0m);
        BudgetExhaustedException refused = await Assert.ThrowsAsync<BudgetExhaustedException>(() => waiting);
        Assert.Contains("job-small", refused.Message, StringComparison.Ordinal);
        Assert.Contains("150 tokens", refused.Message, StringComparison.Ordinal);

        // What still fits is reserved by the other one.
        Reservation small = second.Reserve(70, 0m, "job-small");
        second.Settle(small, "model", 0, 0, 0m, countCall: false);
        Assert.Equal(new JobBudgetRecord(80, 0m, 0, 0m), await other.GetJobBudgetAsync(Tenant, "job-small"));
    }

    [Fact]
    public async Task AHoldWhoseProcessDiedIsReleasedByTheJobsNextReservationOnceItsLeaseEnds()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Clock = clock });
        var budget = new JobBudget(MaxTokens: 150);

        // Another process holds 100 for a call and dies before it settles.
        await using (RelationalLedger dead = temp.OpenAnother(temp.Settings))
        {
            BudgetHold held = await dead.TryHoldAsync(Tenant, "job-dead", budget, 100, 0m, TimeSpan.FromMinutes(15));
            Assert.Equal(BudgetAnswer.Reserved, held.Answer);
            Assert.NotNull(held.Id);
        }

        // This process's call waits for it while its lease holds, and reserves once it has ended (before holds, it waited for good).
        JobSpend spend = JobSpend.Of(new JobOrder("job-dead") { Budget = budget }, temp.Ledger);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Task<Reservation> waiting = spend.ReserveAsync(100, 0m, "job-dead", patience.Token).AsTask();
        clock.Now += TimeSpan.FromMinutes(14);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted, "the call reserved while the dead process's hold still held");

        clock.Now += TimeSpan.FromMinutes(1);
        Reservation reservation = await waiting;
        Assert.NotNull(reservation.HoldId);
        Assert.Equal(new JobBudgetRecord(0, 0m, 100, 0m), await temp.Ledger.GetJobBudgetAsync(Tenant, "job-dead"));

        spend.Settle(reservation, "model", 30, 30, 0m);
        Assert.Equal(new JobBudgetRecord(60, 0m, 0, 0m), await temp.Ledger.GetJobBudgetAsync(Tenant, "job-dead"));
    }

    [Fact]
    public async Task AHoldSettledAfterItsLeaseWasTakenBackReleasesNoneOfAnotherCallsReservation()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Clock = clock });
        await using RelationalLedger other = temp.OpenAnother(temp.Settings);
        var budget = new JobBudget(MaxTokens: 100);

        // A slow call outlives its lease, and another call reserves the room it held.
        BudgetHold slow = await other.TryHoldAsync(Tenant, "job-slow", budget, 60, 0m, TimeSpan.FromMinutes(1));
        Assert.Equal(BudgetAnswer.Busy, (await temp.Ledger.TryHoldAsync(Tenant, "job-slow", budget, 60, 0m, TimeSpan.FromMinutes(5))).Answer);
        clock.Now += TimeSpan.FromMinutes(1);
        BudgetHold next = await temp.Ledger.TryHoldAsync(Tenant, "job-slow", budget, 60, 0m, TimeSpan.FromMinutes(5));
        Assert.Equal(BudgetAnswer.Reserved, next.Answer);
        Assert.Equal(new JobBudgetRecord(0, 0m, 60, 0m), await other.GetJobBudgetAsync(Tenant, "job-slow"));

        // The slow call settles: its use is spent, and the next call's reservation stays whole; then that one settles.
        await other.SettleHoldAsync(Tenant, "job-slow", slow.Id!, 60, 0m, 50, 0m);
        Assert.Equal(new JobBudgetRecord(50, 0m, 60, 0m), await temp.Ledger.GetJobBudgetAsync(Tenant, "job-slow"));
        await temp.Ledger.SettleHoldAsync(Tenant, "job-slow", next.Id!, 60, 0m, 40, 0m);
        Assert.Equal(new JobBudgetRecord(90, 0m, 0, 0m), await other.GetJobBudgetAsync(Tenant, "job-slow"));

        // A settlement said twice releases once.
        await temp.Ledger.SettleHoldAsync(Tenant, "job-slow", next.Id!, 60, 0m, 0, 0m);
        Assert.Equal(new JobBudgetRecord(90, 0m, 0, 0m), await other.GetJobBudgetAsync(Tenant, "job-slow"));
    }

    [Fact]
    public async Task APlainReservationIsNotTakenBackHoweverLongItIsHeld()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Clock = clock });
        await using RelationalLedger other = temp.OpenAnother(temp.Settings);
        var budget = new JobBudget(MaxTokens: 100);

        Assert.Equal(BudgetAnswer.Reserved, await other.TryReserveAsync(Tenant, "job-plain", budget, 60, 0m));
        BudgetHold leased = await other.TryHoldAsync(Tenant, "job-plain", budget, 30, 0m, TimeSpan.FromMinutes(1));
        Assert.NotNull(leased.Id);
        clock.Now += TimeSpan.FromDays(30);

        // The hold's lease ended and it is taken back; the plain reservation (an earlier Factory's call) still stands.
        Assert.Equal(BudgetAnswer.Busy, (await temp.Ledger.TryHoldAsync(Tenant, "job-plain", budget, 60, 0m, TimeSpan.FromMinutes(5))).Answer);
        Assert.Equal(new JobBudgetRecord(0, 0m, 60, 0m), await temp.Ledger.GetJobBudgetAsync(Tenant, "job-plain"));
    }

    [Fact]
    public async Task TwoTenantsJobsOfOneIdHaveABudgetEach()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await using RelationalLedger other = temp.OpenAnother(temp.Settings);
        var budget = new JobBudget(MaxTokens: 100);

        Assert.Equal(BudgetAnswer.Reserved, await temp.Ledger.TryReserveAsync("acme", "nightly", budget, 80, 0m));
        await temp.Ledger.SettleAsync("acme", "nightly", 80, 0m, 80, 0m);

        Assert.Equal(BudgetAnswer.Reserved, await other.TryReserveAsync("globex", "nightly", budget, 80, 0m));
        Assert.Equal(BudgetAnswer.Exhausted, await other.TryReserveAsync("acme", "nightly", budget, 80, 0m));
        Assert.Equal(new JobBudgetRecord(80, 0m, 0, 0m), await other.GetJobBudgetAsync("acme", "nightly"));
        Assert.Equal(new JobBudgetRecord(0, 0m, 80, 0m), await temp.Ledger.GetJobBudgetAsync("globex", "nightly"));
    }

    [Fact]
    public async Task AJobCountedInOneProcessOnlyIsNotMovedToTheLedgerLater()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var job = new JobOrder("job-local") { Budget = new JobBudget(MaxTokens: 10) };
        Assert.Null(JobSpend.Of(job).Ledger);
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => JobSpend.Of(job, temp.Ledger));
        Assert.Contains("job-local", refused.Message, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen = Volatile.Read(ref target);
        while (value > seen)
        {
            long was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }
}
