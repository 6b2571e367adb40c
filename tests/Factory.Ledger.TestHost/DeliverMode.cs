using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.Ledger;
using Factory.Ledger.Relational;

namespace Factory.Ledger.TestHost;

/// <summary>
/// A run whose consumer the delivery test kills with SIGKILL and starts again:
/// <c>TestHost deliver LEDGER RUN_ID SIDE_FILE COUNT</c>. The line is quick, so outputs wait on the exit
/// in batches; the <c>RunAsync</c> loop is slow, as a consumer with real work is. For each output it
/// first commits the ledger (the delivery of the output before, recorded when the loop asked for
/// this one), then appends the output's id to SIDE_FILE as a fixed-width line, written through to the
/// OS, before it asks for the next. So after a kill the side file holds every output the ledger says
/// was delivered, and at most its last line (the output in hand) is made again. Exit 0 when the run
/// completes.
/// </summary>
public static class DeliverMode
{
    /// <summary>Characters in one side-file line: the id, zero-padded, and a newline.</summary>
    public const int LineLength = 7;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: TestHost deliver LEDGER RUN_ID SIDE_FILE COUNT");
            return 2;
        }

                string runId = args[1];
        int count = int.Parse(args[3], CultureInfo.InvariantCulture);
        await using var side = new FileStream(args[2], FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await using RelationalLedger ledger = LedgerArgument.Open(args[0]);
        var options = new RunOptions
        {
            RunId = runId,
            Job = new JobOrder("deliver-job", "deliver-tenant"),
            Observers = [ledger.Observe(new LedgerObserveOptions { Actor = "test-host" })],
        };
        var line = new DeliverLine(new Weigh(), new Label());
        long outputs = 0;
        await foreach (Labelled labelled in line.RunAsync(Enumerable.Range(0, count).Select(i => new Job(i)), options))
        {
            await ledger.FlushAsync();
            side.Write(Encoding.ASCII.GetBytes(labelled.Id.ToString("D6", CultureInfo.InvariantCulture) + "\n"));
            side.Flush();
            outputs++;
        }

        Console.WriteLine($"done: {outputs} outputs");
        return 0;
    }
}

public sealed record Weighed(int Id, int Grams);

public sealed record Labelled(int Id, string Text);

[Station]
public sealed partial class Weigh
{
    public Weighed Process(Job input) => new(input.Id, (input.Id * 37) % 1000);
}

/// <summary>Two workers, out of order: outputs leave the line in no fixed order.</summary>
[Station(Parallelism = 2, Ordered = false)]
public sealed partial class Label
{
    public async Task<Labelled> ProcessAsync(Weighed input, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return new Labelled(input.Id, string.Create(CultureInfo.InvariantCulture, $"{input.Id}: {input.Grams} g"));
    }
}

[Line]
[Step<Weigh>]
[Step<Label>]
public sealed partial class DeliverLine;
