using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading.Tasks;

namespace Factory.Ledger.Postgres.Tests;

public sealed record Order(int Id, string Text);

public sealed record Checked(int Id, string Text);

public sealed record Shipped(int Id, string Text);

public sealed record Part(int OrderId, int Index, string Text);

/// <summary>The metadata the ledger keeps dead letters' inputs with.</summary>
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Checked))]
internal sealed partial class LedgerJson : JsonSerializerContext;

/// <summary>What stations processed: shared by the stations of one test.</summary>
public sealed class Journal
{
    public ConcurrentQueue<(string Station, long Material)> Entries { get; } = new();

    public void Add(StationContext context) => Entries.Enqueue((context.Station.Name, context.MaterialId));
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

/// <summary>Splits an order into Id % 3 parts.</summary>
[Station]
public sealed partial class Explode
{
    public IEnumerable<Part> Process(Order input)
    {
        for (int i = 0; i < input.Id % 3; i++)
        {
            yield return new Part(input.Id, i, input.Text);
        }
    }
}

/// <summary>Puts an order's parts back together.</summary>
[Station]
public sealed partial class Assemble
{
    public Shipped Process(Gathered<Part> input) => new((int)(input.ParentId - 1), $"{input.Items.Count} of {input.Expected}");
}

/// <summary>Orders from <c>freeBelow</c> on wait until the gate opens; every call is journaled.</summary>
[Station(Parallelism = 4, Ordered = false)]
public sealed partial class Held(Journal journal, TaskCompletionSource gate, int freeBelow = int.MaxValue)
{
    public async Task<Checked> ProcessAsync(Order input, StationContext context, System.Threading.CancellationToken cancellationToken)
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
[Step<Explode>]
[Step<Assemble>]
public sealed partial class AssemblyLine;

[Line]
[Step<Held>]
[Step<Ship>]
public sealed partial class HeldLine;
