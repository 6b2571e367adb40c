using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// A <c>RunAsync</c> loop left early, then the same run id again over the same input: every input's
/// output comes exactly once across the two runs, except the one in hand when the loop was left, which
/// was not delivered and so comes again.
/// </summary>
public abstract class DeliveryContract(LedgerFixture fixture, ITestOutputHelper output)
{
    private const int Count = 1_000;
    private const int Before = 100;

    [Fact]
    public async Task A_loop_left_after_100_outputs_and_resumed_loses_no_output_and_repeats_only_the_one_in_hand()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var seen = new List<int>();
        await foreach (Shipped shipped in Line().RunAsync(Runs.Orders(Count), Runs.With(temp.Ledger, "left")))
        {
            seen.Add(shipped.Id);
            if (seen.Count == Before)
            {
                break;
            }
        }

        await ResumeAndCheckAsync(temp, "left", seen);
    }

    [Fact]
    public async Task A_loop_that_throws_after_100_outputs_and_is_resumed_loses_no_output_and_repeats_only_the_one_in_hand()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var seen = new List<int>();
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (Shipped shipped in Line().RunAsync(Runs.Orders(Count), Runs.With(temp.Ledger, "threw")))
            {
                seen.Add(shipped.Id);
                if (seen.Count == Before)
                {
                    throw new InvalidOperationException("the consumer failed");
                }
            }
        });

        await ResumeAndCheckAsync(temp, "threw", seen);
    }

    private static OrderLine Line()
    {
        var journal = new Journal();
        return new OrderLine(new Receive(journal), new Ship(journal));
    }

    private async Task ResumeAndCheckAsync(TempLedger temp, string runId, List<int> seen)
    {
        Assert.Equal(RunStatus.Cancelled, (await temp.Ledger.GetRunAsync(runId))!.Status);
        long deliveredAtStop = temp.Scalar("SELECT count(*) FROM inputs WHERE outcome = 'delivered'");
        int inHand = seen[^1];

        await temp.ReopenAsync();
        await foreach (Shipped shipped in Line().RunAsync(Runs.Orders(Count), Runs.With(temp.Ledger, runId)))
        {
            seen.Add(shipped.Id);
        }

        var lost = Enumerable.Range(0, Count).Except(seen).ToList();
        var twice = seen.GroupBy(id => id).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{seen.Count} outputs for {Count} inputs: {lost.Count} lost, {twice.Count} twice ({string.Join(", ", twice.Keys)}); in hand at the stop: {inHand}");
        Assert.True(lost.Count == 0, $"{lost.Count} inputs' outputs never came: {string.Join(", ", lost.Take(20))}");
        Assert.Equal(new Dictionary<int, int> { [inHand] = 2 }, twice);

        // The ledger had the outputs before the one in hand, and no other.
        Assert.Equal(Before - 1, deliveredAtStop);
        Assert.Equal(Count + 1, seen.Count);
        Assert.Equal(RunStatus.Completed, (await temp.Ledger.GetRunAsync(runId))!.Status);
        Assert.Equal(Count, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome = 'delivered'"));
    }
}
