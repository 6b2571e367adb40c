using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory.Tests.Stations;
using Xunit;

namespace Factory.Tests;

/// <summary>
/// A plain call's fast path (no one listening: no span, clock or record) gives what the full path
/// gives: the same outputs, retries per MaxAttempts, dead letters naming their station, counts per
/// station, and a context naming the material; with an observer, which takes the full path, every attempt is recorded.
/// </summary>
public sealed class FastPathTests
{
    private static readonly int[] Inputs = Enumerable.Range(0, 100).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_line_of_plain_stations_retries_dead_letters_and_counts_alike_whether_anyone_listens_or_not(bool observed)
    {
        var observer = new Executions();
        var line = new FastPathLine(new RetriedFirst(), new FusedFailing(), new FusedContextReader());

        var (outputs, report) = await Collect.RunToEndAsync(observed ? line.Start(new RunOptions { Observers = [observer] }) : line.Start(), Inputs);

        // 7 is dead-lettered by the first station after 3 attempts; the multiples of 11 by the fused one, after 1.
        int[] multiplesOf11 = Inputs.Where(i => i % 11 == 0).ToArray();
        Assert.Equal(Inputs.Where(i => i != 7 && i % 11 != 0), outputs.Order());
        Assert.Equal(
            new[] { (7L, nameof(RetriedFirst), 3) }.Concat(multiplesOf11.Select(i => ((long)i, nameof(FusedFailing), 1))).Order(),
            report.DeadLetters.Select(d => (d.Input is int i ? (long)i : -1, d.Station, d.Attempts)).Order());
        Assert.All(report.DeadLetters, d => Assert.Equal(typeof(System.InvalidOperationException).FullName, d.ExceptionType));

        // Retries: two for each multiple of 5 (all pass the third attempt), two for 7.
        long retries = (2 * Inputs.Count(i => i % 5 == 0)) + 2;
        Assert.Equal(
            new[] { (100L, 99L, 1L, retries), (99L, 99L - multiplesOf11.Length, multiplesOf11.Length, 0L), (89L, 89L, 0L, 0L) },
            report.Stations.Select(s => (s.In, s.Out, s.DeadLettered, s.Retries)));
        if (observed)
        {
            // Every attempt of every station: 100 materials and the retries at the first, 99 and 89 at the fused ones.
            Dictionary<string, int> attempts = observer.Seen.GroupBy(e => e.Station.Path).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(100 + (int)retries, attempts[nameof(RetriedFirst)]);
            Assert.Equal(99, attempts[nameof(FusedFailing)]);
            Assert.Equal(89, attempts[nameof(FusedContextReader)]);
            Assert.Equal(multiplesOf11.Length, observer.Seen.Count(e => e.Station.Path == nameof(FusedFailing) && e.Outcome == ExecutionOutcome.Failed));
        }
        else
        {
            Assert.Empty(observer.Seen);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Function_stations_mapped_directly_dead_letter_and_count_alike_whether_anyone_listens_or_not(bool observed)
    {
        // The first two stations are functions of their input (mapped directly while no one listens: the
        // first by its worker, the second fused into it); the third reads its context, so it is not.
        var observer = new Executions();
        var line = new FunctionLine(new FunctionFailing(), new FusedFailing(), new FusedContextReader());

        var (outputs, report) = await Collect.RunToEndAsync(observed ? line.Start(new RunOptions { Observers = [observer] }) : line.Start(), Inputs);

        int[] multiplesOf13 = Inputs.Where(i => i % 13 == 0).ToArray();
        int[] multiplesOf11 = Inputs.Where(i => i % 11 == 0 && i % 13 != 0).ToArray();
        Assert.Equal(Inputs.Where(i => i % 13 != 0 && i % 11 != 0), outputs.Order());
        Assert.Equal(
            multiplesOf13.Select(i => ((long)i, nameof(FunctionFailing), 1)).Concat(multiplesOf11.Select(i => ((long)i, nameof(FusedFailing), 1))).Order(),
            report.DeadLetters.Select(d => (d.Input is int i ? (long)i : -1, d.Station, d.Attempts)).Order());
        Assert.All(report.DeadLetters, d => Assert.Equal(typeof(System.InvalidOperationException).FullName, d.ExceptionType));
        long first = 100 - multiplesOf13.Length;
        long second = first - multiplesOf11.Length;
        Assert.Equal(
            new[] { (100L, first, (long)multiplesOf13.Length), (first, second, (long)multiplesOf11.Length), (second, second, 0L) },
            report.Stations.Select(s => (s.In, s.Out, s.DeadLettered)));
        Assert.Equal(observed ? 100 + first + second : 0, observer.Seen.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_chain_of_functions_mapping_a_take_at_a_time_dead_letters_and_counts_alike_whether_anyone_listens_or_not(bool observed)
    {
        // The first two stations are functions: once the worker has found them quick, it maps each take a
        // station at a time while no one listens (MappedTake), and a material one of them fails leaves the
        // take. The third, on a worker of its own, checks each material still is its input's.
        int[] inputs = Enumerable.Range(0, 5_000).ToArray();
        var observer = new Executions();
        var line = new FunctionChainLine(new FunctionFailing(), new FusedFailing(), new SequenceChecker());

        var (outputs, report) = await Collect.RunToEndAsync(observed ? line.Start(new RunOptions { Observers = [observer] }) : line.Start(), inputs);

        int[] multiplesOf13 = inputs.Where(i => i % 13 == 0).ToArray();
        int[] multiplesOf11 = inputs.Where(i => i % 11 == 0 && i % 13 != 0).ToArray();
        Assert.Equal(inputs.Where(i => i % 13 != 0 && i % 11 != 0), outputs.Order());
        Assert.Equal(
            multiplesOf13.Select(i => ((long)i, nameof(FunctionFailing), 1)).Concat(multiplesOf11.Select(i => ((long)i, nameof(FusedFailing), 1))).Order(),
            report.DeadLetters.Select(d => (d.Input is int i ? (long)i : -1, d.Station, d.Attempts)).Order());
        long first = inputs.Length - multiplesOf13.Length;
        long second = first - multiplesOf11.Length;
        Assert.Equal(
            new[] { ((long)inputs.Length, first, (long)multiplesOf13.Length), (first, second, (long)multiplesOf11.Length), (second, second, 0L) },
            report.Stations.Select(s => (s.In, s.Out, s.DeadLettered)));
        Assert.Equal(observed ? inputs.Length + first + second : 0, observer.Seen.Count);
    }

    private sealed class Executions : RunObserver
    {
        public ConcurrentQueue<StationExecution> Seen { get; } = [];

        public override void Executed(in StationExecution execution) => Seen.Enqueue(execution);
    }
}
