using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Factory.RabbitMQ.Tests;

public abstract record Parcel(int Number);

public sealed record Letter(int Number) : Parcel(Number);

public sealed record Box(int Number, int Weight) : Parcel(Number);

public sealed record Junk(int Number) : Parcel(Number);

/// <summary>No route takes a crate: it is a dead letter "no route".</summary>
public sealed record Crate(int Number) : Parcel(Number);

public sealed record Label(int Number, string Text);

/// <summary>Orders become parcels of four kinds, by their number.</summary>
[Station]
public sealed partial class Sort
{
    public Parcel Process(Order input) => (input.Number % 4) switch
    {
        0 => new Letter(input.Number),
        1 => new Box(input.Number, input.Number * 2),
        2 => new Junk(input.Number),
        _ => new Crate(input.Number),
    };
}

[Station]
public sealed partial class Stamp
{
    public Label Process(Letter input) => new(input.Number, "letter");
}

[Station]
public sealed partial class Weigh
{
    public Box Process(Box input) => input with { Weight = input.Weight + 1 };
}

[Station]
public sealed partial class LabelBox
{
    public Label Process(Box input) => new(input.Number, $"box of {input.Weight}");
}

[Station]
public sealed partial class Ship
{
    public Receipt Process(Label input) => new(input.Number, "shipped " + input.Text);
}

/// <summary>A route target that is a line of its own.</summary>
[Line]
[Distributed<BranchingJson>]
[Step<Weigh>]
[Step<LabelBox>]
public sealed partial class Boxes;

/// <summary>Routes after a station: to a station, to a nested line, to the discard; crates find no route (the build says so, FCT0010: here on purpose).</summary>
#pragma warning disable FCT0010
[Line]
[Distributed<BranchingJson>]
[Step<Sort>]
[Route<Letter, Stamp>]
[Route<Box, Boxes>]
[Route<Junk, Discard>]
[Step<Ship>]
public sealed partial class Dispatch;
#pragma warning restore FCT0010

/// <summary>Splits an order into <c>Number % 4</c> parts (none filters it), numbered <c>Number * 10 + part</c>.</summary>
[Station]
public sealed partial class Explode
{
    public IEnumerable<Order> Process(Order input)
    {
        for (int part = 0; part < input.Number % 4; part++)
        {
            yield return new Order(input.Number * 10 + part, input.Customer);
        }
    }
}

[Line]
[Distributed<BranchingJson>]
[Step<Explode>]
[Step<Price>]
[Step<Print>]
public sealed partial class Fanout;

/// <summary>Takes longer on some orders than on others, four at a time: its outputs come back out of order.</summary>
[Station(Parallelism = 4)]
public sealed partial class Dawdle
{
    public async System.Threading.Tasks.Task<Receipt> Process(Order input)
    {
        await System.Threading.Tasks.Task.Delay((7 - input.Number % 7) * 3);
        return new Receipt(input.Number, "dawdled");
    }
}

[Line]
[Distributed<BranchingJson>]
[Step<Explode>]
[Step<Dawdle>]
public sealed partial class Slowly;

/// <summary>Prices a part; fails every attempt on a third part (numbers ending in 2): its group arrives with it missing.</summary>
[Station(MaxAttempts = 1)]
public sealed partial class PricePart
{
    public Priced Process(Order input) => input.Number % 10 == 2
        ? throw new System.InvalidOperationException($"part {input.Number} cannot be priced")
        : new Priced(input.Number, input.Customer, input.Number % 10 + 1);
}

[Station]
public sealed partial class Total
{
    public Receipt Process(Gathered<Priced> group) =>
        new(checked((int)group.ParentId), $"{group.Items.Count} of {group.Expected} ({string.Join(",", System.Linq.Enumerable.Select(group.Items, p => p.Number))}), total {System.Linq.Enumerable.Sum(group.Items, p => p.Price)}, {group.Missing.Count} missing");
}

[Line]
[Distributed<BranchingJson>]
[Step<Explode>]
[Step<PricePart>]
[Step<Total>]
public sealed partial class Totals;

/// <summary>Prices up to four orders per call, and notes the size of each batch it was given.</summary>
[Station(BatchSize = 4, BatchWaitMs = 50)]
public sealed partial class PriceInBatches
{
    public System.Collections.Concurrent.ConcurrentQueue<int> Sizes { get; } = new();

    public IReadOnlyList<Priced> Process(IReadOnlyList<Order> input)
    {
        Sizes.Enqueue(input.Count);
        return [.. System.Linq.Enumerable.Select(input, o => new Priced(o.Number, o.Customer, o.Number * 2))];
    }
}

[Line]
[Distributed<BranchingJson>]
[Step<Explode>]
[Step<PriceInBatches>]
[Step<Print>]
public sealed partial class Batches;

/// <summary>Takes 10 ms per order.</summary>
[Station]
public sealed partial class Crawl
{
    public async System.Threading.Tasks.Task<Receipt> Process(Order input)
    {
        await System.Threading.Tasks.Task.Delay(10);
        return new Receipt(input.Number, "crawled");
    }
}

[Line]
[Distributed<BranchingJson>]
[Step<Crawl>]
public sealed partial class Steady;

[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Priced))]
[JsonSerializable(typeof(Gathered<Priced>))]
[JsonSerializable(typeof(Receipt))]
[JsonSerializable(typeof(Parcel))]
[JsonSerializable(typeof(Letter))]
[JsonSerializable(typeof(Box))]
[JsonSerializable(typeof(Label))]
public sealed partial class BranchingJson : JsonSerializerContext;
