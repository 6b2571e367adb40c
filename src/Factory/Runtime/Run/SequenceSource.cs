using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The input sequence of <c>RunAsync</c>, pulled by the first station's single worker when its belt
/// is empty: the worker enumerates the sequence on its own thread, so a three-station line runs on
/// two threads (that worker and the caller's loop) instead of three. Materials get their sequence
/// numbers and are admitted (resume, budget) exactly as a feeder would admit them. An exception from
/// the sequence fails the run, as it does when a feeder enumerates it. When the next input must wait
/// to run alone (<see cref="SoloAdmission"/>), a pull gives what it has and the worker waits on its
/// belt, which <paramref name="wake"/> pokes once the line has drained.
/// </summary>
internal sealed class SequenceSource<T>(RunState run, IEnumerable<T> input, Action wake) : IBeltSource<T>
{
    private IEnumerator<T>? items;
    private long sequence;
    private bool done;
    private Task? waking;

    public int Pull(Span<Material<T>> into, out bool exhausted)
    {
        int pulled = 0;
        try
        {
            items ??= input.GetEnumerator();
            while (pulled < into.Length)
            {
                if (run.Solo is { } solo && solo.MustWait(sequence))
                {
                    WakeWhenDrained(solo);
                    break;
                }

                if (!items.MoveNext())
                {
                    Finish();
                    exhausted = true;
                    return pulled;
                }

                var material = Material<T>.Entering(items.Current, sequence++, run.Job);
                if (run.Admit(ref material))
                {
                    Material<T>.Store(ref into[pulled++], material);
                }
            }
        }
        catch (Exception exception)
        {
            if (!run.Token.IsCancellationRequested || exception is not (ChannelClosedException or OperationCanceledException))
            {
                run.Fail(exception);
            }

            Finish();
            exhausted = true;
            return pulled;
        }

        exhausted = false;
        return pulled;
    }

    private void WakeWhenDrained(SoloAdmission solo)
    {
        Task drained = solo.WhenDrained();
        if (!ReferenceEquals(drained, waking))
        {
            waking = drained;
            drained.ContinueWith(static (_, state) => ((Action)state!)(), wake, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Disposes the enumerator once no worker pulls any more (the run has completed).</summary>
    public async Task DisposeAfterAsync(Task completion)
    {
        try
        {
            await completion.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The consumer hears the run's outcome from the run itself.
        }

        Finish();
    }

    private void Finish()
    {
        if (!done)
        {
            done = true;
            items?.Dispose();
        }
    }
}
