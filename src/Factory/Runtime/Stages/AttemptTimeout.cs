using System;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The timeout of one worker's attempts (a station's <c>TimeoutMs</c>): a token source linked to the
/// run's, reused attempt after attempt while it has not fired, and the call the worker let go of when
/// the timeout fired (or the run was cancelled) first, observed when it does end.
/// <see cref="Attempts{TCall, TSubject, TOut}"/> decides what a timeout means.
/// </summary>
internal sealed class AttemptTimeout(CancellationToken runToken, int timeoutMs) : IDisposable
{
    private CancellationTokenSource? source;
    private Task? letGo;

    /// <summary>True when the timeout of the attempt under way has fired.</summary>
    public bool Fired => source is { IsCancellationRequested: true };

    /// <summary>Starts the timeout of an attempt; returns its token, cancelled by the run too.</summary>
    public CancellationToken Start()
    {
        source ??= CancellationTokenSource.CreateLinkedTokenSource(runToken);
        source.CancelAfter(timeoutMs);
        return source.Token;
    }

    /// <summary>
    /// Waits for a call that did not finish at once only until the attempt's token is cancelled, so a
    /// call that ignores its token is let go of then (and observed by <see cref="End"/>).
    /// </summary>
    public ValueTask Wait(ValueTask call)
    {
        Task waited = call.AsTask();
        letGo = waited;
        return new ValueTask(waited.WaitAsync(source!.Token));
    }

    /// <summary>The attempt has ended: stops its timeout, and observes a call let go of.</summary>
    public void End()
    {
        if (source is not null && !source.TryReset())
        {
            source.Dispose();
            source = null;
        }

        if (letGo is not null)
        {
            Observe(letGo);
            letGo = null;
        }
    }

    public void Dispose() => source?.Dispose();

    /// <summary>
    /// Reads the failure of a call nobody awaits any more when it ends, so it does not surface as a
    /// <see cref="TaskScheduler.UnobservedTaskException"/>. Costs nothing for a call that succeeded;
    /// a continuation only for one still running.
    /// </summary>
    private static void Observe(Task call)
    {
        if (call.IsCompletedSuccessfully)
        {
            return;
        }

        if (call.IsCompleted)
        {
            _ = call.Exception;
            return;
        }

        call.ContinueWith(
            static ended => _ = ended.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
