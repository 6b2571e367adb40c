using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>The line's <see cref="LineRun{TIn, TOut}.Output"/>: the values of the materials leaving the line.</summary>
/// <remarks>
/// An output read here is delivered as it is read (<see cref="TryRead"/>, which <c>ReadAsync</c> and
/// <c>ReadAllAsync</c> use), unlike <c>RunAsync</c>'s, which is delivered when its consumer asks for
/// the next one. A channel reader owns what it reads: there may be several readers, one may read
/// ahead into a buffer of its own, and one may read an exact number and stop (then await
/// <c>Completion</c>, which must not wait for a read that never comes), so no later call says when it
/// is done with an output. Taking it is the last thing the line sees.
/// </remarks>
internal sealed class ValueReader<T>(Belt<T> exit, RunState run) : ChannelReader<T>
{
    public override Task Completion => exit.Completion;

    public override bool CanCount => true;

    public override int Count => exit.Count;

    public override bool TryRead([MaybeNullWhen(false)] out T item)
    {
        Material<T> material = default;
        if (exit.TryRead(new Span<Material<T>>(ref material)) == 1)
        {
            // Delivered when the consumer reads it, not when it reached the exit: a run stopped with
            // outputs still waiting there leaves them not done, so a resumed run makes them again.
            if (run.Observing)
            {
                run.Delivered(MaterialInfo.Of(material));
            }

            item = material.Value;
            return true;
        }

        item = default;
        return false;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
        exit.WaitToReadAsync(cancellationToken);
}
