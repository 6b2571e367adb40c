using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Factory.Runtime;

/// <summary>
/// Collects what one attempt of a station gives. Outputs move on only after the attempt succeeds, so
/// a retried split never emits twice. One buffer per worker, reused; a single output needs no list.
/// </summary>
/// <remarks>
/// An asynchronous station's result is awaited by the buffer itself, an <see cref="IValueTaskSource"/>
/// reused attempt after attempt, so a call that suspends costs the runtime nothing (an <see langword="async"/>
/// method here took a state machine box per call, pooled, and 64 workers starting at once miss the pool).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OutputBuffer<T> : IValueTaskSource
{
    private T first = default!;
    private List<T>? rest;

    // The asynchronous result being awaited, and the task the attempt awaits for it.
    private ConfiguredValueTaskAwaitable<T>.ConfiguredValueTaskAwaiter pending;
    private ManualResetValueTaskSourceCore<bool> added;
    private Action? addPending;

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

        return AddWhenDone(pending);
    }

    /// <summary>Adds the result of a <see cref="Task{TResult}"/>-returning station.</summary>
    public ValueTask AddAsync(Task<T> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            Add(pending.Result);
            return default;
        }

        return AddWhenDone(new ValueTask<T>(pending));
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

    void IValueTaskSource.GetResult(short token) => added.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => added.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        added.OnCompleted(continuation, state, token, flags);

    /// <summary>A task that completes once <paramref name="result"/> has completed and its value is added (or failed with its exception).</summary>
    private ValueTask AddWhenDone(ValueTask<T> result)
    {
        added.Reset();
        pending = result.ConfigureAwait(false).GetAwaiter();
        pending.UnsafeOnCompleted(addPending ??= AddPending);
        return new ValueTask(this, added.Version);
    }

    private void AddPending()
    {
        ConfiguredValueTaskAwaitable<T>.ConfiguredValueTaskAwaiter result = pending;
        pending = default;
        try
        {
            Add(result.GetResult());
        }
        catch (Exception exception)
        {
            added.SetException(exception);
            return;
        }

        added.SetResult(true);
    }
}
