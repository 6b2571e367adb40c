using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Tests;

/// <summary>
/// After the run is cancelled, whatever a station's attempt throws is the cancellation: a station
/// that turns its token's cancellation into another exception, or fails later without looking at
/// its token, must not fail the run, dead-letter its material or be retried.
/// </summary>
public sealed class CancellationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<string, bool> HeldShapes()
    {
        var data = new TheoryData<string, bool>();
        foreach (string shape in new[] { "sync", "fused", "async", "retried", "timed", "split", "async split", "batch" })
        {
            data.Add(shape, true);
            data.Add(shape, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HeldShapes))]
    public async Task A_station_failing_once_the_run_is_cancelled_leaves_the_run_Cancelled_with_no_dead_letters(string shape, bool watchesToken)
    {
        var hold = new Hold(watchesToken);
        LineRun<int, int> run = Line(shape, hold).Start();
        await run.Input.WriteAsync(1);
        await hold.Inside.WaitAsync(Patience);

        run.Cancel();
        hold.Release();

        Exception? failed = await Record.ExceptionAsync(() => run.Completion.WaitAsync(Patience));
        Assert.True(failed is null, $"Completion failed: {failed}");
        LineReport report = await run.Completion;
        Assert.Equal(LineOutcome.Cancelled, report.Outcome);
        Assert.Empty(report.DeadLetters);
        Assert.Empty(run.DeadLetters);

        // The station did throw (a timed attempt may be let go of before it does).
        await hold.Failed.WaitAsync(Patience);
    }

    [Theory]
    [MemberData(nameof(HeldShapes))]
    public async Task RunAsync_throws_OperationCanceledException_whatever_a_cancelled_station_throws(string shape, bool watchesToken)
    {
        var hold = new Hold(watchesToken);
        using var cancel = new CancellationTokenSource();
        Task<List<int>> consuming = Line(shape, hold).RunAsync(new[] { 1 }, cancellationToken: cancel.Token).ToListAsync();
        await hold.Inside.WaitAsync(Patience);

        cancel.Cancel();
        hold.Release();

        Exception? thrown = await Record.ExceptionAsync(() => consuming.WaitAsync(Patience));
        Assert.True(thrown is OperationCanceledException, $"RunAsync ended with {thrown?.ToString() ?? "no exception"}");

        // The station did throw (a timed attempt may be let go of before it does).
        await hold.Failed.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_cancel_at_any_point_ends_the_run_Cancelled_or_Completed_never_Failed()
    {
        // Every station turns a cancel it sees into an IOException; the cancel comes after a random
        // number of outputs (past 100 the run has completed) and a random spin.
        const int Runs = 200;
        const int Inputs = 100;
        var random = new Random(1207);
        var wrong = new List<string>();
        var outcomes = new Dictionary<LineOutcome, int>();
        int convertedBefore = Converting.Converted;
        for (int round = 0; round < Runs; round++)
        {
            int cancelAfter = random.Next(0, Inputs + 10);
            int spin = random.Next(0, 2_000);
            var line = new ConvertingLine(new ConvertingAsync(), new ConvertingSync(), new ConvertingSplit(), new ConvertingBatch());
            LineRun<int, int> run = line.Start();
            Task feeding = Task.Run(async () =>
            {
                for (int i = 0; i < Inputs; i++)
                {
                    await run.Input.WriteAsync(i);
                }

                run.Input.Complete();
            });

            int read = 0;
            Exception? reading = await Record.ExceptionAsync(async () =>
            {
                if (cancelAfter == 0)
                {
                    CancelAfterSpin(run, spin);
                }

                while (await run.Output.WaitToReadAsync())
                {
                    while (run.Output.TryRead(out _))
                    {
                        if (++read == cancelAfter)
                        {
                            CancelAfterSpin(run, spin);
                        }
                    }
                }
            });
            await Record.ExceptionAsync(() => feeding);
            Exception? failed = await Record.ExceptionAsync(() => run.Completion.WaitAsync(Patience));
            if (failed is not null)
            {
                wrong.Add($"run {round} (cancel after {cancelAfter}): {failed.GetType().Name}: {failed.Message}");
                continue;
            }

            LineReport report = await run.Completion;
            outcomes[report.Outcome] = outcomes.GetValueOrDefault(report.Outcome) + 1;
            if (report.DeadLetters.Count > 0)
            {
                wrong.Add($"run {round} (cancel after {cancelAfter}): {report.DeadLetters.Count} dead letters, the first: {report.DeadLetters[0].Message}");
            }
            else if (reading is not null and not OperationCanceledException)
            {
                wrong.Add($"run {round} (cancel after {cancelAfter}): reading the output threw {reading}");
            }
        }

        output.WriteLine($"outcomes: {string.Join(", ", outcomes)}; stations turned {Converting.Converted - convertedBefore} cancels into IOExceptions");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Runs} runs went wrong:\n{string.Join("\n", wrong.GetRange(0, Math.Min(5, wrong.Count)))}");
    }

    private static void CancelAfterSpin<TIn, TOut>(LineRun<TIn, TOut> run, int spin)
    {
        Thread.SpinWait(spin);
        run.Cancel();
    }

    private static ILine<int, int> Line(string shape, Hold hold) => shape switch
    {
        "sync" => new HeldSyncLine(new HeldSync(hold)),
        "fused" => new HeldFusedLine(new AddOne(), new HeldSync(hold)),
        "async" => new HeldAsyncLine(new HeldAsync(hold)),
        "retried" => new HeldRetriedLine(new HeldRetried(hold)),
        "timed" => new HeldTimedLine(new HeldTimed(hold)),
        "split" => new HeldSplitLine(new HeldSplit(hold)),
        "async split" => new HeldAsyncSplitLine(new HeldAsyncSplit(hold)),
        "batch" => new HeldBatchLine(new HeldBatch(hold)),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "no such shape"),
    };
}
