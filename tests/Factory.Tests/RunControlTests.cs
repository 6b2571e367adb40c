using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

public sealed class RunControlTests
{
    [Fact]
    public async Task A_full_input_buffer_blocks_the_producer()
    {
        using var gate = new SemaphoreSlim(0);
        var line = new GatedLine(new Gate(gate));
        LineRun<int, int> run = line.Start();

        // The gate holds the material being worked on; the worker took it with what else was ready
        // (at most a batch of Capacity), and Capacity = 4 more wait on the belt.
        int accepted = 0;
        await WaitUntil(() =>
        {
            while (run.Input.TryWrite(accepted))
            {
                accepted++;
            }

            return run.Stations[0].In == 1;
        });
        while (run.Input.TryWrite(accepted))
        {
            accepted++;
        }

        Assert.InRange(accepted, 4 + 1, 4 + 4);
        ValueTask blocked = run.Input.WriteAsync(accepted);
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);
        Assert.Equal(4, run.Stations[0].Queued);

        gate.Release();
        await blocked;
        run.Input.Complete();
        var outputs = await run.Output.ReadAllAsync().ToListAsync();
        Assert.Equal(Enumerable.Range(0, accepted + 1), outputs);
    }

    [Fact]
    public async Task Cancelling_ends_a_run_whose_output_nobody_reads()
    {
        // The exit fills up and the last worker waits for room no consumer will make: the stop must
        // wake it. What was already on the exit can still be read, then the cancellation shows.
        var line = new Arithmetic(new AddOne(), new Twice(), new Negate());
        using var cancel = new CancellationTokenSource();
        LineRun<int, int> run = line.Start(cancellationToken: cancel.Token);
        Task feeding = Task.Run(async () =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                await run.Input.WriteAsync(i, cancel.Token);
            }
        });
        await WaitUntil(() => run.Output.Count >= 256);

        cancel.Cancel();

        LineReport report = await run.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(LineOutcome.Cancelled, report.Outcome);
        Exception? fed = await Record.ExceptionAsync(() => feeding);
        Assert.True(fed is OperationCanceledException or System.Threading.Channels.ChannelClosedException, $"the feeder ended with {fed}");
        int left = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await run.Output.WaitToReadAsync())
            {
                while (run.Output.TryRead(out _))
                {
                    left++;
                }
            }
        });
        Assert.True(left > 0);
    }

    [Fact]
    public async Task Writers_writing_at_once_get_every_position_once()
    {
        // Input may be written from several threads: each value that enters gets its own position,
        // with no gaps, however the writes interleave (and however often a full belt refuses one).
        var line = new PositionLine(new PositionOf());
        LineRun<int, long> run = line.Start();
        Task[] writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < 5_000; i++)
            {
                await run.Input.WriteAsync(i);
            }
        })).ToArray();
        Task closing = Task.WhenAll(writers).ContinueWith(_ => run.Input.Complete(), TaskScheduler.Default);

        var positions = new System.Collections.Generic.List<long>();
        await foreach (long position in run.Output.ReadAllAsync())
        {
            positions.Add(position);
        }

        await closing;
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => (long)i), positions.Order());
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task Pause_holds_the_stations_and_Resume_lets_them_go_on()
    {
        var line = new Triple(new AddOne(), new Twice(), new Show());
        LineRun<int, string> run = line.Start();
        run.Pause();
        Assert.True(run.IsPaused);

        await run.Input.WriteAsync(1);
        await Task.Delay(100);
        Assert.False(run.Output.TryRead(out _));
        Assert.Equal(0, run.Stations[0].Out);

        run.Resume();
        Assert.Equal("4", await run.Output.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        run.Input.Complete();
        LineReport report = await run.Completion;
        Assert.Equal(1, report.Out);
    }

    [Fact]
    public async Task Live_counts_follow_the_run()
    {
        using var gate = new SemaphoreSlim(0);
        var line = new GatedLine(new Gate(gate));
        LineRun<int, int> run = line.Start();
        await run.Input.WriteAsync(1);
        await WaitUntil(() => run.Stations[0].In == 1);
        await run.Input.WriteAsync(2);

        Assert.Equal(0, run.Stations[0].Out);
        Assert.Equal(1, run.Stations[0].Queued);

        gate.Release();
        run.Input.Complete();
        await run.Output.ReadAllAsync().ToListAsync();
        await run.Completion;
        Assert.Equal((2L, 2L, 0), (run.Stations[0].In, run.Stations[0].Out, run.Stations[0].Queued));
    }

    [Fact]
    public async Task The_job_order_reaches_the_run_and_its_report()
    {
        var job = new JobOrder("job-42", "acme");
        var line = new Triple(new AddOne(), new Twice(), new Show());

        var (_, report) = await Collect.RunToEndAsync(line.Start(job), new[] { 1 });

        Assert.Same(job, report.Job);
        Assert.Equal("acme", report.Job.Tenant);
    }

    [Fact]
    public void A_job_order_needs_a_tenant()
    {
        var error = Assert.Throws<ArgumentException>(() => new JobOrder("x", " "));
        Assert.Equal("tenant", error.ParamName);
        Assert.False(string.IsNullOrEmpty(new JobOrder().Id));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true within 5 s");
            await Task.Delay(5);
        }
    }
}
