using System.Data.Common;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger.Relational;
using Factory.Ledger.Sqlite;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Tests;

/// <summary>A test's SQLite ledger: <c>ledger.db</c> in the test's folder, its flight folder <c>ledger.db.flight</c> beside it.</summary>
public sealed class SqliteTempLedger(LedgerSettings settings) : TempLedger(settings)
{
    private static readonly SqliteLedgerOptions Defaults = new();

    /// <summary>The database file.</summary>
    public string DatabasePath => Path.Combine(Folder, "ledger.db");

    public override string HostArgument => DatabasePath;

    /// <summary>Where the SQLite ledger keeps flight files: next to its file (written out here, not asked of the ledger, so the tests check it).</summary>
    public override string FlightFolder => DatabasePath + ".flight";

    public override RelationalLedger OpenAnother(LedgerSettings settings) => new SqliteLedger(DatabasePath, Options(settings));

    /// <summary>The database file, its WAL and its shared-memory file, one after the other.</summary>
    public override byte[] AllBytes() =>
        Directory.GetFiles(Folder, "ledger.db*").SelectMany(File.ReadAllBytes).ToArray();

    protected override DbConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    // Opening a connection would create an empty file.
    protected override bool HasTables() => File.Exists(DatabasePath);

    protected override ValueTask DeleteAsync()
    {
        // Pooled connections of the ledgers hold the file open.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private static SqliteLedgerOptions Options(LedgerSettings settings) => new()
    {
        Provenance = settings.Provenance ?? Defaults.Provenance,
        Inputs = settings.Inputs,
        BatchSize = settings.BatchSize ?? Defaults.BatchSize,
        MaxPending = settings.MaxPending ?? Defaults.MaxPending,
        DefaultActor = settings.DefaultActor ?? Defaults.DefaultActor,
        LeaseDuration = settings.LeaseDuration ?? Defaults.LeaseDuration,
        CrashLimit = settings.CrashLimit ?? Defaults.CrashLimit,
        Clock = settings.Clock ?? Defaults.Clock,
    };
}
