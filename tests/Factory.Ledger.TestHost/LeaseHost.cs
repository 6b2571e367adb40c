using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger.Relational;

namespace Factory.Ledger.TestHost;

/// <summary>
/// <c>TestHost lease LEDGER RUN_ID SIDE_FILE COUNT DELAY_MS LEASE_MS [GO_FILE]</c>: the crash run
/// (<see cref="CrashLine"/>) with a lease of LEASE_MS. With GO_FILE it prints "ready" and waits for
/// that file before it starts, so two hosts can start at the same moment. A start the ledger refuses
/// prints the refusal to stderr and exits 3; a completed run exits 0.
/// </summary>
public static class LeaseHost
{
    public const string Mode = "lease";

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length is not (7 or 8))
        {
            Console.Error.WriteLine("usage: TestHost lease LEDGER RUN_ID SIDE_FILE COUNT DELAY_MS LEASE_MS [GO_FILE]");
            return 2;
        }

        int count = int.Parse(args[4], CultureInfo.InvariantCulture);
        int delay = int.Parse(args[5], CultureInfo.InvariantCulture);
        var lease = TimeSpan.FromMilliseconds(int.Parse(args[6], CultureInfo.InvariantCulture));
        if (args.Length == 8)
        {
            Console.WriteLine("ready");
            while (!File.Exists(args[7]))
            {
                await Task.Delay(5);
            }
        }

        using var side = new SideFile(args[3]);
        var line = new CrashLine(new Fan(), new Work(side, delay), new Pack(2 * delay));
        await using RelationalLedger ledger = LedgerArgument.Open(args[1], lease);
        var options = new RunOptions
        {
            RunId = args[2],
            Job = new JobOrder("crash-job", "crash-tenant"),
            Observers = [ledger.Observe(new LedgerObserveOptions { Actor = "test-host" })],
        };
        long outputs = 0;
        try
        {
            await foreach (Worked _ in line.RunAsync(Enumerable.Range(0, count).Select(i => new Job(i)), options))
            {
                outputs++;
            }
        }
        catch (LedgerException refused)
        {
            Console.Error.WriteLine(refused.Message);
            return 3;
        }

        Console.WriteLine($"done: {outputs} outputs");
        return 0;
    }
}
