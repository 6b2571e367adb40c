using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Factory.Ledger.Relational;

namespace Factory.Ledger.Tests;

/// <summary>
/// A test's own ledger database, fresh and empty, removed at the end, made by a <see cref="LedgerFixture"/>:
/// the ledger open on it, another ledger on the same database as another process would open one,
/// SQL straight at its tables (the same tables and columns in every ledger), and the argument that
/// hands it to the test host.
/// </summary>
public abstract class TempLedger : IAsyncDisposable
{
    private RelationalLedger? ledger;

    protected TempLedger(LedgerSettings settings)
    {
        Settings = settings;
        Folder = Directory.CreateTempSubdirectory("factory-ledger-").FullName;
    }

    /// <summary>What the ledger was opened with.</summary>
    public LedgerSettings Settings { get; }

    /// <summary>A folder of this test's own for side files, removed at the end.</summary>
    public string Folder { get; }

    /// <summary>The ledger open on the database (see <see cref="LedgerFixture.OpenAsync"/>).</summary>
    public RelationalLedger Ledger => ledger ?? throw new InvalidOperationException("No ledger is open on this database: the test made it with CreateAsync; use OpenAsync.");

    /// <summary>What the test host takes as its LEDGER argument for this database (tests/Factory.Ledger.TestHost/LedgerArgument.cs).</summary>
    public abstract string HostArgument { get; }

    /// <summary>The folder of the flight files of the ledgers on this database, on this machine.</summary>
    public abstract string FlightFolder { get; }

    /// <summary>Opens the ledger with <see cref="Settings"/>.</summary>
    public void Open() => ledger = OpenAnother(Settings);

    /// <summary>Closes the ledger and opens it again, as a new process would.</summary>
    public async Task ReopenAsync()
    {
        await Ledger.DisposeAsync();
        ledger = OpenAnother(Settings);
    }

    /// <summary>Another ledger on the same database with <paramref name="settings"/>, as another process would open one; the caller disposes it.</summary>
    public abstract RelationalLedger OpenAnother(LedgerSettings settings);

    /// <summary>The first column of the first row of <paramref name="sql"/> as a number (0 when there is none); runs statements too.</summary>
    public long Scalar(string sql)
    {
        using DbConnection connection = Connect();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <see cref="Scalar"/>, or 0 while the database has no ledger in it yet (a child process is still
    /// creating it): for tests that watch a host's progress.
    /// </summary>
    public long ScalarOrZero(string sql)
    {
        try
        {
            return HasTables() ? Scalar(sql) : 0;
        }
        catch (DbException)
        {
            // The schema is not there yet.
            return 0;
        }
    }

    /// <summary>The rows of <paramref name="sql"/>: nulls as null, every integer as a long (as SQLite gives them), text as strings.</summary>
    public List<object?[]> Rows(string sql)
    {
        using DbConnection connection = Connect();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            object?[] row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                {
                    int number => (long)number,
                    short number => (long)number,
                    object value => value,
                };
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every byte the database stores, for searching (SQLite: its files; PostgreSQL: every table's rows as text).</summary>
    public abstract byte[] AllBytes();

    public async ValueTask DisposeAsync()
    {
        if (ledger is not null)
        {
            await ledger.DisposeAsync();
        }

        await DeleteAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: the temp folder is cleaned by the OS.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>An open connection straight to the database, not through the ledger.</summary>
    protected abstract DbConnection Connect();

    /// <summary>False while nothing has created the database's ledger yet, when asking would create an empty one.</summary>
    protected virtual bool HasTables() => true;

    /// <summary>Removes the database and what the ledger keeps beside it.</summary>
    protected abstract ValueTask DeleteAsync();
}
