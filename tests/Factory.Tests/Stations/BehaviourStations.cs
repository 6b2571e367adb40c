using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Tests.Stations;

/// <summary>Waits a random time per material so parallel workers finish out of order.</summary>
[Station(Parallelism = 4)]
public sealed partial class Jitter(int maxDelayMs, int seed)
{
    private readonly Random random = new(seed);
    private int inFlight;
    private int maxInFlight;

    /// <summary>The most materials this station worked on at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public async Task<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        int delay;
        lock (random)
        {
            delay = random.Next(maxDelayMs + 1);
        }

        int now = Interlocked.Increment(ref inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            await Task.Delay(delay, cancellationToken);
            return input;
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}

/// <summary>Same as <see cref="Jitter"/> without keeping order.</summary>
[Station(Parallelism = 4, Ordered = false)]
public sealed partial class UnorderedJitter(int maxDelayMs)
{
    public async ValueTask<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        await Task.Delay(Random.Shared.Next(maxDelayMs + 1), cancellationToken);
        return input;
    }
}

/// <summary>Fails each material a set number of times before it succeeds; counts every attempt.</summary>
[Station(MaxAttempts = 3, BackoffMs = 1)]
public sealed partial class Flaky(Func<int, int> failuresFor)
{
    public ConcurrentDictionary<int, int> Attempts { get; } = new();

    public int Process(int input, StationContext context)
    {
        Attempts.AddOrUpdate(input, 1, (_, n) => n + 1);
        if (context.Attempt <= failuresFor(input))
        {
            throw new InvalidOperationException($"flaky failure {context.Attempt} for {input}");
        }

        return input;
    }
}

/// <summary>Hangs on the materials it is told to, until its token is cancelled.</summary>
[Station(TimeoutMs = 100, MaxAttempts = 2, BackoffMs = 1)]
public sealed partial class Hangs(Func<int, bool> hangsOn)
{
    public async Task<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        if (hangsOn(input))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return input;
    }
}

/// <summary>Hangs and ignores its token: the timeout must still let the material go.</summary>
[Station(TimeoutMs = 100)]
public sealed partial class IgnoresToken(Func<int, bool> hangsOn)
{
    public async Task<int> ProcessAsync(int input)
    {
        if (hangsOn(input))
        {
            await Task.Delay(10_000);
        }

        return input;
    }
}

/// <summary>Throws for the materials it is told to.</summary>
[Station(Name = "Checker", Version = "7")]
public sealed partial class FailsOn(Func<int, bool> fails)
{
    public int Process(int input) =>
        fails(input) ? throw new ArgumentException($"value {input} is not allowed") : input;
}

/// <summary>Keeps the activity current as it works on each material: for the telemetry tests.</summary>
[Station]
public sealed partial class SeesSpan
{
    public ConcurrentQueue<System.Diagnostics.Activity?> Seen { get; } = new();

    public int Process(int input)
    {
        Seen.Enqueue(System.Diagnostics.Activity.Current);
        return input;
    }
}

/// <summary>Blocks every material until released: for backpressure and pause tests.</summary>
[Station(Capacity = 4)]
public sealed partial class Gate(SemaphoreSlim open)
{
    public async ValueTask<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        await open.WaitAsync(cancellationToken);
        open.Release();
        return input;
    }
}

/// <summary>Records what the context said about each material.</summary>
[Station]
public sealed partial class Witness
{
    public ConcurrentQueue<(long Id, long Parent, long Sequence)> Seen { get; } = new();

    public int Process(int input, StationContext context)
    {
        Seen.Enqueue((context.MaterialId, context.ParentId, context.Sequence));
        return input;
    }
}

/// <summary>An asynchronous split: counts down from the input.</summary>
[Station]
public sealed partial class CountDown
{
    public async IAsyncEnumerable<int> ProcessAsync(int input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int i = input; i > 0; i--)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return i;
        }
    }
}

/// <summary>A split that fails half-way on its first attempt: a retry must not emit the first half twice.</summary>
[Station(MaxAttempts = 2, BackoffMs = 1)]
public sealed partial class SplitThenFail
{
    public IEnumerable<int> Process(int input, StationContext context)
    {
        yield return input;
        if (context.Attempt == 1)
        {
            throw new InvalidOperationException("half-way");
        }

        yield return input + 1000;
    }
}

/// <summary>Throws a message that carries the job's secret: the secret must never surface.</summary>
[Station]
public sealed partial class LeaksSecret
{
    public int Process(int input, StationContext context) =>
        input == 2 ? throw new InvalidOperationException("login failed with " + context.Job.Secrets.Get("api-key")) : input;
}

/// <summary>
/// Fails input 2 with a message that quotes secrets containing one another, in encoded forms: the
/// connection URL (holding the password URL-encoded), the password URL-encoded on its own, the long
/// token (extending the short one) as written and in Base64.
/// </summary>
[Station]
public sealed partial class LeaksConnection
{
    public int Process(int input, StationContext context)
    {
        if (input != 2)
        {
            return input;
        }

        JobSecrets secrets = context.Job.Secrets;
        string token = secrets.Get("tok-7Q2-long");
        throw new InvalidOperationException(
            $"connect to {secrets.Get("db-url")} failed; retried with {Uri.EscapeDataString(secrets.Get("db-password"))} " +
            $"and token {token}; auth {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token))}");
    }
}

/// <summary>A payment whose card number is sensitive.</summary>
public sealed record Payment(int Id, [property: Sensitive] string Card);

/// <summary>Refuses payment 2, quoting nothing but its id.</summary>
[Station]
public sealed partial class Charge
{
    public int Process(Payment input) => input.Id == 2 ? throw new InvalidOperationException($"payment {input.Id} declined") : input.Id;
}

/// <summary>Pretends to call a model: reports 10 input and 2 output tokens per material.</summary>
[Station(MaxAttempts = 2)]
public sealed partial class FakeModelCall
{
    public int Process(int input, StationContext context)
    {
        context.ReportModelUsage("small-model", 10, 2, 0.01m);
        return input;
    }
}

/// <summary>
/// Quick work on two workers, in order: echoes its input, but every 997th material takes 2 ms, so
/// the workers switch between taking a run of materials and taking one at a time.
/// </summary>
[Station(Parallelism = 2)]
public sealed partial class QuickEcho
{
    public int Process(int input)
    {
        if (input % 997 == 0)
        {
            Thread.Sleep(2);
        }

        return input;
    }
}

/// <summary>
/// A quick split on two workers, in order: two children per input, none for multiples of 5, and a
/// failure (a dead letter) for multiples of 7 that are not also multiples of 5.
/// </summary>
[Station(Parallelism = 2)]
public sealed partial class QuickPairs
{
    public IEnumerable<int> Process(int input)
    {
        if (input % 5 == 0)
        {
            return [];
        }

        return input % 7 == 0 ? throw new InvalidOperationException($"no pair for {input}") : [input * 10, (input * 10) + 1];
    }
}

/// <summary>Slow synchronous work: 5 ms a material. Counts the materials it finished.</summary>
[Station]
public sealed partial class SlowSquare
{
    private int done;

    public int Done => Volatile.Read(ref done);

    public int Process(int input)
    {
        Thread.Sleep(5);
        Interlocked.Increment(ref done);
        return input * input;
    }
}

/// <summary>Gives the input position of each material: its sequence number.</summary>
[Station]
public sealed partial class PositionOf
{
    public long Process(int input, StationContext context) => context.Sequence;
}

/// <summary>S4's shape, quicker: an asynchronous call of about a millisecond, 64 at once, order not kept.</summary>
[Station(Parallelism = 64, Ordered = false)]
public sealed partial class MillisecondCall
{
    public async ValueTask<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        return input;
    }
}
