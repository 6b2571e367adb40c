using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Tests.Stations;

public abstract record Shape(int Id);

public sealed record Circle(int Id) : Shape(Id);

public sealed record Square(int Id) : Shape(Id);

public sealed record Blob(int Id) : Shape(Id);

/// <summary>0 → circle, 1 → square, 2 → blob, by the input modulo 3.</summary>
[Station]
public sealed partial class MakeShape
{
    public Shape Process(int input) => (input % 3) switch
    {
        0 => new Circle(input),
        1 => new Square(input),
        _ => new Blob(input),
    };
}

/// <summary>As <see cref="MakeShape"/>, with two workers: no single worker can run the routes after it.</summary>
[Station(Parallelism = 2)]
public sealed partial class MakeShapeInParallel
{
    public Shape Process(int input) => new MakeShape().Process(input);
}

[Station]
public sealed partial class DescribeCircle
{
    public string Process(Circle input) => "circle " + input.Id.ToString(CultureInfo.InvariantCulture);
}

[Station]
public sealed partial class DescribeSquare
{
    public string Process(Square input) => "square " + input.Id.ToString(CultureInfo.InvariantCulture);
}

[Station]
public sealed partial class DescribeAny
{
    public string Process(Shape input) => "shape " + input.Id.ToString(CultureInfo.InvariantCulture);
}

[Station]
public sealed partial class Shout
{
    public string Process(string input) => input.ToUpperInvariant();
}

/// <summary>Turns a number into an exception of a type chosen by the number, for routes over a type from another assembly.</summary>
[Station]
public sealed partial class MakeError
{
    public Exception Process(int input) => (input % 3) switch
    {
        0 => new ArgumentException("argument " + input.ToString(CultureInfo.InvariantCulture)),
        1 => new InvalidOperationException("operation " + input.ToString(CultureInfo.InvariantCulture)),
        _ => new FormatException("format " + input.ToString(CultureInfo.InvariantCulture)),
    };
}

[Station]
public sealed partial class DescribeError
{
    public string Process(Exception input) => input.Message;
}

/// <summary>Doubles each item of a batch and records the batch sizes it saw.</summary>
[Station(BatchSize = 4, BatchWaitMs = 100)]
public sealed partial class BatchDouble
{
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public IReadOnlyList<int> Process(IReadOnlyList<int> inputs)
    {
        BatchSizes.Enqueue(inputs.Count);
        var outputs = new int[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            outputs[i] = inputs[i] * 2;
        }

        return outputs;
    }
}

/// <summary>
/// Gives one output too few for a batch containing 13. Its batches wait to fill (the tests feed 1, 2, 3,
/// 11, 12, 13 and expect two batches of three; a busy machine could otherwise cut 11 and 12 off from 13).
/// </summary>
[Station(BatchSize = 3, BatchWaitMs = 5_000)]
public sealed partial class ShortBatch
{
    public Task<IReadOnlyList<int>> ProcessAsync(IReadOnlyList<int> inputs)
    {
        var outputs = new List<int>(inputs);
        if (outputs.Contains(13))
        {
            outputs.RemoveAt(0);
        }

        return Task.FromResult<IReadOnlyList<int>>(outputs);
    }
}

/// <summary>Fails the first attempt of every batch.</summary>
[Station(BatchSize = 2, MaxAttempts = 2, BackoffMs = 1)]
public sealed partial class FlakyBatch
{
    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public ValueTask<IReadOnlyList<int>> ProcessAsync(IReadOnlyList<int> inputs, StationContext context)
    {
        Interlocked.Increment(ref calls);
        if (context.Attempt == 1)
        {
            throw new InvalidOperationException("first attempt of a batch fails");
        }

        return ValueTask.FromResult(inputs);
    }
}

/// <summary>Splits a sentence into its words.</summary>
[Station]
public sealed partial class SplitWords
{
    public IEnumerable<string> Process(string input) => input.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Upper-cases a word after a random pause, on four workers, out of order; fails on "bad".</summary>
[Station(Parallelism = 4, Ordered = false)]
public sealed partial class SlowUpper
{
    public async Task<string> ProcessAsync(string input, CancellationToken cancellationToken)
    {
        await Task.Delay(Random.Shared.Next(4), cancellationToken);
        return input == "bad" ? throw new ArgumentException("bad word") : input.ToUpperInvariant();
    }
}

/// <summary>Joins a gathered group back into a line of text, with what it knows about the group.</summary>
[Station]
public sealed partial class JoinWords
{
    public string Process(Gathered<string> input) =>
        $"{string.Join(' ', input.Items)}|expected {input.Expected}|missing {input.Missing.Count}";
}
