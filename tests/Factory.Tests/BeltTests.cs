using System;
using System.Threading;
using System.Threading.Tasks;
using Factory.Runtime;
using Xunit;

namespace Factory.Tests;

/// <summary>
/// When a belt wakes whoever waits on it. Waking costs microseconds, so a belt under load wakes a
/// waiting reader or writer once per half belt; these tests pin down that nothing is held back by it:
/// a writer that stops producing, or closes the belt, always wakes the reader, and a reader woken by
/// the close takes what is left before it sees the end.
/// </summary>
public sealed class BeltTests
{
    private const int Capacity = 8;
    private const int Rounds = 50;
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private static readonly JobOrder Job = new("belt-tests");

    [Fact]
    public async Task A_writer_that_carries_on_wakes_the_reader_once_the_belt_is_half_full()
    {
        var belt = new Belt<int>(Capacity);
        var waiter = new ReusableWaiter();
        ValueTask<bool> waiting = belt.WaitToReadAsync(waiter);
        Assert.False(waiting.IsCompleted);

        Assert.Equal(3, belt.TryWrite(Materials(0, 3), more: true));
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        Assert.Equal(1, belt.TryWrite(Materials(3, 1), more: true));
        Assert.True(await waiting.AsTask().WaitAsync(Soon));
        Assert.Equal(4, belt.TryRead(new Material<int>[Capacity]));
    }

    [Fact]
    public async Task A_writer_about_to_wait_wakes_the_reader_at_once()
    {
        var belt = new Belt<int>(Capacity);
        var waiter = new ReusableWaiter();
        ValueTask<bool> waiting = belt.WaitToReadAsync(waiter);

        Assert.Equal(1, belt.TryWrite(Materials(0, 1)));

        Assert.True(await waiting.AsTask().WaitAsync(Soon));
    }

    [Fact]
    public async Task Closing_wakes_a_reader_with_materials_still_on_the_belt_and_it_takes_them_first()
    {
        var belt = new Belt<int>(Capacity);
        var waiter = new ReusableWaiter();
        ValueTask<bool> waiting = belt.WaitToReadAsync(waiter);
        belt.TryWrite(Materials(0, 2), more: true);

        Assert.True(belt.TryComplete());

        Assert.True(await waiting.AsTask().WaitAsync(Soon));
        var taken = new Material<int>[Capacity];
        Assert.Equal(2, belt.TryRead(taken));
        Assert.Equal([0, 1], [taken[0].Value, taken[1].Value]);
        Assert.False(await belt.WaitToReadAsync(waiter));
    }

    [Fact]
    public async Task Closing_wakes_an_outside_reader_with_materials_still_on_the_belt()
    {
        var belt = new Belt<int>(Capacity);
        Task<bool> waiting = belt.WaitToReadAsync(CancellationToken.None).AsTask();
        belt.TryWrite(Materials(0, 2), more: true);

        belt.TryComplete();

        Assert.True(await waiting.WaitAsync(Soon));
        Assert.Equal(2, belt.TryRead(new Material<int>[Capacity]));
        Assert.False(await belt.WaitToReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_waiting_writer_is_woken_when_the_belt_is_down_to_half()
    {
        var belt = new Belt<int>(Capacity);
        Assert.Equal(Capacity, belt.TryWrite(Materials(0, Capacity)));
        var waiter = new ReusableWaiter();
        ValueTask<bool> waiting = belt.WaitToWriteAsync(waiter);
        Assert.False(waiting.IsCompleted);

        Assert.Equal(3, belt.TryRead(new Material<int>[3]));
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        Assert.Equal(1, belt.TryRead(new Material<int>[1]));
        Assert.True(await waiting.AsTask().WaitAsync(Soon));
    }

    [Fact]
    public async Task Two_outside_readers_waiting_at_once_are_both_woken()
    {
        // The first borrows the belt's reusable waiter, the second gets one of its own.
        var belt = new Belt<int>(Capacity);
        Task<bool> first = belt.WaitToReadAsync(CancellationToken.None).AsTask();
        Task<bool> second = belt.WaitToReadAsync(CancellationToken.None).AsTask();

        belt.TryWrite(Materials(0, 1));

        Assert.True(await first.WaitAsync(Soon));
        Assert.True(await second.WaitAsync(Soon));
    }

    [Fact]
    public async Task The_reusable_waiter_serves_wait_after_wait_and_reports_the_closing_error()
    {
        var belt = new Belt<int>(Capacity);
        for (int i = 0; i < 3; i++)
        {
            ValueTask<bool> waiting = belt.WaitToReadAsync(CancellationToken.None);
            Assert.False(waiting.IsCompleted);
            belt.TryWrite(Materials(i, 1));
            Assert.True(await waiting);
            Assert.Equal(1, belt.TryRead(new Material<int>[1]));
        }

        ValueTask<bool> last = belt.WaitToReadAsync(CancellationToken.None);
        belt.TryComplete(new InvalidOperationException("station broke"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await last);
        Assert.Equal("station broke", error.Message);
    }

    [Fact]
    public async Task An_outside_wait_with_a_token_can_be_cancelled()
    {
        var belt = new Belt<int>(Capacity);
        using var cancel = new CancellationTokenSource();
        ValueTask<bool> waiting = belt.WaitToReadAsync(cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
    }

    [Fact]
    public Task A_quick_reader_of_the_exit_runs_a_parked_quick_writer_on_its_own_thread_once_the_exit_is_empty() =>
        Task.Run(async () =>
        {
            // Off the test framework's synchronization context: only a plain thread may run a writer.
            // Whether a reader is quick is a matter of time: the first rounds compile the belt's code,
            // and a busy machine may hold this thread up, so some rounds wake the writer instead.
            int parkedRounds = 0;
            for (int round = 1; round <= Rounds; round++)
            {
                var exit = new Belt<int>(Capacity) { IsExit = true };
                var writer = new ParkedWriter(exit, mayRunOnReader: true);
                Task writing = writer.WriteAsync();
                var taken = new Material<int>[Capacity];

                int first = exit.TryRead(taken.AsSpan(0, Capacity / 2 + 1));
                int second = exit.TryRead(taken);
                bool parkedPastHalf = exit.WriterWaiting;
                int refilled = exit.TryRead(taken);

                exit.TryComplete();
                await writing.WaitAsync(Soon);
                Assert.Equal(Capacity / 2 + 1, first);
                if (parkedPastHalf)
                {
                    // Nothing was written between the reads: the writer was still parked.
                    Assert.Equal(Capacity / 2 - 1, second);
                    // Left parked, it ran on this thread inside the read that found the exit empty.
                    parkedRounds++;
                    Assert.Equal(Capacity, refilled);
                    Assert.Equal(Environment.CurrentManagedThreadId, writer.ResumedOn);
                    Assert.Equal(Capacity, taken[0].Value);
                }
            }

            Assert.True(parkedRounds > 0, $"in none of {Rounds} rounds did a quick reader run the parked writer");
        });

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 20)]
    public async Task The_exit_wakes_a_parked_writer_at_half_when_it_is_slow_or_its_reader_is(bool quickWriter, int readerDelayMs)
    {
        // A slow worker keeps its own thread; a reader that took longer to get to half than a
        // hand-off costs should work side by side with the writer.
        var exit = new Belt<int>(Capacity) { IsExit = true };
        var writer = new ParkedWriter(exit, mayRunOnReader: quickWriter);
        Task writing = writer.WriteAsync();

        await Task.Run(() =>
        {
            Thread.Sleep(readerDelayMs);
            Assert.Equal(Capacity / 2, exit.TryRead(new Material<int>[Capacity / 2]));
        });

        await writer.Woken.WaitAsync(Soon);
        exit.TryComplete();
        await writing.WaitAsync(Soon);
    }

    [Fact]
    public async Task A_reader_with_a_synchronization_context_wakes_the_parked_writer_instead_of_running_it()
    {
        var exit = new Belt<int>(Capacity) { IsExit = true };
        var writer = new ParkedWriter(exit, mayRunOnReader: true);
        Task writing = writer.WriteAsync();
        int reader = 0;

        var onUiThread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new SynchronizationContext());
            reader = Environment.CurrentManagedThreadId;
            var taken = new Material<int>[Capacity];
            while (exit.TryRead(taken) > 0)
            {
            }
        });
        onUiThread.Start();
        onUiThread.Join();

        await writer.Woken.WaitAsync(Soon);
        Assert.NotEqual(reader, writer.ResumedOn);
        exit.TryComplete();
        await writing.WaitAsync(Soon);
    }

    private static Material<int>[] Materials(int from, int count)
    {
        var items = new Material<int>[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = Material<int>.Entering(from + i, from + i, Job);
        }

        return items;
    }

    /// <summary>A worker's outbox in miniature: fills the exit, waits for room once, then fills it again.</summary>
    private sealed class ParkedWriter(Belt<int> exit, bool mayRunOnReader)
    {
        private readonly ReusableWaiter waiter = new() { MayRunOnReader = mayRunOnReader };
        private readonly TaskCompletionSource woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Resumed { get; private set; }

        public int ResumedOn { get; private set; }

        public Task Woken => woken.Task;

        public async Task WriteAsync()
        {
            Assert.Equal(Capacity, exit.TryWrite(Materials(0, Capacity)));
            Assert.True(await exit.WaitToWriteAsync(waiter));
            ResumedOn = Environment.CurrentManagedThreadId;
            Resumed = true;
            woken.TrySetResult();
            exit.TryWrite(Materials(Capacity, Capacity), more: true);
        }
    }
}
