using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class FailureTests
{
    [Fact]
    public async Task A_failed_attempt_is_retried_up_to_MaxAttempts()
    {
        // Material n fails its first n attempts; with MaxAttempts = 3, material 3 never gets through.
        var station = new Flaky(i => i);
        var line = new FlakyLine(station);

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 0, 1, 2, 3 });

        Assert.Equal(new[] { 0, 1, 2 }, outputs);
        Assert.Equal(1, station.Attempts[0]);
        Assert.Equal(2, station.Attempts[1]);
        Assert.Equal(3, station.Attempts[2]);
        Assert.Equal(3, station.Attempts[3]);
        Assert.Equal(1 + 2 + 2, report.Stations[0].Retries);
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal(3, letter.Attempts);
        Assert.Equal(3, letter.Input);
        Assert.Equal("flaky failure 3 for 3", letter.Message);
    }

    [Fact]
    public async Task A_failing_material_becomes_a_dead_letter_and_the_line_goes_on()
    {
        var line = new CheckedLine(new AddOne(), new FailsOn(i => i % 10 == 0), new Twice());
        var before = DateTimeOffset.UtcNow;

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), Enumerable.Range(0, 100));

        Assert.Equal(Enumerable.Range(0, 100).Select(i => i + 1).Where(i => i % 10 != 0).Select(i => i * 2), outputs);
        Assert.Equal(10, report.DeadLetters.Count);
        DeadLetter letter = report.DeadLetters.OrderBy(d => d.MaterialId).First();
        Assert.Equal("Checker", letter.Station);
        Assert.Equal("7", letter.StationVersion);
        Assert.Equal(1, letter.Attempts);
        Assert.Equal(typeof(ArgumentException).FullName, letter.ExceptionType);
        Assert.Equal("value 10 is not allowed", letter.Message);
        Assert.Equal(10, letter.Input);
        Assert.Equal(10, letter.MaterialId);
        Assert.InRange(letter.Time, before, DateTimeOffset.UtcNow);
        Assert.Equal((100L, 90L, 10L), (report.Stations[1].In, report.Stations[1].Out, report.Stations[1].DeadLettered));
        Assert.Equal(90, report.Stations[2].In);
    }

    [Fact]
    public async Task A_timeout_cancels_the_attempt_and_counts_as_a_failure()
    {
        var line = new HangsLine(new Hangs(i => i == 2));

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 1, 2, 3 });

        Assert.Equal(new[] { 1, 3 }, outputs);
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal(typeof(TimeoutException).FullName, letter.ExceptionType);
        Assert.Equal(2, letter.Attempts);
        Assert.Contains("within 100 ms", letter.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Stations[0].Retries);
    }

    [Fact]
    public async Task A_timeout_lets_go_of_a_station_that_ignores_its_token()
    {
        var line = new IgnoresTokenLine(new IgnoresToken(i => i == 1));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 1, 2 });

        Assert.Equal(new[] { 2 }, outputs);
        Assert.Equal(typeof(TimeoutException).FullName, Assert.Single(report.DeadLetters).ExceptionType);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), "the run waited for the hung attempt");
    }

    [Fact]
    public async Task An_exception_from_the_input_sequence_ends_the_run_with_that_exception()
    {
        var line = new Triple(new AddOne(), new Twice(), new Show());

        var thrown = await Assert.ThrowsAsync<FormatException>(() => line.RunAsync(Throwing()).ToListAsync());

        Assert.Equal("bad input at 5", thrown.Message);

        static System.Collections.Generic.IEnumerable<int> Throwing()
        {
            for (int i = 0; ; i++)
            {
                if (i == 5)
                {
                    throw new FormatException("bad input at 5");
                }

                yield return i;
            }
        }
    }

    [Fact]
    public async Task An_exception_from_an_asynchronous_input_ends_the_run_with_that_exception()
    {
        var line = new Triple(new AddOne(), new Twice(), new Show());

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => line.RunAsync(Throwing()).ToListAsync());

        Assert.Equal("source broke", thrown.Message);

        static async System.Collections.Generic.IAsyncEnumerable<int> Throwing()
        {
            yield return 1;
            await Task.Delay(10);
            throw new InvalidOperationException("source broke");
        }
    }

    [Fact]
    public async Task Cancelling_the_caller_token_ends_the_run_without_dead_letters()
    {
        using var cancel = new CancellationTokenSource();
        var line = new HangsLine(new Hangs(i => i >= 3));
        LineRun<int, int> run = line.Start(cancellationToken: cancel.Token);
        for (int i = 0; i < 10; i++)
        {
            await run.Input.WriteAsync(i);
        }

        Assert.Equal(0, await run.Output.ReadAsync());
        cancel.Cancel();
        LineReport report = await run.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(LineOutcome.Cancelled, report.Outcome);
        Assert.Empty(report.DeadLetters);
        Assert.Empty(run.DeadLetters);
        Assert.False(run.Input.TryWrite(99));
    }

    [Fact]
    public async Task Cancelling_RunAsync_throws_OperationCanceledException_promptly()
    {
        using var cancel = new CancellationTokenSource();
        var line = new HangsLine(new Hangs(i => i >= 3));
        int received = 0;

        Task consuming = Task.Run(async () =>
        {
            await foreach (int item in line.RunAsync(Enumerable.Range(0, 100), cancellationToken: cancel.Token))
            {
                if (++received == 3)
                {
                    cancel.Cancel();
                }
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(3, received);
    }

    [Fact]
    public async Task Cancelling_the_token_given_to_the_enumerator_of_RunAsync_stops_the_run()
    {
        // RunAsync's own token and the one WithCancellation passes both cancel the run.
        using var runToken = new CancellationTokenSource();
        using var enumeratorToken = new CancellationTokenSource();
        var line = new HangsLine(new Hangs(i => i >= 3));
        int received = 0;

        Task consuming = Task.Run(async () =>
        {
            await foreach (int item in line.RunAsync(Enumerable.Range(0, 100), cancellationToken: runToken.Token).WithCancellation(enumeratorToken.Token))
            {
                if (++received == 3)
                {
                    enumeratorToken.Cancel();
                }
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(3, received);
        Assert.False(runToken.IsCancellationRequested);
    }

    [Fact]
    public async Task The_input_sequence_is_disposed_when_it_ends_and_when_the_caller_leaves_early()
    {
        // The first station's single worker pulls the sequence itself: it must still be disposed
        // exactly once, whether it ran out or the caller left the loop.
        var line = new Triple(new AddOne(), new Twice(), new Show());
        var whole = new TrackedSequence(10);
        var left = new TrackedSequence(100_000);

        Assert.Equal(10, (await line.RunAsync(whole).ToListAsync()).Count);
        await foreach (string item in line.RunAsync(left))
        {
            if (item == "6")
            {
                break;
            }
        }

        Assert.Equal(1, whole.Disposed);
        Assert.Equal(1, left.Disposed);
        Assert.True(left.Yielded < 100_000, $"{left.Yielded} items were read after the caller left");
    }

    [Fact]
    public async Task A_first_station_with_several_workers_is_fed_its_sequence_the_same()
    {
        var line = new OrderedLine(new Jitter(maxDelayMs: 1, seed: 5));
        var input = new TrackedSequence(200);

        var outputs = await line.RunAsync(input).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 200), outputs);
        Assert.Equal(1, input.Disposed);
    }

    [Fact]
    public async Task Leaving_RunAsync_early_stops_the_run()
    {
        // Materials from 3 on hang until their 100 ms timeouts: draining them all would take ~20 s.
        var line = new HangsLine(new Hangs(i => i >= 3));
        var received = new System.Collections.Generic.List<int>();

        Task leaving = Task.Run(async () =>
        {
            await foreach (int item in line.RunAsync(Enumerable.Range(0, 100)))
            {
                received.Add(item);
                if (item == 2)
                {
                    break;
                }
            }
        });

        await leaving.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new[] { 0, 1, 2 }, received);
    }

    /// <summary>0..count-1, counting what was read and how often the enumerator was disposed.</summary>
    private sealed class TrackedSequence(int count) : System.Collections.Generic.IEnumerable<int>
    {
        private int disposed;
        private int yielded;

        public int Disposed => Volatile.Read(ref disposed);

        public int Yielded => Volatile.Read(ref yielded);

        public System.Collections.Generic.IEnumerator<int> GetEnumerator()
        {
            try
            {
                for (int i = 0; i < count; i++)
                {
                    Interlocked.Increment(ref yielded);
                    yield return i;
                }
            }
            finally
            {
                Interlocked.Increment(ref disposed);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
