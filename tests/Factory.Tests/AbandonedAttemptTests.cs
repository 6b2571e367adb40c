using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

/// <summary>
/// An attempt the worker lets go of (its timeout, or the run's cancel, came first) is still observed
/// when it ends: its failure never surfaces as <see cref="TaskScheduler.UnobservedTaskException"/>.
/// Alone, because the check forces collections and listens to a process-wide event.
/// </summary>
[Collection(nameof(AbandonedAttemptTests))]
[CollectionDefinition(nameof(AbandonedAttemptTests), DisableParallelization = true)]
public sealed class AbandonedAttemptTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_timed_out_attempt_that_fails_later_is_observed()
    {
        var hold = new Hold(watchesToken: false);
        var line = new HeldPastTimeoutLine(new HeldPastTimeout(hold));

        await AssertObservedAsync(hold, async () =>
        {
            var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 1 });
            Assert.Empty(outputs);
            Assert.Equal(typeof(TimeoutException).FullName, Assert.Single(report.DeadLetters).ExceptionType);
        });
    }

    [Fact]
    public async Task A_timed_out_batch_attempt_that_fails_later_is_observed()
    {
        var hold = new Hold(watchesToken: false);
        var line = new HeldBatchPastTimeoutLine(new HeldBatchPastTimeout(hold));

        await AssertObservedAsync(hold, async () =>
        {
            var (outputs, report) = await Collect.RunToEndAsync(line.Start(), new[] { 1, 2 });
            Assert.Empty(outputs);
            Assert.Equal(2, report.DeadLetters.Count);
            Assert.All(report.DeadLetters, letter => Assert.Equal(typeof(TimeoutException).FullName, letter.ExceptionType));
        });
    }

    [Fact]
    public async Task An_attempt_a_cancelled_run_stopped_waiting_for_is_observed()
    {
        var hold = new Hold(watchesToken: false);
        var line = new HeldTimedLine(new HeldTimed(hold));

        await AssertObservedAsync(hold, async () =>
        {
            LineRun<int, int> run = line.Start();
            await run.Input.WriteAsync(1);
            await hold.Inside.WaitAsync(Patience);
            run.Cancel();
            Assert.Equal(LineOutcome.Cancelled, (await run.Completion.WaitAsync(Patience)).Outcome);
        });
    }

    /// <summary>
    /// Runs <paramref name="letGo"/>, which must end with the worker no longer waiting for the held
    /// attempt; then lets the attempt fail, collects, and asserts its failure went unobserved nowhere.
    /// </summary>
    private static async Task AssertObservedAsync(Hold hold, Func<Task> letGo)
    {
        var unobserved = new ConcurrentQueue<Exception>();
        void Listen(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.ToString().Contains(hold.Marker, StringComparison.Ordinal))
            {
                unobserved.Enqueue(e.Exception);
            }
        }

        TaskScheduler.UnobservedTaskException += Listen;
        try
        {
            await letGo();
            Assert.False(hold.Failed.IsCompleted, "the held attempt failed before the worker let go of it");

            // The held work fails inside Release, and everything waiting on it runs then too.
            hold.Release();
            await hold.Failed.WaitAsync(Patience);
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Listen;
        }

        Assert.True(unobserved.IsEmpty, $"an abandoned attempt's failure went unobserved: {(unobserved.TryPeek(out Exception? first) ? first : null)}");
    }
}
