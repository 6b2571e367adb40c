using System.Threading.Tasks;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// What only the SQLite ledger does (docs/ledger.md, "What only one ledger does"): files that predate
/// leases and crash counts, which a PostgreSQL ledger never had. Everything else is in the contracts.
/// </summary>
public sealed class SqliteOnlyTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task A_ledger_file_written_before_leases_and_crash_counts_opens_and_gains_them()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await Runs.RunAsync(new StampLine(new Stamp(0)), Runs.Orders(3), Runs.With(temp.Ledger, "old"));
        await temp.Ledger.DisposeAsync();
        temp.Scalar("DROP TABLE leases");
        temp.Scalar("ALTER TABLE inputs DROP COLUMN crashes");
        temp.Scalar("ALTER TABLE inputs DROP COLUMN crash_station");
        temp.Scalar("ALTER TABLE runs DROP COLUMN crashes_counted");

        await temp.ReopenAsync();
        await Runs.RunAsync(new StampLine(new Stamp(0)), Runs.Orders(4), Runs.With(temp.Ledger, "old"));
        Assert.Equal(4, (await temp.Ledger.GetRunAsync("old"))!.InputsDone);
        Assert.All(await temp.Ledger.ListInputsAsync("old"), i => Assert.Equal(0, i.Crashes));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));
        Assert.Equal(1, temp.Scalar("SELECT crashes_counted FROM runs"));
    }
}
