using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>x + 1.</summary>
[Station]
public sealed partial class Increment
{
    public long Process(long input) => input + 1;
}

/// <summary>x * 2.</summary>
[Station]
public sealed partial class Doubling
{
    public long Process(long input) => input * 2;
}

/// <summary>x ^ 0x55555555.</summary>
[Station]
public sealed partial class Masking
{
    public long Process(long input) => input ^ 0x5555_5555;
}

/// <summary>S1's three trivial stations: what a material costs here is what the ledger costs.</summary>
[Line]
[Step<Increment>]
[Step<Doubling>]
[Step<Masking>]
public sealed partial class NumberLine;

/// <summary>The inputs' metadata: their hash is taken over this JSON.</summary>
[JsonSerializable(typeof(long))]
internal sealed partial class NumberJson : JsonSerializerContext;

/// <summary>
/// What recording a material costs in memory, at <see cref="ProvenanceLevel.Full"/>: bytes are
/// deterministic enough to test, time is not. Every thread's allocations count (the writer's too),
/// and a small run's are subtracted from a large one's, on the same warm ledger, so what is left is
/// the cost of the extra materials alone. Each ledger's class is alone in the
/// <see cref="AllocationBudget"/> collection: no other test allocates meanwhile.
/// </summary>
public abstract class AllocationBudgetContract(LedgerFixture fixture, ITestOutputHelper output)
{
    private const int Small = 1_000;
    private const int Large = 21_000;

    // Issue 14's budget is 2 KiB per material; today it is about 200 bytes (the input's boxed value
    // and its hash's text). The margin is for what a busy machine adds (a longer backlog, timers).
    private const double Budget = 2_048;

    private readonly NumberLine line = new(new Increment(), new Doubling(), new Masking());

    [Fact]
    public async Task Recording_a_material_at_full_provenance_allocates_at_most_2_KiB()
    {
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Inputs = NumberJson.Default, Provenance = ProvenanceLevel.Full });

        // Warm: the JIT, the writer's statements and buffers, the queue's segments.
        await RunAsync(temp.Ledger, "warm-up", Large);

        long small = long.MaxValue;
        long large = long.MaxValue;
        for (int i = 0; i < 2; i++)
        {
            small = Math.Min(small, await AllocatedAsync(temp.Ledger, $"small-{i}", Small));
            large = Math.Min(large, await AllocatedAsync(temp.Ledger, $"large-{i}", Large));
        }

        double perMaterial = (double)(large - small) / (Large - Small);
        output.WriteLine($"small run {small} B, large run {large} B, {perMaterial:0} B per material");
        Assert.True(perMaterial <= Budget, $"Recording a material at Full allocated {perMaterial:0} bytes; the budget is {Budget:0}.");

        // And it was all recorded: one input and one material row with their outcomes, three attempts.
        Assert.Equal(Large, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'large-1' AND outcome = 'delivered' AND entries = 1"));
        Assert.Equal(Large, temp.Scalar("SELECT count(*) FROM materials WHERE run_id = 'large-1' AND outcome = 'delivered' AND input_hash IS NOT NULL"));
        Assert.Equal(3 * Large, temp.Scalar("SELECT count(*) FROM executions WHERE run_id = 'large-1' AND outcome = 'succeeded'"));
    }

    [Fact]
    public async Task An_input_hash_is_the_SHA_256_of_its_JSON_through_the_resolver()
    {
        await using TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Inputs = NumberJson.Default, Provenance = ProvenanceLevel.Full });

        await RunAsync(temp.Ledger, "hashes", 300);

        var inputs = await temp.Ledger.ListInputsAsync("hashes");
        Assert.Equal(300, inputs.Count);
        Assert.All(inputs, input => Assert.Equal(
            Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(input.Sequence, NumberJson.Default.Int64))),
            input.InputHash));
        var materials = await temp.Ledger.ListMaterialsAsync("hashes");
        Assert.All(materials, material => Assert.Equal(inputs[(int)material.Root].InputHash, material.InputHash));
    }

    private async Task<long> AllocatedAsync(ILedger ledger, string runId, int count)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await RunAsync(ledger, runId, count);
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private async Task RunAsync(ILedger ledger, string runId, int count)
    {
        var options = new RunOptions { RunId = runId, Observers = [ledger.Observe()] };
        long sum = 0;
        await foreach (long value in line.RunAsync(Enumerable.Range(0, count).Select(i => (long)i), options))
        {
            sum += value;
        }

        Assert.Equal(Enumerable.Range(0, count).Sum(i => ((i + 1L) * 2) ^ 0x5555_5555), sum);
    }
}

/// <summary>Runs each ledger's allocation budget alone: bytes allocated by other tests would count.</summary>
[CollectionDefinition(nameof(AllocationBudget), DisableParallelization = true)]
public sealed class AllocationBudget;
