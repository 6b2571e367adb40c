using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// The line's <see cref="LineRun{TIn, TOut}.Input"/>: callers write plain values, the line receives
/// materials with ids and sequence numbers. No extra channel hop.
/// </summary>
internal sealed class MaterialWriter<T> : ChannelWriter<T>
{
    private readonly RunState run;
    private readonly ChannelWriter<Material<T>> inner;
    private readonly Lock gate = new();
    private long sequence;

    public MaterialWriter(RunState run, ChannelWriter<Material<T>> inner)
    {
        this.run = run;
        this.inner = inner;
    }

    public override bool TryWrite(T item)
    {
        // The lock keeps sequence numbers dense: a number is used only when the write succeeds.
        lock (gate)
        {
            var material = new Material<T>(item, run.NextMaterialId(), 0, sequence, run.Job, 1);
            if (!inner.TryWrite(material))
            {
                return false;
            }

            sequence++;
            return true;
        }
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
        inner.WaitToWriteAsync(cancellationToken);

    public override bool TryComplete(Exception? error = null) => inner.TryComplete(error);
}
