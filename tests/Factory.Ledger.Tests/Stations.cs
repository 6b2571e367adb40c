using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Tests;

public sealed record Order(int Id, string Text);

public sealed record Checked(int Id, string Text);

public sealed record Shipped(int Id, string Text);

public sealed record Part(int OrderId, int Index, string Text);

public abstract record Sorted(Order Order);

public sealed record Keep(Order Order) : Sorted(Order);

public sealed record Drop(Order Order) : Sorted(Order);

/// <summary>The metadata the ledger stores dead letters' inputs with. <see cref="Shipped"/> is left out on purpose.</summary>
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Checked))]
[JsonSerializable(typeof(Part))]
internal sealed partial class LedgerJson : JsonSerializerContext;

/// <summary>Only <see cref="Checked"/>: orders are not in it.</summary>
[JsonSerializable(typeof(Checked))]
internal sealed partial class CheckedOnlyJson : JsonSerializerContext;

/// <summary>What stations processed, by job and material: shared by the stations of one test.</summary>
public sealed class Journal
{
    public ConcurrentQueue<(string Job, string Station, long Material)> Entries { get; } = new();

    public void Add(StationContext context) => Entries.Enqueue((context.Job.Id, context.Station.Name, context.MaterialId));
}

/// <summary>Fails (twice: two attempts) on orders whose text contains "bad".</summary>
[Station(MaxAttempts = 2, BackoffMs = 1)]
public sealed partial class Receive(Journal journal)
{
    public Checked Process(Order input, StationContext context)
    {
        journal.Add(context);
        return input.Text.Contains("bad", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"order {input.Id} is bad: {input.Text}")
            : new Checked(input.Id, input.Text);
    }
}

/// <summary>Version 2 of <see cref="Receive"/>: takes bad orders too.</summary>
[Station(Name = "Receive", Version = "2")]
public sealed partial class ReceiveV2(Journal journal)
{
    public Checked Process(Order input, StationContext context)
    {
        journal.Add(context);
        return new Checked(input.Id, input.Text.Replace("bad", "fixed", StringComparison.Ordinal));
    }
}

/// <summary>Like <see cref="ReceiveV2"/>, but an order whose text says "hold" waits until its run is cancelled.</summary>
[Station]
public sealed partial class HeldReceive(Journal journal)
{
    public async Task<Checked> Process(Order input, StationContext context)
    {
        journal.Add(context);
        if (input.Text.Contains("hold", StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        return new Checked(input.Id, input.Text.Replace("bad", "fixed", StringComparison.Ordinal));
    }
}

/// <summary>Fails on orders whose text contains "late": those dead letters hold a <see cref="Checked"/>.</summary>
[Station]
public sealed partial class Ship(Journal journal)
{
    public Shipped Process(Checked input, StationContext context)
    {
        journal.Add(context);
        return input.Text.Contains("late", StringComparison.Ordinal)
            ? throw new TimeoutException($"order {input.Id} missed the truck")
            : new Shipped(input.Id, input.Text);
    }
}

/// <summary>Uses the job's secret; an order whose text contains "leak" makes it fail with the secret in the message.</summary>
[Station]
public sealed partial class UseKey
{
    public Order Process(Order input, StationContext context)
    {
        string key = context.Job.Secrets.Get("api-key");
        return input.Text.Contains("leak", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"the service refused key {key} for {input.Text}")
            : input;
    }
}

/// <summary>Splits an order into Id % 4 parts (0 to 3).</summary>
[Station]
public sealed partial class Explode
{
    public IEnumerable<Part> Process(Order input)
    {
        for (int i = 0; i < input.Id % 4; i++)
        {
            yield return new Part(input.Id, i, input.Text);
        }
    }
}

/// <summary>Fails part 1 of orders with "bad", and every part of orders with "allbad"; two workers, out of order.</summary>
[Station(Parallelism = 2, Ordered = false)]
public sealed partial class Polish
{
    public async Task<Part> ProcessAsync(Part input, CancellationToken cancellationToken)
    {
        await Task.Delay(input.Index, cancellationToken);
        bool fails = input.Text.Contains("allbad", StringComparison.Ordinal) || (input.Text.Contains("bad", StringComparison.Ordinal) && input.Index == 1);
        return fails ? throw new InvalidOperationException($"part {input.Index} of order {input.OrderId} cracked") : input;
    }
}

/// <summary>Puts an order's parts back together.</summary>
[Station]
public sealed partial class Assemble
{
    public Shipped Process(Gathered<Part> input) => new((int)(input.ParentId - 1), $"{input.Items.Count} of {input.Expected}");
}

/// <summary>Keeps orders with even ids, drops the others.</summary>
[Station]
public sealed partial class Sort
{
    public Sorted Process(Order input) => input.Id % 2 == 0 ? new Keep(input) : new Drop(input);
}

[Station]
public sealed partial class KeepIt
{
    public Shipped Process(Keep input) => new(input.Order.Id, input.Order.Text);
}

/// <summary>Waits, then stamps the order with the job's tenant; fails on "bad".</summary>
[Station(Parallelism = 2)]
public sealed partial class Stamp(int delayMs)
{
    public async Task<Shipped> ProcessAsync(Order input, StationContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(delayMs, cancellationToken);
        return input.Text.Contains("bad", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"bad order {input.Id} for {context.Job.Tenant}")
            : new Shipped(input.Id, $"{context.Job.Tenant}:{context.Job.Id}:{input.Text}");
    }
}

/// <summary>A station that can be held: orders from <c>freeBelow</c> on wait until the gate opens; every call records its material.</summary>
[Station(Parallelism = 4, Ordered = false)]
public sealed partial class Held(Journal journal, TaskCompletionSource gate, int freeBelow = int.MaxValue)
{
    public async Task<Checked> ProcessAsync(Order input, StationContext context, CancellationToken cancellationToken)
    {
        if (input.Id >= freeBelow)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        journal.Add(context);
        return new Checked(input.Id, input.Text);
    }
}

[Line]
[Step<Receive>]
[Step<Ship>]
public sealed partial class OrderLine;

[Line]
[Step<ReceiveV2>]
[Step<Ship>]
public sealed partial class OrderLineV2;

[Line]
[Step<HeldReceive>]
[Step<Ship>]
public sealed partial class HeldOrderLine;

[Line]
[Step<UseKey>]
[Step<Receive>]
public sealed partial class KeyLine;

[Line]
[Step<Explode>]
[Step<Polish>]
[Step<Assemble>]
public sealed partial class AssemblyLine;

[Line]
[Step<Explode>]
[Step<Polish>]
public sealed partial class ExplodeLine;

[Line]
[Step<Sort>]
[Route<Keep, KeepIt>]
[Route<Drop, Discard>]
public sealed partial class SortLine;

[Line]
[Step<Stamp>]
public sealed partial class StampLine;

[Line]
[Step<Held>]
[Step<Ship>]
public sealed partial class HeldLine;
