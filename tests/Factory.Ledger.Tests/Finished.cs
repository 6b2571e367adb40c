using System.Collections.Concurrent;

namespace Factory.Ledger.Tests;

/// <summary>The last station: notes the order as really finished (in memory, outside the ledger), then passes it on.</summary>
[Station(Parallelism = 2)]
public sealed partial class Finish(ConcurrentDictionary<int, bool> finished)
{
    public Checked Process(Checked input)
    {
        finished[input.Id] = true;
        return input;
    }
}

/// <summary>Receive (fails orders with "bad" twice: dead letters), then <see cref="Finish"/>.</summary>
[Line]
[Step<Receive>]
[Step<Finish>]
public sealed partial class FinishLine;
