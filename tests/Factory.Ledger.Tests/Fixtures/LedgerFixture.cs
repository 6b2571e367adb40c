using System.Threading.Tasks;

namespace Factory.Ledger.Tests;

/// <summary>
/// One kind of ledger the suite runs against (<see cref="SqliteFixture"/>; PostgresFixture behind the
/// switch in LedgerPostgres.props): it makes each test a <see cref="TempLedger"/> of its own, a fresh
/// and empty database (SQLite: a file in a new folder; PostgreSQL: a new database), so no test sees
/// another's rows.
/// <para>
/// To add a test to the suite (or move one written for SQLite alone into it):
/// 1. Put it in a contract, <c>Contract/TopicContract.cs</c>: <c>public abstract class TopicContract(LedgerFixture fixture)</c>
///    whose tests begin <c>await using TempLedger temp = await fixture.OpenAsync();</c> (or
///    <c>fixture.CreateAsync()</c> when child processes open the ledger, with <c>temp.HostArgument</c>).
///    Reach the database only through <c>temp</c>: <c>Ledger</c>, <c>ReopenAsync</c>, <c>OpenAnother</c>,
///    <c>Scalar</c>/<c>Rows</c> (SQL both databases accept), <c>FlightFolder</c>, <c>AllBytes</c>;
///    no <c>SqliteLedger</c>, file path or SQLite-only SQL in a contract.
/// 2. Add one line per ledger: <c>public sealed class SqliteTopic(SqliteFixture fixture) : TopicContract(fixture), IClassFixture&lt;SqliteFixture&gt;;</c>
///    in <c>Sqlite/SqliteSuite.cs</c> and the same with Postgres in <c>Postgres/PostgresSuite.cs</c>.
/// 3. A behaviour only one ledger has goes in <c>Sqlite/SqliteOnlyTests.cs</c> (or a Postgres one), and
///    in docs/ledger.md, "What only one ledger does".
/// </para>
/// <para>
/// A test written against the old SQLite-only TempLedger moves over like this: <c>new TempLedger(options)</c>
/// becomes <c>await fixture.OpenAsync(new LedgerSettings { ... })</c>; <c>TempLedger.Scalar(path, sql)</c>
/// and <c>Rows(path, sql)</c> become <c>temp.Scalar(sql)</c> and <c>temp.Rows(sql)</c> (integers come back as
/// long from both); <c>new SqliteLedger(temp.DatabasePath, options)</c> becomes <c>temp.OpenAnother(settings)</c>;
/// a host's DB argument becomes <c>temp.HostArgument</c>; <c>DB + ".flight"</c> becomes <c>temp.FlightFolder</c>;
/// side files go in <c>temp.Folder</c>; polling a child's progress is <c>temp.ScalarOrZero(sql)</c>.
/// </para>
/// </summary>
public abstract class LedgerFixture
{
    /// <summary>How messages name the ledger: "SQLite" or "PostgreSQL".</summary>
    public abstract string Name { get; }

    /// <summary>A fresh, empty database of the caller's own, with a ledger open on it with <paramref name="settings"/> (<see cref="LedgerSettings.Default"/> when null).</summary>
    public async Task<TempLedger> OpenAsync(LedgerSettings? settings = null)
    {
        TempLedger temp = await CreateAsync(settings);
        try
        {
            temp.Open();
            return temp;
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh, empty database of the caller's own with no ledger open yet: for tests whose child processes open it (<see cref="TempLedger.HostArgument"/>).</summary>
    public abstract Task<TempLedger> CreateAsync(LedgerSettings? settings = null);
}
