using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory;
using Factory.Ledger;
using Factory.Ledger.Relational;

namespace Factory.Ledger.TestHost;

/// <summary>
/// One of many processes writing one ledger at once: <c>TestHost writers LEDGER RUN_ID COUNT ROLE GO_FILE</c> (LEDGER: see <see cref="LedgerArgument"/>).
/// ROLE <c>run</c> records run RUN_ID of <see cref="ManyLine"/> over COUNT jobs; <c>join</c> processes the
/// same jobs as a worker of run RUN_ID that another process holds (<see cref="LedgerObserveOptions.Join"/>);
/// <c>hold</c> starts run RUN_ID with no jobs, prints "holding" once the ledger has it, and ends it once
/// GO_FILE exists. The others print "ready" and start once GO_FILE exists, so all start at the same moment.
/// A completed run prints "done: N outputs, R retries" (batches the writer wrote again after a transient
/// error) and exits 0; a failed one prints the error to stderr and exits 3.
/// </summary>
public static class WritersHost
{
    public const string Mode = "writers";

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length != 6 || args[4] is not ("run" or "join" or "hold"))
        {
            Console.Error.WriteLine("usage: TestHost writers LEDGER RUN_ID COUNT run|join|hold GO_FILE");
            return 2;
        }

        string runId = args[2];
        int count = int.Parse(args[3], CultureInfo.InvariantCulture);
        string role = args[4];
        string go = args[5];
        await using RelationalLedger ledger = LedgerArgument.Open(args[1]);
        var options = new RunOptions
        {
            RunId = runId,
            Job = new JobOrder("many-job", "many-tenant"),
            Observers = [ledger.Observe(new LedgerObserveOptions { Actor = "test-host", Join = role == "join" })],
        };
        var line = new ManyLine(new Spread(), new Check());
        try
        {
            if (role == "hold")
            {
                await HoldAsync(ledger, line, options, go);
                Console.WriteLine("done: held");
                return 0;
            }

            Console.WriteLine("ready");
            await WaitForAsync(go);
            long outputs = 0;
            await foreach (Worked _ in line.RunAsync(Enumerable.Range(0, count).Select(i => new Job(i)), options))
            {
                outputs++;
            }

            Console.WriteLine($"done: {outputs} outputs, {ledger.Writer.Retries} retries");
            return 0;
        }
        catch (Exception exception) when (exception is LedgerException or InvalidOperationException or AggregateException)
        {
            Console.Error.WriteLine($"{exception.GetType().Name}: {exception.Message} ({ledger.Writer.Retries} retries)");
            return 3;
        }
    }

    /// <summary>Holds the run (its lease, heartbeat and end) while the workers that join it do its jobs.</summary>
    private static async Task HoldAsync(RelationalLedger ledger, ManyLine line, RunOptions options, string release)
    {
        LineRun<Job, Worked> run = line.Start(options);
        while (await ledger.GetRunAsync(options.RunId!) is not { Status: RunStatus.Running })
        {
            await Task.Delay(10);
        }

        Console.WriteLine("holding");
        await WaitForAsync(release);
        run.Input.Complete();
        await foreach (Worked _ in run.Output.ReadAllAsync())
        {
        }

        await run.Completion;
    }

    private static async Task WaitForAsync(string file)
    {
        while (!File.Exists(file))
        {
            await Task.Delay(5);
        }
    }
}

/// <summary>Every 10th job becomes two pieces, the others one.</summary>
[Station]
public sealed partial class Spread
{
    public IEnumerable<Piece> Process(Job input)
    {
        yield return new Piece(input.Id, 0);
        if (input.Id % 10 == 0)
        {
            yield return new Piece(input.Id, 1);
        }
    }
}

/// <summary>Fails pieces of jobs with id % 13 == 5 (dead letters); two workers, out of order.</summary>
[Station(Parallelism = 2, Ordered = false)]
public sealed partial class Check
{
    public Worked Process(Piece input) =>
        input.Id % 13 == 5 ? throw new InvalidOperationException($"job {input.Id} fails its check") : new Worked(input.Id, input.Index);
}

[Line]
[Step<Spread>]
[Step<Check>]
public sealed partial class ManyLine;
