using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Collects what one attempt of a station gives. Outputs move on only after the attempt succeeds, so
/// a retried split never emits twice. One buffer per worker, reused; a single output needs no list.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OutputBuffer<T>
{
    private T first = default!;
    private List<T>? rest;

    /// <summary>How many outputs the attempt gave.</summary>
    public int Count { get; private set; }

    /// <summary>The output at <paramref name="index"/>.</summary>
    public T this[int index] => index == 0 ? first : rest![index - 1];

    /// <summary>Adds one output.</summary>
    public void Add(T item)
    {
        if (Count == 0)
        {
            first = item;
        }
        else
        {
            (rest ??= []).Add(item);
        }

        Count++;
    }

    /// <summary>Adds the result of an asynchronous station, without allocating when it already completed.</summary>
    public ValueTask AddAsync(ValueTask<T> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            Add(pending.Result);
            return default;
        }

        return AwaitAndAddAsync(pending);
    }

    /// <summary>Adds the result of a <see cref="Task{TResult}"/>-returning station.</summary>
    public ValueTask AddAsync(Task<T> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            Add(pending.Result);
            return default;
        }

        return AwaitAndAddAsync(new ValueTask<T>(pending));
    }

    /// <summary>Adds every item of a split.</summary>
    public void AddRange(IEnumerable<T> items)
    {
        foreach (T item in items)
        {
            Add(item);
        }
    }

    /// <summary>Adds every item of an asynchronous split.</summary>
    public async ValueTask AddRangeAsync(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        await foreach (T item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Add(item);
        }
    }

    /// <summary>Forgets the outputs, keeping no references to them.</summary>
    internal void Clear()
    {
        first = default!;
        rest?.Clear();
        Count = 0;
    }

    // Pooled: an I/O-bound station completes asynchronously for every material (PERF.md: ~128 bytes each otherwise).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitAndAddAsync(ValueTask<T> pending) => Add(await pending.ConfigureAwait(false));
}
