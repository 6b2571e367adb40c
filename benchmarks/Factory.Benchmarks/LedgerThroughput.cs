using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Factory.Ledger;
using Factory.Ledger.Sqlite;

namespace Factory.Benchmarks;

/// <summary>
/// The embedded ledger's throughput: S1's three-station line with a <see cref="SqliteLedger"/>
/// observing the run, at each provenance level. One invocation is one whole run into a fresh
/// ledger file, timed until <c>RunAsync</c> ends — which is after the run's end has waited for the
/// writer, so every row is committed (WAL, <c>synchronous=FULL</c> for outcome batches). At
/// <see cref="ProvenanceLevel.Full"/> each material costs an input row, a material row, three
/// attempt rows, its delivery and its input's outcome, plus the SHA-256 of its JSON. The same line
/// without a ledger runs in the same run as the baseline.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Ledger")]
[Config(typeof(Columns))]
public class LedgerThroughput
{
    private readonly Linear3 line = new(new AddOne(), new Twice(), new Mask());
    private int count;
    private long expected;
    private string folder = string.Empty;
    private SqliteLedger ledger = null!;

    [Params(ProvenanceLevel.Full, ProvenanceLevel.Summary, ProvenanceLevel.None)]
    public ProvenanceLevel Provenance { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        count = LedgerMaterialsAttribute.Count;
        expected = Expected.Linear3(count);
    }

    [IterationSetup(Target = nameof(LineWithLedger))]
    public void OpenLedger()
    {
        folder = Path.Combine(Path.GetTempPath(), "factory-ledger-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        ledger = new SqliteLedger(Path.Combine(folder, "ledger.db"), new SqliteLedgerOptions { Inputs = BenchJson.Default, Provenance = Provenance });
    }

    [IterationCleanup(Target = nameof(LineWithLedger))]
    public void CloseLedger()
    {
        ledger.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>S1's line with no observer: what the ledger's cost is measured against.</summary>
    [LedgerMaterials(Baseline = true, Description = "Factory line, no ledger")]
    public async Task<long> LineWithoutLedger()
    {
        long sum = 0;
        await foreach (long value in line.RunAsync(Enumerable.Range(0, count).Select(i => (long)i), new RunOptions { RunId = "bench" }).ConfigureAwait(false))
        {
            sum += value;
        }

        Expected.Check(expected, sum, nameof(LineWithoutLedger));
        return sum;
    }

    /// <summary>S1's line, every material recorded.</summary>
    [LedgerMaterials(Description = "Factory line + SQLite ledger")]
    public async Task<long> LineWithLedger()
    {
        var options = new RunOptions { RunId = "bench", Observers = [ledger.Observe()] };
        long sum = 0;
        await foreach (long value in line.RunAsync(Enumerable.Range(0, count).Select(i => (long)i), options).ConfigureAwait(false))
        {
            sum += value;
        }

        Expected.Check(expected, sum, nameof(LineWithLedger));
        return sum;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new S4IoBound.ThroughputColumn());
        }
    }
}

/// <summary>Inputs are hashed (and dead letters kept) through source-generated metadata.</summary>
[JsonSerializable(typeof(long))]
internal sealed partial class BenchJson : JsonSerializerContext;

/// <summary><c>[Benchmark]</c> over <see cref="Count"/> materials per invocation (quick: fewer), so results are per material.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LedgerMaterialsAttribute : BenchmarkAttribute
{
    public LedgerMaterialsAttribute([CallerLineNumber] int line = 0, [CallerFilePath] string file = "")
        : base(line, file)
    {
        OperationsPerInvoke = Count;
    }

    /// <summary>100,000 materials; 20,000 with <c>--quick</c>.</summary>
    public static int Count => Scale.Quick ? 20_000 : 100_000;
}
