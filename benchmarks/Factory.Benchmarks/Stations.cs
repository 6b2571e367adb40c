using System.Threading;
using System.Threading.Tasks;

namespace Factory.Benchmarks;

// The station work every variant runs. Peers call these same classes' Process methods (through the
// struct functors below, as the generated StationWork structs do), so only the plumbing differs.

/// <summary>x + 1.</summary>
[Station]
public sealed partial class AddOne
{
    public long Process(long input) => input + 1;
}

/// <summary>x * 2.</summary>
[Station]
public sealed partial class Twice
{
    public long Process(long input) => input * 2;
}

/// <summary>x ^ mask.</summary>
[Station]
public sealed partial class Mask
{
    public const long Bits = 0x5555_5555;

    public long Process(long input) => input ^ Bits;
}

/// <summary>S1: three trivial synchronous stations.</summary>
[Line]
[Step<AddOne>]
[Step<Twice>]
[Step<Mask>]
public sealed partial class Linear3;

/// <summary>S3: ten trivial synchronous stations (the S1 three, cycled).</summary>
[Line]
[Step<AddOne>]
[Step<Twice>]
[Step<Mask>]
[Step<AddOne>]
[Step<Twice>]
[Step<Mask>]
[Step<AddOne>]
[Step<Twice>]
[Step<Mask>]
[Step<AddOne>]
public sealed partial class Linear10;

// S2: the same work with two workers per station. Parallelism and Ordered are compile-time options,
// so each setting is its own station class; they call the S1 stations.

[Station(Parallelism = 2, Ordered = true)]
public sealed partial class AddOneOrdered2(AddOne work)
{
    public long Process(long input) => work.Process(input);
}

[Station(Parallelism = 2, Ordered = true)]
public sealed partial class TwiceOrdered2(Twice work)
{
    public long Process(long input) => work.Process(input);
}

[Station(Parallelism = 2, Ordered = true)]
public sealed partial class MaskOrdered2(Mask work)
{
    public long Process(long input) => work.Process(input);
}

[Station(Parallelism = 2, Ordered = false)]
public sealed partial class AddOneUnordered2(AddOne work)
{
    public long Process(long input) => work.Process(input);
}

[Station(Parallelism = 2, Ordered = false)]
public sealed partial class TwiceUnordered2(Twice work)
{
    public long Process(long input) => work.Process(input);
}

[Station(Parallelism = 2, Ordered = false)]
public sealed partial class MaskUnordered2(Mask work)
{
    public long Process(long input) => work.Process(input);
}

[Line]
[Step<AddOneOrdered2>]
[Step<TwiceOrdered2>]
[Step<MaskOrdered2>]
public sealed partial class Parallel2Ordered;

[Line]
[Step<AddOneUnordered2>]
[Step<TwiceUnordered2>]
[Step<MaskUnordered2>]
public sealed partial class Parallel2Unordered;

/// <summary>S4: a simulated model call of 20 ms; 64 at once, order not kept.</summary>
[Station(Parallelism = IoBoundCall.Parallelism, Ordered = false)]
public sealed partial class IoBoundCall
{
    public const int Parallelism = 64;

    public const int LatencyMs = 20;

    public async ValueTask<long> ProcessAsync(long input, CancellationToken cancellationToken)
    {
        await Task.Delay(LatencyMs, cancellationToken).ConfigureAwait(false);
        return input;
    }
}

[Line]
[Step<IoBoundCall>]
public sealed partial class IoBoundLine;

/// <summary>Calls a station's work with no delegate, so the JIT can inline it (as generated StationWork does).</summary>
public interface IWork
{
    long Invoke(long input);
}

public readonly struct AddOneWork(AddOne station) : IWork
{
    public long Invoke(long input) => station.Process(input);
}

public readonly struct TwiceWork(Twice station) : IWork
{
    public long Invoke(long input) => station.Process(input);
}

public readonly struct MaskWork(Mask station) : IWork
{
    public long Invoke(long input) => station.Process(input);
}

/// <summary>The expected checksum of the three-station work over 0..count-1, so every variant is checked.</summary>
internal static class Expected
{
    public static long Linear3(int count)
    {
        AddOne addOne = new();
        Twice twice = new();
        Mask mask = new();
        long sum = 0;
        for (long i = 0; i < count; i++)
        {
            sum += mask.Process(twice.Process(addOne.Process(i)));
        }

        return sum;
    }

    public static void Check(long expected, long actual, string variant)
    {
        if (expected != actual)
        {
            throw new System.InvalidOperationException($"{variant}: checksum {actual}, expected {expected}: materials were lost or changed.");
        }
    }
}
