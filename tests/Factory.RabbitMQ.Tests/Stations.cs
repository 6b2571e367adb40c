using System.Text.Json.Serialization;

namespace Factory.RabbitMQ.Tests;

public sealed record Order(int Number, string Customer);

public sealed record Priced(int Number, string Customer, decimal Price);

public sealed record Receipt(int Number, string Text);

[Station]
public sealed partial class Price
{
    private readonly int delayMs;
    private readonly string holdSignal = string.Empty;
    private int priced;
    private int? holdAfter;

    public Price()
    {
    }

    /// <summary>
    /// A price that takes <paramref name="delayMs"/> per order and, once the file <paramref name="holdSignal"/> exists (none: never)
    /// and it priced as many orders as the file says, never finishes the next one, saying so with the file
    /// <c>{holdSignal}.held</c> (the order's number): a worker sure to hold a delivery when FaultTests kill it.
    /// </summary>
    public Price(int delayMs, string holdSignal)
    {
        this.delayMs = delayMs;
        this.holdSignal = holdSignal;
    }

    public Priced Process(Order input)
    {
        int done = System.Threading.Interlocked.Increment(ref priced) - 1;
        if (HoldAfter() is { } after && done >= after)
        {
            System.IO.File.WriteAllText(holdSignal + ".held", input.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);
        }

        if (delayMs > 0)
        {
            System.Threading.Thread.Sleep(delayMs);
        }

        return new(input.Number, input.Customer, input.Number * 1.5m);
    }

    /// <summary>How many orders to price before holding one, read once the hold file appears; null until then.</summary>
    private int? HoldAfter()
    {
        if (holdAfter is null && holdSignal.Length > 0 && System.IO.File.Exists(holdSignal))
        {
            holdAfter = int.Parse(System.IO.File.ReadAllText(holdSignal), System.Globalization.CultureInfo.InvariantCulture);
        }

        return holdAfter;
    }
}

[Station(MaxAttempts = 3, BackoffMs = 1, Capacity = 64)]
public sealed partial class Print
{
    public Receipt Process(Priced input) => new(input.Number, $"{input.Customer}: {input.Price}");
}

[Line]
[Distributed<CheckoutJson>]
[Step<Price>]
[Step<Print>]
public sealed partial class Checkout;

[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Priced))]
[JsonSerializable(typeof(Receipt))]
public sealed partial class CheckoutJson : JsonSerializerContext;

/// <summary>Says whether the worker's job order has the API key; fails (naming the key's value) on order 13.</summary>
[Station(MaxAttempts = 2, BackoffMs = 1)]
public sealed partial class UseKey
{
    public Receipt Process(Order input, StationContext context)
    {
        bool has = context.Job.Secrets.Has("api-key");
        if (input.Number == 13)
        {
            throw new System.InvalidOperationException($"order 13 refused with key {(has ? context.Job.Secrets.Get("api-key") : "none")}");
        }

        return new Receipt(input.Number, has ? "has key" : "no key");
    }
}

[Line]
[Distributed<CheckoutJson>]
[Step<UseKey>]
public sealed partial class Vault;

[Gate<Order>(Approvers = "orders:approve", TimeoutMinutes = 60)]
public sealed partial class ApproveOrder;

/// <summary>Not [Distributed]: the build does not check it, so only the run-time backstop refuses its gate a transport without a durable gate store.</summary>
[Line]
[Step<ApproveOrder>]
[Route<Approved<Order>, Discard>]
[Route<Rejected<Order>, Discard>]
public sealed partial class Approvals;

[JsonSerializable(typeof(Order))]
public sealed partial class OrdersOnlyJson : JsonSerializerContext;

[JsonSerializable(typeof(System.Collections.Generic.List<Receipt>))]
public sealed partial class CheckoutJsonLists : JsonSerializerContext;

/// <summary>Takes its worker's process down on order 500, as a crash would (only ever run in a worker process).</summary>
[Station]
public sealed partial class Brittle
{
    public Receipt Process(Order input)
    {
        if (input.Number == 500)
        {
            System.Environment.Exit(3);
        }

        return new Receipt(input.Number, "ok");
    }
}

[Line]
[Distributed<CheckoutJson>]
[Step<Brittle>]
public sealed partial class Fragile;

/// <summary>
/// How Fragile's queues are declared by its caller and workers alike: a material that crashes two workers at Brittle
/// (alone: a pack it was in is sent back a material a message when given again) is a dead letter; up to 64 materials to a message.
/// </summary>
public static class Poison
{
    public static Factory.RabbitMQ.TopologyOptions Topology { get; } = new()
    {
        DeliveryLimits = new System.Collections.Generic.Dictionary<string, int> { ["Brittle"] = 1 },
        MaterialsPerMessage = 64,
    };

    /// <summary>Fragile with a message per material (its workers at <c>Prefetch = 16</c>: the "fragile-single" workers).</summary>
    public static Factory.RabbitMQ.TopologyOptions Single { get; } = Topology with { MaterialsPerMessage = 1 };
}

/// <summary>Checkout with up to 32 materials to a message, by the fault tests' caller and workers alike.</summary>
public static class Packing
{
    public const int MaterialsPerMessage = 32;

    public static Factory.RabbitMQ.TopologyOptions Topology { get; } = new() { MaterialsPerMessage = MaterialsPerMessage };
}

/// <summary>Takes 50 ms per material, four at a time in a worker: slower than any producer.</summary>
[Station(Parallelism = 4, Capacity = 50)]
public sealed partial class Linger
{
    public async System.Threading.Tasks.Task<Receipt> ProcessAsync(Order input, System.Threading.CancellationToken cancellationToken)
    {
        await System.Threading.Tasks.Task.Delay(50, cancellationToken);
        return new Receipt(input.Number, "late");
    }
}

[Line]
[Distributed<CheckoutJson>]
[Step<Linger>]
public sealed partial class Slow;

/// <summary>How Slow's queue is bounded, by its caller and workers alike.</summary>
public static class Sluggish
{
    public const int QueueLength = 100;

    public static Factory.RabbitMQ.TopologyOptions Topology { get; } = new() { QueueLength = QueueLength };
}
