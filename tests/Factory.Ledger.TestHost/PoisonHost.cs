using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Relational;

namespace Factory.Ledger.TestHost;

/// <summary>
/// <c>TestHost poison LEDGER RUN_ID OUT_FILE COUNT POISON LEASE_MS</c>: COUNT jobs through
/// <see cref="PoisonLine"/>, whose four Inspect workers kill the process with
/// <c>Environment.FailFast</c> on job POISON, every time it reaches them. Each output's id is
/// appended to OUT_FILE as the loop takes it. Exit 0 when the run completes.
/// </summary>
public static class PoisonHost
{
    public const string Mode = "poison";

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 7)
        {
            Console.Error.WriteLine("usage: TestHost poison LEDGER RUN_ID OUT_FILE COUNT POISON LEASE_MS");
            return 2;
        }

        int count = int.Parse(args[4], CultureInfo.InvariantCulture);
        int poison = int.Parse(args[5], CultureInfo.InvariantCulture);
        var lease = TimeSpan.FromMilliseconds(int.Parse(args[6], CultureInfo.InvariantCulture));
        using var outputs = new SideFile(args[3]);
        var line = new PoisonLine(new Inspect(poison), new Seal());
        await using RelationalLedger ledger = LedgerArgument.Open(args[1], lease);
        var options = new RunOptions
        {
            RunId = args[2],
            Job = new JobOrder("poison-job", "poison-tenant"),
            Observers = [ledger.Observe(new LedgerObserveOptions { Actor = "test-host" })],
        };
        long taken = 0;
        await foreach (Worked output in line.RunAsync(Enumerable.Range(0, count).Select(i => new Job(i)), options))
        {
            outputs.Append(output.Id, 0);
            taken++;
        }

        Console.WriteLine($"done: {taken} outputs");
        return 0;
    }
}

/// <summary>Four workers, each a little while on a job, so the poison is never alone in the line by chance.</summary>
[Station(Parallelism = 4, Ordered = false)]
public sealed partial class Inspect(int poison)
{
    public async Task<Worked> ProcessAsync(Job input, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        if (input.Id == poison)
        {
            Environment.FailFast($"poison input {input.Id}");
        }

        return new Worked(input.Id, 0);
    }
}

/// <summary>A plain last station behind a belt: materials wait here while Inspect works.</summary>
[Station]
public sealed partial class Seal
{
    public Worked Process(Worked input) => input;
}

[Line]
[Step<Inspect>]
[Step<Seal>]
public sealed partial class PoisonLine;
