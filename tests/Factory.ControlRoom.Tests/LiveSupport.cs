using System;
using System.Linq;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Factory.ControlRoom.Tests;

/// <summary>A slow run recorded in the plant's ledger and registered live with its console, fed a ticket every few milliseconds until disposed.</summary>
public sealed class LiveSupport : IAsyncDisposable
{
    private readonly IDisposable registration;
    private readonly Task feeding;

    private LiveSupport(LineRun<Ticket, string> run, IDisposable registration)
    {
        Run = run;
        this.registration = registration;
        feeding = FeedAsync(run.Input);
        _ = DrainAsync(run.Output);
    }

    public LineRun<Ticket, string> Run { get; }

    public static async Task<LiveSupport> StartAsync(Plant plant, string tenant, string runId)
    {
        var line = new SlowSupport(new Slow(), new Answer());
        LineRun<Ticket, string> run = line.Start(new RunOptions { Job = new JobOrder(runId, tenant), RunId = runId, Observers = [plant.Ledger.Observe()] });
        IDisposable registration = plant.App.Services.GetRequiredService<ControlRoomLiveRuns>().Register(run);
        var live = new LiveSupport(run, registration);
        await plant.Ledger.FlushAsync();
        return live;
    }

    /// <summary>The same run recorded in <paramref name="ledger"/> and not registered with any console: a run another process holds.</summary>
    public static async Task<LiveSupport> StartElsewhereAsync(Factory.Ledger.ILedger ledger, string tenant, string runId)
    {
        var line = new SlowSupport(new Slow(), new Answer());
        LineRun<Ticket, string> run = line.Start(new RunOptions { Job = new JobOrder(runId, tenant), RunId = runId, Observers = [ledger.Observe()] });
        var live = new LiveSupport(run, new Unregistered());
        await ledger.FlushAsync();
        return live;
    }

    /// <summary>Stops the run and waits for its end, so the ledger is not closed under it.</summary>
    public async ValueTask DisposeAsync()
    {
        Run.Input.TryComplete();
        Run.Cancel();
        registration.Dispose();
        await feeding;
        try
        {
            await Run.Completion;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task FeedAsync(ChannelWriter<Ticket> input)
    {
        try
        {
            for (int i = 1; ; i++)
            {
                await Task.Delay(5);
                await input.WriteAsync(new Ticket(i, "live ticket " + i));
            }
        }
        catch (ChannelClosedException)
        {
            // Disposed: the run's input is complete.
        }
    }

    private static async Task DrainAsync(ChannelReader<string> output)
    {
        try
        {
            await foreach (string _ in output.ReadAllAsync())
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Unregistered : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
