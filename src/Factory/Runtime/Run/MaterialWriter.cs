using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The line's <see cref="LineRun{TIn, TOut}.Input"/>: callers write plain values, the first belt
/// receives materials with ids and sequence numbers, admitted by the run. No extra hop.
/// </summary>
internal sealed class MaterialWriter<T>(RunState run, Belt<T> entry) : ChannelWriter<T>
{
    private readonly Lock gate = new();
    private long sequence;

    public override bool TryWrite(T item)
    {
        if (run.AdmitsEverything)
        {
            // Nothing to ask before an input enters: one lock, the belt's, which also keeps the
            // numbers dense. (A material span, when someone listens, is started under it.)
            return entry.TryWriteEntering(item, new Entering(this));
        }

        // The lock keeps sequence numbers dense: a number is used only when the write succeeds.
        lock (gate)
        {
            // Only this writer fills the entry belt, so room seen here is still there below: an input
            // is admitted (and observers hear it entered) once, not again on every retried write.
            if (entry.Count >= entry.Capacity || (run.Solo is { } solo && solo.MustWait(sequence)))
            {
                return false;
            }

            if (!Admit(item, out Material<T> material))
            {
                // Done in an earlier start of this run, or past the job's budget (then a dead letter).
                sequence++;
                return true;
            }

            if (!entry.TryWrite(material))
            {
                return false;
            }

            sequence++;
            return true;
        }
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
        run.Solo is { } solo && solo.MustWait(Volatile.Read(ref sequence))
            ? WaitToAdmitAsync(solo, cancellationToken)
            : entry.WaitToWriteAsync(cancellationToken);

    public override bool TryComplete(Exception? error = null) => entry.TryComplete(error);

    /// <summary>The next input as it enters the line; false when the run does not admit it.</summary>
    private bool Admit(T value, out Material<T> material)
    {
        material = Material<T>.Entering(value, sequence, run.Job);
        return run.Admit(ref material);
    }

    /// <summary>The next input runs alone, or follows one that did: room on the belt is not enough, the line must drain first.</summary>
    private async ValueTask<bool> WaitToAdmitAsync(SoloAdmission solo, CancellationToken cancellationToken)
    {
        await solo.WhenDrained().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await entry.WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Numbers and admits an input under the entry belt's lock, for a run that admits every input.</summary>
    private readonly struct Entering(MaterialWriter<T> writer) : IEntrance<T>
    {
        public Material<T> Enter(T value)
        {
            writer.Admit(value, out Material<T> material);
            writer.sequence++;
            return material;
        }
    }
}
