using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger.Postgres;
using Factory.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>What a material costs in PostgreSQL at each provenance level, and once purged (the purge itself is <see cref="PurgeContract"/>; SQLite's sizes are <see cref="SqliteSizeTests"/>).</summary>
public sealed class PostgresSizeTests(ITestOutputHelper output)
{
    private const int Materials = 20_000;

    [Fact]
    public async Task Bytes_per_material_grow_with_the_provenance_level()
    {
        long none = await BytesAsync(ProvenanceLevel.None);
        long summary = await BytesAsync(ProvenanceLevel.Summary);
        long full = await BytesAsync(ProvenanceLevel.Full);
        long purged = await BytesAsync(ProvenanceLevel.Full, purge: true, below: summary);

        output.WriteLine("| level | tables after VACUUM FULL | bytes per material |");
        output.WriteLine("|---|---|---|");
        foreach ((string level, long bytes) in new[] { ("None", none), ("Summary", summary), ("Full", full), ("Full`, then `PurgeAsync", purged) })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{level}` | {bytes / 1024.0 / 1024.0:F1} MiB | {bytes / (double)Materials:F0} |"));
        }

        Assert.True(none < summary && summary < full && purged < summary, $"None {none}, Summary {summary}, Full {full}, purged {purged} bytes");
    }

    /// <summary>The ledger's tables (indexes and TOAST included) after a run of 20,000 orders at <paramref name="level"/>, VACUUM FULL.</summary>
    private async Task<long> BytesAsync(ProvenanceLevel level, bool purge = false, long below = long.MaxValue)
    {
        await using TempDatabase database = await TempDatabase.CreateAsync();
        var options = new PostgresLedgerOptions { Inputs = LedgerJson.Default, Provenance = level, FlightFolder = Path.Combine(Path.GetTempPath(), "factory-flight-" + database.Name) };
        await using (var ledger = new PostgresLedger(database.ConnectionString, options))
        {
            await RecordAsync(ledger, "run-2026-12-07-0001", Materials, bad: false);
            if (purge)
            {
                PurgeReport report = await ledger.PurgeAsync(DateTimeOffset.UtcNow.AddSeconds(1), "test");
                Assert.Equal(1, report.Runs);
                Assert.True(report.Materials >= Materials, $"the purge removed {report.Materials} materials of {Materials} orders");
            }
        }

        if (Directory.Exists(options.FlightFolder))
        {
            Directory.Delete(options.FlightFolder, recursive: true);
        }

        if (purge)
        {
            Assert.Equal((0L, 0L), (Scalar(database, "SELECT count(*) FROM materials"), Scalar(database, "SELECT count(*) FROM attempts")));
        }

        Assert.Equal(Materials, Scalar(database, "SELECT count(*) FROM inputs WHERE outcome = 'delivered'"));

        // VACUUM FULL keeps the rows a purge deleted while a transaction that may still see them is open,
        // and the server is shared with the other tests: measured again, a second apart, until the deleted
        // rows' space is given back (a purge that deleted nothing never gets there, and the test fails).
        long bytes = Measure(database);
        for (int tries = 0; bytes >= below && tries < 30; tries++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            bytes = Measure(database);
        }

        return bytes;
    }

    private static long Measure(TempDatabase database)
    {
        Execute(database, "VACUUM FULL");
        return Scalar(
            database,
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname IN ('runs', 'inputs', 'materials', 'attempts', 'dead_letters', 'replays', 'leases', 'audit')");
    }

    /// <summary><paramref name="count"/> orders through <see cref="OrderLine"/> to the end; with <paramref name="bad"/> order 2 is a dead letter.</summary>
    private static Task RecordAsync(PostgresLedger ledger, string runId, int count, bool bad = true) =>
        Runs.RunAsync(
            new OrderLine(new Receive(new Journal()), new Ship(new Journal())),
            Runs.Orders(count, i => bad && i == 2 ? "bad one" : $"order {i}"),
            Runs.With(ledger, runId, new JobOrder("job-1", "acme")));

    private static long Scalar(TempDatabase database, string sql)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    private static void Execute(TempDatabase database, string sql)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
