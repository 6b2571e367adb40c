using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>The line's <see cref="LineRun{TIn, TOut}.Output"/>: the values of the materials leaving the line.</summary>
internal sealed class ValueReader<T>(ChannelReader<Material<T>> inner) : ChannelReader<T>
{
    public override Task Completion => inner.Completion;

    public override bool CanCount => inner.CanCount;

    public override int Count => inner.Count;

    public override bool CanPeek => inner.CanPeek;

    public override bool TryRead([MaybeNullWhen(false)] out T item)
    {
        if (inner.TryRead(out Material<T> material))
        {
            item = material.Value;
            return true;
        }

        item = default;
        return false;
    }

    public override bool TryPeek([MaybeNullWhen(false)] out T item)
    {
        if (inner.TryPeek(out Material<T> material))
        {
            item = material.Value;
            return true;
        }

        item = default;
        return false;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
        inner.WaitToReadAsync(cancellationToken);
}
