using System.Threading.Tasks;
using Factory.Testing;

namespace Factory.Ledger.Tests;

/// <summary>
/// The PostgreSQL ledger on the tests' server (FACTORY_POSTGRES, which ./test.sh sets): each test's
/// database a new one (TempDatabase), dropped at its end. The tests count rows of whole tables, so a
/// database per test rather than per class. Without a server every test fails saying how to start one.
/// </summary>
public sealed class PostgresFixture : LedgerFixture
{
    public override string Name => "PostgreSQL";

    public override async Task<TempLedger> CreateAsync(LedgerSettings? settings = null) =>
        new PostgresTempLedger(await TempDatabase.CreateAsync(PostgresServer.FromEnvironment()), settings ?? LedgerSettings.Default);
}
