using Factory.Ledger.Relational;

namespace Factory.Ledger.Postgres;

/// <summary>
/// The shared ledger: one PostgreSQL database that any number of processes on any number of machines
/// record runs into at once. Hand <see cref="RelationalLedger.Observe"/>'s observer to a run; start the
/// run again with the same id (here or on another machine) and inputs that already have an outcome are
/// not processed again. Observers only enqueue; a background writer commits in batches. Safe to share
/// between threads and runs; one <see cref="PostgresLedger"/> per database per process is enough.
/// </summary>
public sealed class PostgresLedger : RelationalLedger
{
    /// <summary>
    /// Opens the ledger in the database <paramref name="connectionString"/> names (an Npgsql connection
    /// string), creating its tables on the first open. Throws a <see cref="LedgerException"/> that says
    /// what to fix when the string, the server, the database or the role's rights are wrong.
    /// </summary>
    public PostgresLedger(string connectionString, PostgresLedgerOptions? options = null)
        : this(PostgresStore.Create(connectionString, options))
    {
    }

    private PostgresLedger(PostgresStore store)
        : base(store, store.Settings)
    {
        Options = store.Options;
        Name = store.LedgerName;
    }

    /// <summary>How the ledger records.</summary>
    public PostgresLedgerOptions Options { get; }

    /// <summary>The ledger's database as messages name it: <c>host:port/database</c> (never the password).</summary>
    public string Name { get; }

    /// <summary>Opens the ledger in the database <paramref name="connectionString"/> names.</summary>
    public static PostgresLedger Open(string connectionString, PostgresLedgerOptions? options = null) => new(connectionString, options);
}
