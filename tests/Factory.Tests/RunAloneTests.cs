using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Tests;

/// <summary>
/// What the runtime does for an observer that suspects inputs of crashing the process: it runs them
/// alone (nothing else in a station meanwhile), turns away the ones it refuses as dead letters at
/// the entry, and notes in its flight recorder which input each worker is on.
/// </summary>
public sealed class RunAloneTests
{
    private const int Count = 60;
    private static readonly long[] Suspects = [0, 7, 8, 31, 59];

    public static TheoryData<string> Entries => ["sequence pulled by the first worker", "sequence written by a feeder", "Input written by the caller"];

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task An_input_an_observer_suspects_runs_with_nothing_else_in_a_station(string entry)
    {
        var occupancy = new Occupancy(Suspects);
        var observer = new Suspecting(Suspects);
        var options = new RunOptions { Observers = [observer] };
        IEnumerable<int> inputs = Enumerable.Range(0, Count);
        List<int> outputs = entry switch
        {
            "sequence pulled by the first worker" => await Line(occupancy).RunAsync(inputs, options).ToListAsync(),
            "sequence written by a feeder" => await new AloneFedLine(new SoloMany(occupancy), new SoloSpread(occupancy), new SoloOne(occupancy)).RunAsync(inputs, options).ToListAsync(),
            _ => (await Collect.RunToEndAsync(Line(occupancy).Start(options), inputs)).Outputs,
        };

        // Spread gives n % 3 children: 0 (filtered), 1 or 2.
        Assert.Equal(inputs.SelectMany(i => Enumerable.Repeat(i, i % 3)).Order(), outputs.Order());
        Assert.Empty(occupancy.Overlaps);
        Assert.True(occupancy.MostAtOnce > 1, "the other inputs must still run side by side");
        Assert.True(observer.Flight.Clears >= Suspects.Length, $"the line drained {observer.Flight.Clears} times; every input that runs alone waits for a drain");
    }

    [Fact]
    public async Task An_input_an_observer_refuses_becomes_a_dead_letter_at_the_entry_and_the_run_goes_on()
    {
        var refusal = new EntryRefusal("SoloMany", "1", 3, "Factory.CrashLimit", "crashed the process 3 times (limit 3); last in station SoloMany");
        var observer = new Suspecting([], refused: 5, refusal);
        var occupancy = new Occupancy([]);
        LineRun<int, int> run = Line(occupancy).Start(new RunOptions { Observers = [observer] });
        (List<int> outputs, LineReport report) = await Collect.RunToEndAsync(run, Enumerable.Range(0, 10));

        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.DoesNotContain(5, outputs);
        Assert.DoesNotContain(5, occupancy.Seen);
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal((6L, 5L, "SoloMany", 3, "Factory.CrashLimit", 5), (letter.MaterialId, letter.Root, letter.Station, letter.Attempts, letter.ExceptionType, (int)letter.Input!));
        Assert.Equal(refusal.Message, letter.Message);
        Assert.Equal([6L], observer.Letters);
        Assert.DoesNotContain(5L, observer.Admitted);
    }

    [Fact]
    public async Task The_flight_recorder_names_the_input_each_worker_is_on_and_is_cleared_when_it_is_done()
    {
        using var open = new SemaphoreSlim(0);
        var observer = new Suspecting([]);
        LineRun<int, int> run = new HeldAloneLine(new Holding(open)).Start(new RunOptions { Observers = [observer] });
        for (int i = 0; i < 5; i++)
        {
            await run.Input.WriteAsync(10 + i);
        }

        // Holding has three workers: inputs 0-2 (values 10-12) are in it, waiting.
        while (observer.Flight.Named().Count < 3)
        {
            await Task.Delay(5);
        }

        Assert.Equal([(0L, 1L, 0), (1L, 2L, 0), (2L, 3L, 0)], observer.Flight.Named().Order());
        open.Release();
        run.Input.Complete();
        Assert.Equal(5, (await run.Output.ReadAllAsync().ToListAsync()).Count);
        await run.Completion;
        Assert.Empty(observer.Flight.Named());
        Assert.Equal(3, FlightRecorder.SlotCount(HeldAloneLine.Descriptor));
    }

    private static AloneLine Line(Occupancy occupancy) => new(new SoloOne(occupancy), new SoloTag(occupancy), new SoloSpread(occupancy), new SoloMany(occupancy));

    /// <summary>Suspects some inputs, may refuse one, and keeps a flight recorder in memory.</summary>
    private sealed class Suspecting(long[] suspects, long refused = -1, EntryRefusal? refusal = null) : RunObserver
    {
        public MemoryFlight Flight { get; } = new();

        public List<long> Letters { get; } = [];

        public List<long> Admitted { get; } = [];

        public override FlightRecorder? FlightRecorder => Flight;

        public override void RunStarting(RunInfo run) => Flight.Size(FlightRecorder.SlotCount(run.Line));

        public override bool RunsAlone(long sequence) => suspects.Contains(sequence);

        public override EntryRefusal? Refuses(long sequence) => sequence == refused ? refusal : null;

        public override void DeadLettered(DeadLetter letter)
        {
            lock (Letters)
            {
                Letters.Add(letter.MaterialId);
            }
        }

        public override void Entered(in MaterialInfo material, object? value)
        {
            lock (Admitted)
            {
                Admitted.Add(material.Root);
            }
        }
    }

    private sealed class MemoryFlight : FlightRecorder
    {
        private (long Root, long Material, int Station)[] slots = [];
        private int clears;

        public int Clears => Volatile.Read(ref clears);

        public void Size(int count) => slots = new (long, long, int)[count];

        public List<(long Root, long Material, int Station)> Named()
        {
            lock (slots)
            {
                return slots.Where(s => s.Material != 0).ToList();
            }
        }

        public override void Begin(int slot, long root, long materialId, int station)
        {
            lock (slots)
            {
                slots[slot] = (root, materialId, station);
            }
        }

        public override void End(int slot)
        {
            lock (slots)
            {
                slots[slot] = default;
            }
        }

        public override void Clear()
        {
            lock (slots)
            {
                Array.Clear(slots);
            }

            Interlocked.Increment(ref clears);
        }
    }
}

/// <summary>Which roots are in a station now; every time a suspect shares the stations with another root is an overlap.</summary>
public sealed class Occupancy(long[] suspects)
{
    private readonly Dictionary<int, int> inside = [];

    public List<string> Overlaps { get; } = [];

    public HashSet<int> Seen { get; } = [];

    public int MostAtOnce { get; private set; }

    public void Enter(int root)
    {
        lock (inside)
        {
            inside[root] = inside.GetValueOrDefault(root) + 1;
            Seen.Add(root);
            MostAtOnce = Math.Max(MostAtOnce, inside.Count);
            if (inside.Count > 1 && inside.Keys.Any(r => suspects.Contains(r)))
            {
                Overlaps.Add(string.Join(",", inside.Keys.Order()));
            }
        }
    }

    public void Leave(int root)
    {
        lock (inside)
        {
            if (--inside[root] == 0)
            {
                inside.Remove(root);
            }
        }
    }

    public async Task<int> VisitAsync(int root, int delayMs, CancellationToken cancellationToken)
    {
        Enter(root);
        try
        {
            await Task.Delay(delayMs, cancellationToken);
            return root;
        }
        finally
        {
            Leave(root);
        }
    }
}

/// <summary>One worker, a millisecond per material.</summary>
[Station]
public sealed partial class SoloOne(Occupancy occupancy)
{
    public Task<int> ProcessAsync(int input, CancellationToken cancellationToken) => occupancy.VisitAsync(input, 1, cancellationToken);
}

/// <summary>A plain synchronous station: fused into the worker before it.</summary>
[Station]
public sealed partial class SoloTag(Occupancy occupancy)
{
    public int Process(int input)
    {
        occupancy.Enter(input);
        occupancy.Leave(input);
        return input;
    }
}

/// <summary>Gives input % 3 copies of its input: none (a filter), one, or two.</summary>
[Station]
public sealed partial class SoloSpread(Occupancy occupancy)
{
    public IEnumerable<int> Process(int input)
    {
        occupancy.Enter(input);
        occupancy.Leave(input);
        return Enumerable.Repeat(input, input % 3);
    }
}

/// <summary>Four workers, two milliseconds per material.</summary>
[Station(Parallelism = 4, Ordered = false)]
public sealed partial class SoloMany(Occupancy occupancy)
{
    public Task<int> ProcessAsync(int input, CancellationToken cancellationToken) => occupancy.VisitAsync(input, 2, cancellationToken);
}

/// <summary>Three workers that wait for the semaphore.</summary>
[Station(Parallelism = 3)]
public sealed partial class Holding(SemaphoreSlim open)
{
    public async Task<int> ProcessAsync(int input, CancellationToken cancellationToken)
    {
        await open.WaitAsync(cancellationToken);
        open.Release();
        return input;
    }
}

[Line]
[Step<SoloOne>]
[Step<SoloTag>]
[Step<SoloSpread>]
[Step<SoloMany>]
public sealed partial class AloneLine;

[Line]
[Step<SoloMany>]
[Step<SoloSpread>]
[Step<SoloOne>]
public sealed partial class AloneFedLine;

[Line]
[Step<Holding>]
public sealed partial class HeldAloneLine;
