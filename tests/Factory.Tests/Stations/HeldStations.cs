using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Tests.Stations;

/// <summary>
/// Holds a station inside its work until the test lets it go, then makes it fail with an
/// <see cref="IOException"/> whose message carries <see cref="Marker"/>. A station that watches its
/// token turns the token's cancellation into that exception (as a client library closing its
/// connection would); one that does not waits for <see cref="Release"/> and throws then.
/// </summary>
public sealed class Hold(bool watchesToken)
{
    private readonly TaskCompletionSource inside = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Not asynchronous: the held work fails inside Release, so it has failed when Release returns.
    private readonly TaskCompletionSource released = new();
    private readonly TaskCompletionSource failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>In the message of every exception the held work throws.</summary>
    public string Marker { get; } = "held-" + Guid.NewGuid().ToString("N");

    /// <summary>Completes once a station is inside its work.</summary>
    public Task Inside => inside.Task;

    /// <summary>Completes once the held work has thrown.</summary>
    public Task Failed => failed.Task;

    /// <summary>Lets a station that does not watch its token go on, to fail.</summary>
    public void Release() => released.TrySetResult();

    public async Task ThenFailAsync(CancellationToken cancellationToken)
    {
        inside.TrySetResult();
        if (watchesToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw Failure("the connection closed when the work was cancelled");
            }
        }

        await released.Task.ConfigureAwait(false);
        throw Failure("the work failed after it was let go of");
    }

    public void ThenFail(CancellationToken cancellationToken) => ThenFailAsync(cancellationToken).GetAwaiter().GetResult();

    private IOException Failure(string what)
    {
        failed.TrySetResult();
        return new IOException($"{Marker}: {what}");
    }
}

/// <summary>Synchronous, held: one in, one out.</summary>
[Station]
public sealed partial class HeldSync(Hold hold)
{
    public int Process(int input, CancellationToken cancellationToken)
    {
        hold.ThenFail(cancellationToken);
        return input;
    }
}

/// <summary>Asynchronous, held.</summary>
[Station]
public sealed partial class HeldAsync(Hold hold)
{
    public async Task<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        await hold.ThenFailAsync(cancellationToken);
        return input;
    }
}

/// <summary>Asynchronous with retries, held: its attempts run under the retry policy.</summary>
[Station(MaxAttempts = 3, BackoffMs = 1)]
public sealed partial class HeldRetried(Hold hold)
{
    public async ValueTask<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        await hold.ThenFailAsync(cancellationToken);
        return input;
    }
}

/// <summary>Asynchronous with a long timeout, held: a cancelled run stops waiting for its attempt.</summary>
[Station(TimeoutMs = 60_000)]
public sealed partial class HeldTimed(Hold hold)
{
    public async Task<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        await hold.ThenFailAsync(cancellationToken);
        return input;
    }
}

/// <summary>A split, held after its first child.</summary>
[Station]
public sealed partial class HeldSplit(Hold hold)
{
    public IEnumerable<int> Process(int input, CancellationToken cancellationToken)
    {
        yield return input;
        hold.ThenFail(cancellationToken);
        yield return input + 1;
    }
}

/// <summary>An asynchronous split, held after its first child.</summary>
[Station]
public sealed partial class HeldAsyncSplit(Hold hold)
{
    public async IAsyncEnumerable<int> ProcessAsync(int input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return input;
        await hold.ThenFailAsync(cancellationToken);
        yield return input + 1;
    }
}

/// <summary>A batch station, held.</summary>
[Station(BatchSize = 2)]
public sealed partial class HeldBatch(Hold hold)
{
    public async Task<IReadOnlyList<int>> ProcessAsync(IReadOnlyList<int> inputs, CancellationToken cancellationToken)
    {
        await hold.ThenFailAsync(cancellationToken);
        return inputs;
    }
}

/// <summary>Ignores its token and outlives its 50 ms timeout, held, then fails: the worker lets go of it first.</summary>
[Station(TimeoutMs = 50)]
public sealed partial class HeldPastTimeout(Hold hold)
{
    public async Task<int> ProcessAsync(int input)
    {
        await hold.ThenFailAsync(CancellationToken.None);
        return input;
    }
}

/// <summary>A batch station that ignores its token and outlives its 50 ms timeout, held, then fails.</summary>
[Station(BatchSize = 2, TimeoutMs = 50)]
public sealed partial class HeldBatchPastTimeout(Hold hold)
{
    public async Task<IReadOnlyList<int>> ProcessAsync(IReadOnlyList<int> inputs)
    {
        await hold.ThenFailAsync(CancellationToken.None);
        return inputs;
    }
}

/// <summary>
/// Works a little on each material, looking at its token as it goes, and reports a cancel as an
/// <see cref="IOException"/> instead of <see cref="OperationCanceledException"/>.
/// </summary>
public static class Converting
{
    private static int converted;

    /// <summary>How many cancels were turned into IOExceptions, in every run so far.</summary>
    public static int Converted => Volatile.Read(ref converted);

    public static void Work(int input, CancellationToken cancellationToken)
    {
        for (int i = 0; i < 8 + (input % 8); i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref converted);
                throw new IOException("the connection closed when the work was cancelled");
            }

            Thread.SpinWait(30);
        }
    }
}

[Station]
public sealed partial class ConvertingAsync
{
    public async ValueTask<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        if (input % 4 == 0)
        {
            await Task.Yield();
        }

        Converting.Work(input, cancellationToken);
        return input;
    }
}

/// <summary>Fused into the worker of the station before it.</summary>
[Station]
public sealed partial class ConvertingSync
{
    public int Process(int input, CancellationToken cancellationToken)
    {
        Converting.Work(input, cancellationToken);
        return input;
    }
}

[Station(MaxAttempts = 2, BackoffMs = 1)]
public sealed partial class ConvertingSplit
{
    public IEnumerable<int> Process(int input, CancellationToken cancellationToken)
    {
        Converting.Work(input, cancellationToken);
        yield return input;
        Converting.Work(input, cancellationToken);
    }
}

[Station(BatchSize = 4)]
public sealed partial class ConvertingBatch
{
    public IReadOnlyList<int> Process(IReadOnlyList<int> inputs, CancellationToken cancellationToken)
    {
        foreach (int input in inputs)
        {
            Converting.Work(input, cancellationToken);
        }

        return inputs;
    }
}
