using System.Threading.Tasks;

namespace Factory.Ledger.Tests;

/// <summary>The SQLite ledger: each test's database a file in a new temporary folder.</summary>
public sealed class SqliteFixture : LedgerFixture
{
    public override string Name => "SQLite";

    public override Task<TempLedger> CreateAsync(LedgerSettings? settings = null) =>
        Task.FromResult<TempLedger>(new SqliteTempLedger(settings ?? LedgerSettings.Default));
}
