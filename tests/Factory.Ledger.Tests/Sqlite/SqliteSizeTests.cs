using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// What a material costs on disk at each provenance level: the file after a run of 20,000 orders
/// through <see cref="OrderLine"/> (two stations), VACUUMed, divided by the materials. Prints the
/// table docs/ledger.md quotes (and the same Full run once purged); asserts only that each level
/// costs more than the one below, and a purged run less than Summary.
/// </summary>
public sealed class SqliteSizeTests(SqliteFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteFixture>
{
    private const int Materials = 20_000;

    [Fact]
    public async Task Bytes_per_material_grow_with_the_provenance_level()
    {
        long none = await BytesAsync(ProvenanceLevel.None);
        long summary = await BytesAsync(ProvenanceLevel.Summary);
        long full = await BytesAsync(ProvenanceLevel.Full);
        long purged = await BytesAsync(ProvenanceLevel.Full, purge: true);

        output.WriteLine("| level | file after VACUUM | bytes per material |");
        output.WriteLine("|---|---|---|");
        foreach ((string level, long bytes) in new[] { ("None", none), ("Summary", summary), ("Full", full), ("Full`, then `PurgeAsync", purged) })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{level}` | {bytes / 1024.0 / 1024.0:F1} MiB | {bytes / (double)Materials:F0} |"));
        }

        Assert.True(none < summary && summary < full, $"None {none}, Summary {summary}, Full {full} bytes");
        Assert.True(purged < summary, $"Full then purged {purged}, Summary {summary} bytes");
    }

    private async Task<long> BytesAsync(ProvenanceLevel level, bool purge = false)
    {
        await using TempLedger temp = await fixture.OpenAsync(LedgerSettings.Default with { Provenance = level });
        string path = ((SqliteTempLedger)temp).DatabasePath;
        var journal = new Journal();
        await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), Runs.Orders(Materials), Runs.With(temp.Ledger, "run-2026-12-07-0001", new JobOrder("job-1", "acme")));
        if (purge)
        {
            Assert.Equal(1, (await temp.Ledger.PurgeAsync(System.DateTimeOffset.UtcNow.AddSeconds(1), "test")).Runs);
        }

        await temp.Ledger.DisposeAsync();

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using SqliteCommand vacuum = connection.CreateCommand();
            vacuum.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);";
            vacuum.ExecuteNonQuery();
        }

        Assert.Equal(Materials, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome = 'delivered'"));
        return new FileInfo(path).Length;
    }
}
