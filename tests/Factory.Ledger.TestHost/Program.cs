using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.Ledger;
using Factory.Ledger.Relational;

namespace Factory.Ledger.TestHost;

/// <summary>
/// A run the crash test kills with SIGKILL and starts again:
/// <c>TestHost LEDGER RUN_ID SIDE_FILE COUNT DELAY_MS</c> (LEDGER: see <see cref="LedgerArgument"/>). Every 5th input splits in two; Work sleeps
/// DELAY_MS and appends "root,material" to SIDE_FILE for every material it processes (the test's
/// proof of what ran twice); inputs with id % 7 == 3 fail (dead letters); Pack sleeps twice as long,
/// so processed materials queue in front of it. Exit 0 when the run completes. Its lease lasts 2 s
/// (a restart after a kill takes over at once anyway: the holder's process is gone). A first argument naming a mode runs that mode
/// instead (<see cref="DeliverMode"/>, <see cref="LeaseHost"/>, <see cref="PoisonHost"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "deliver")
        {
            return await DeliverMode.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == LeaseHost.Mode)
        {
            return await LeaseHost.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == WritersHost.Mode)
        {
            return await WritersHost.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == GateHost.Mode)
        {
            return await GateHost.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == PoisonHost.Mode)
        {
            return await PoisonHost.RunAsync(args);
        }

        if (args.Length != 5)
        {
            Console.Error.WriteLine("usage: TestHost LEDGER RUN_ID SIDE_FILE COUNT DELAY_MS");
            return 2;
        }

        string ledgerArgument = args[0];
        string runId = args[1];
        int count = int.Parse(args[3], CultureInfo.InvariantCulture);
        using var side = new SideFile(args[2]);
        int delay = int.Parse(args[4], CultureInfo.InvariantCulture);
        var line = new CrashLine(new Fan(), new Work(side, delay), new Pack(2 * delay));
        await using RelationalLedger ledger = LedgerArgument.Open(ledgerArgument, TimeSpan.FromSeconds(2));
        var options = new RunOptions
        {
            RunId = runId,
            Job = new JobOrder("crash-job", "crash-tenant"),
            Observers = [ledger.Observe(new LedgerObserveOptions { Actor = "test-host" })],
        };
        long outputs = 0;
        await foreach (Worked _ in line.RunAsync(Enumerable.Range(0, count).Select(i => new Job(i)), options))
        {
            outputs++;
        }

        Console.WriteLine($"done: {outputs} outputs");
        return 0;
    }
}

public sealed record Job(int Id);

public sealed record Piece(int Id, int Index);

public sealed record Worked(int Id, int Index);

[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(Piece))]
internal sealed partial class HostJson : JsonSerializerContext;

/// <summary>Every 5th job becomes two pieces, the others one.</summary>
[Station]
public sealed partial class Fan
{
    public IEnumerable<Piece> Process(Job input)
    {
        yield return new Piece(input.Id, 0);
        if (input.Id % 5 == 0)
        {
            yield return new Piece(input.Id, 1);
        }
    }
}

/// <summary>The slow station: records each material it processes, then fails jobs with id % 7 == 3.</summary>
[Station(Parallelism = 2, Ordered = false)]
public sealed partial class Work(SideFile side, int delayMs)
{
    public async Task<Worked> ProcessAsync(Piece input, StationContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
        side.Append(input.Id, context.MaterialId);
        return input.Id % 7 == 3 ? throw new InvalidOperationException($"job {input.Id} fails") : new Worked(input.Id, input.Index);
    }
}

/// <summary>Slower than Work, so materials Work has processed wait here, in flight, when the process is killed.</summary>
[Station(Parallelism = 2, Ordered = false)]
public sealed partial class Pack(int delayMs)
{
    public async Task<Worked> ProcessAsync(Worked input, CancellationToken cancellationToken)
    {
        await Task.Delay(delayMs, cancellationToken).ConfigureAwait(false);
        return input;
    }
}

[Line]
[Step<Fan>]
[Step<Work>]
[Step<Pack>]
public sealed partial class CrashLine;

/// <summary>Appends "root,material" lines, each written through to the OS before the station returns.</summary>
public sealed class SideFile(string path) : IDisposable
{
    private readonly FileStream stream = new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    private readonly Lock gate = new();

    public void Append(int root, long material)
    {
        byte[] line = System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{root},{material}\n"));
        lock (gate)
        {
            stream.Write(line);
            stream.Flush();
        }
    }

    /// <summary>Appends "what,id,amount": the gate test's record of what its stations did.</summary>
    public void Append(string what, long id, decimal amount)
    {
        byte[] line = System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{what},{id},{amount}\n"));
        lock (gate)
        {
            stream.Write(line);
            stream.Flush();
        }
    }

    public void Dispose() => stream.Dispose();
}
