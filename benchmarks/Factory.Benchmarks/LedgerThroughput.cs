using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Factory.Ledger;
using Factory.Ledger.Postgres;
using Factory.Ledger.Sqlite;
using Npgsql;

namespace Factory.Benchmarks;

/// <summary>
/// The embedded ledger's throughput: S1's three-station line with a <see cref="SqliteLedger"/>
/// observing the run, at each provenance level. One invocation is one whole run into a fresh
/// ledger file, timed until <c>RunAsync</c> ends — which is after the run's end has waited for the
/// writer, so every row is committed (WAL, <c>synchronous=FULL</c> for outcome batches). At
/// <see cref="ProvenanceLevel.Full"/> each material costs an input row, a material row, three
/// attempt rows, its delivery and its input's outcome, plus the SHA-256 of its JSON. The same line
/// without a ledger runs in the same run as the baseline. The same line into a <see cref="PostgresLedger"/>
/// on the server FACTORY_POSTGRES names (a fresh database per iteration, dropped after it) runs beside
/// them; without FACTORY_POSTGRES that variant fails saying how to start a server.
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
    private string database = string.Empty;
    private PostgresLedger shared = null!;

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

    [IterationSetup(Target = nameof(LineWithPostgresLedger))]
    public void OpenPostgresLedger()
    {
        database = "factory_bench_" + Guid.NewGuid().ToString("N");
        Server($"CREATE DATABASE {database}");
        var target = new NpgsqlConnectionStringBuilder(ServerConnectionString()) { Database = database };
        shared = new PostgresLedger(target.ConnectionString, new PostgresLedgerOptions { Inputs = BenchJson.Default, Provenance = Provenance });
    }

    [IterationCleanup(Target = nameof(LineWithPostgresLedger))]
    public void ClosePostgresLedger()
    {
        shared.DisposeAsync().AsTask().GetAwaiter().GetResult();
        NpgsqlConnection.ClearAllPools();
        Server($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
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

    /// <summary>S1's line, every material recorded in PostgreSQL over loopback.</summary>
    [LedgerMaterials(Description = "Factory line + PostgreSQL ledger")]
    public async Task<long> LineWithPostgresLedger()
    {
        var options = new RunOptions { RunId = "bench", Observers = [shared.Observe()] };
        long sum = 0;
        await foreach (long value in line.RunAsync(Enumerable.Range(0, count).Select(i => (long)i), options).ConfigureAwait(false))
        {
            sum += value;
        }

        Expected.Check(expected, sum, nameof(LineWithPostgresLedger));
        return sum;
    }

    private static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable("FACTORY_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "LineWithPostgresLedger needs a PostgreSQL server: FACTORY_POSTGRES is not set. Start one with "
                + "eval \"$(scripts/postgres.sh start)\" (or set FACTORY_POSTGRES to an Npgsql connection string of your own), "
                + "or leave the variant out with --filter.");

    private static void Server(string sql)
    {
        using var connection = new NpgsqlConnection(ServerConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
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
