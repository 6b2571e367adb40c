using Factory.Ledger.Relational;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// The embedded ledger: one SQLite file in WAL mode. Hand <see cref="RelationalLedger.Observe"/>'s observer to a run
/// (<c>new RunOptions { RunId = ..., Observers = [ledger.Observe()] }</c>); start the run again with
/// the same id after a crash and inputs that already have an outcome are not processed again.
/// Observers only enqueue; a background writer commits in batches. Safe to share between threads
/// and runs; one <see cref="SqliteLedger"/> per file per process.
/// </summary>
public sealed class SqliteLedger : RelationalLedger
{
    /// <summary>Opens (or creates) the ledger in file <paramref name="path"/>.</summary>
    public SqliteLedger(string path, SqliteLedgerOptions? options = null)
        : this(SqliteStore.Create(path, options))
    {
    }

    private SqliteLedger(SqliteStore store)
        : base(store, store.Settings)
    {
        Path = store.Path;
        Options = store.Options;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>How the ledger records.</summary>
    public SqliteLedgerOptions Options { get; }

    /// <summary>Opens (or creates) the ledger in file <paramref name="path"/>.</summary>
    public static SqliteLedger Open(string path, SqliteLedgerOptions? options = null) => new(path, options);
}
