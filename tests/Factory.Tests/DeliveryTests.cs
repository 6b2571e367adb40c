using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

/// <summary>
/// The delivery rule of <c>RunAsync</c>: an output is delivered when the consumer asks for the next
/// one, or the loop ends normally; the output in hand when it leaves early, and the rest of the batch
/// taken off the exit, are not. Arithmetic's output for input i is -2(i + 1), in input order.
/// </summary>
public sealed class DeliveryTests
{
    private const int Count = 1_000;

    private static RunOptions Observed(Deliveries deliveries) => new() { Observers = [deliveries] };

    private static int InputOf(int output) => (-output / 2) - 1;

    [Fact]
    public async Task RunAsync_delivers_each_output_when_the_consumer_asks_for_the_next_one()
    {
        var deliveries = new Deliveries();
        int seen = 0;
        await foreach (int output in new Arithmetic(new AddOne(), new Twice(), new Negate()).RunAsync(Enumerable.Range(0, Count), Observed(deliveries)))
        {
            // Every output before this one, in the order handed out, and not this one.
            Assert.Equal(seen, InputOf(output));
            Assert.Equal(seen, deliveries.Count);
            Assert.Equal(Enumerable.Range(0, seen).Select(i => (long)i), deliveries.Roots);
            seen++;
        }

        Assert.Equal(Count, deliveries.Count);
        Assert.Equal(LineOutcome.Completed, deliveries.Report!.Outcome);
        Assert.Equal(Count, deliveries.DeliveredAtEnd);
    }

    [Fact]
    public async Task RunAsync_ends_the_run_for_observers_only_after_the_consumer_is_done_with_the_last_output()
    {
        var deliveries = new Deliveries();
        int seen = 0;
        await foreach (int output in new Arithmetic(new AddOne(), new Twice(), new Negate()).RunAsync(Enumerable.Range(0, 100), Observed(deliveries)))
        {
            if (++seen == 100)
            {
                // Every output is off the exit; the last one is still in hand: the run has not ended.
                await Task.Delay(200);
                Assert.Null(deliveries.Report);
                Assert.Equal(99, deliveries.Count);
            }
        }

        Assert.Equal(LineOutcome.Completed, deliveries.Report!.Outcome);
        Assert.Equal(100, deliveries.DeliveredAtEnd);
    }

    [Fact]
    public async Task Leaving_a_RunAsync_loop_early_delivers_neither_the_output_in_hand_nor_the_rest_of_the_batch()
    {
        var deliveries = new Deliveries();
        int seen = 0;
        await foreach (int output in new Arithmetic(new AddOne(), new Twice(), new Negate()).RunAsync(Enumerable.Range(0, Count), Observed(deliveries)))
        {
            if (++seen == 10)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(0, 9).Select(i => (long)i), deliveries.Roots.Order());
        Assert.Equal(LineOutcome.Cancelled, deliveries.Report!.Outcome);
    }

    [Fact]
    public async Task An_exception_in_a_RunAsync_loop_delivers_neither_the_output_in_hand_nor_the_rest_of_the_batch()
    {
        var deliveries = new Deliveries();
        int seen = 0;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (int output in new Arithmetic(new AddOne(), new Twice(), new Negate()).RunAsync(Enumerable.Range(0, Count), Observed(deliveries)))
            {
                if (++seen == 10)
                {
                    throw new InvalidOperationException("the consumer failed on output " + output);
                }
            }
        });

        Assert.Equal("the consumer failed on output -20", failure.Message);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (long)i), deliveries.Roots.Order());
        Assert.Equal(LineOutcome.Cancelled, deliveries.Report!.Outcome);
    }

    [Fact]
    public async Task Cancelling_a_RunAsync_loop_delivers_the_outputs_the_consumer_asked_past_and_no_other()
    {
        var deliveries = new Deliveries();
        using var cancel = new CancellationTokenSource();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (int output in new Arithmetic(new AddOne(), new Twice(), new Negate()).RunAsync(Enumerable.Range(0, Count), Observed(deliveries), cancel.Token))
            {
                if (++seen == 10)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        // Outputs already on the exit are still handed out after the cancel; the call that threw asked past the last of them.
        Assert.InRange(seen, 10, Count - 1);
        Assert.Equal(Enumerable.Range(0, seen).Select(i => (long)i), deliveries.Roots.Order());
        Assert.Equal(LineOutcome.Cancelled, deliveries.Report!.Outcome);
    }

    [Fact]
    public async Task Leaving_a_RunAsync_loop_early_after_the_stations_finished_ends_the_run_as_cancelled()
    {
        // 200 outputs fit on the exit: the stations finish while the consumer holds the first one.
        var deliveries = new Deliveries();
        var loop = Task.Run(async () =>
        {
            await foreach (int output in new Arithmetic(new AddOne(), new Twice(), new Negate()).RunAsync(Enumerable.Range(0, 200), Observed(deliveries)))
            {
                while (deliveries.Executions < 3 * 200)
                {
                    await Task.Delay(5);
                }

                // The last outputs go from the worker's outbox onto the exit, which closes.
                await Task.Delay(50);
                break;
            }
        });

        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(LineOutcome.Cancelled, deliveries.Report!.Outcome);
        Assert.Equal(0, deliveries.Count);
    }

    /// <summary>Records the roots of delivered materials, and how many were delivered when the run ended.</summary>
    private sealed class Deliveries : RunObserver
    {
        private readonly ConcurrentQueue<long> roots = new();
        private int executions;

        public int Count => roots.Count;

        public long[] Roots => [.. roots];

        public int Executions => Volatile.Read(ref executions);

        public LineReport? Report { get; private set; }

        public int DeliveredAtEnd { get; private set; } = -1;

        public override void Executed(in StationExecution execution) => Interlocked.Increment(ref executions);

        public override void Delivered(in MaterialInfo material) => roots.Enqueue(material.Root);

        public override void RunEnded(RunInfo run, LineReport? report, Exception? fault)
        {
            DeliveredAtEnd = Count;
            Report = report;
        }
    }
}
