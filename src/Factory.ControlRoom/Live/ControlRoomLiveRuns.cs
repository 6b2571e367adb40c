using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Factory.ControlRoom;

/// <summary>
/// The runs of the hosting process that the console shows live (per-station counts as they change)
/// and lets operators pause, resume and cancel. A run is registered when it starts and leaves when
/// it completes; runs of other processes are read from the ledger only.
/// Get it from the services: <c>app.Services.GetRequiredService&lt;ControlRoomLiveRuns&gt;()</c>.
/// </summary>
public sealed class ControlRoomLiveRuns
{
    private readonly ConcurrentDictionary<string, ILiveRun> runs = new(StringComparer.Ordinal);

    /// <summary>Shows <paramref name="run"/> live until it completes (or the returned handle is disposed).</summary>
    public IDisposable Register<TIn, TOut>(LineRun<TIn, TOut> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var live = new LiveRun<TIn, TOut>(run);
        runs[run.RunId] = live;
        var handle = new Registration(this, run.RunId, live);
        _ = run.Completion.ContinueWith(static (_, state) => ((Registration)state!).Dispose(), handle, TaskScheduler.Default);
        return handle;
    }

    internal ILiveRun? Find(string runId) => runs.GetValueOrDefault(runId);

    private sealed class Registration(ControlRoomLiveRuns owner, string runId, ILiveRun live) : IDisposable
    {
        public void Dispose() => owner.runs.TryRemove(new KeyValuePair<string, ILiveRun>(runId, live));
    }
}
