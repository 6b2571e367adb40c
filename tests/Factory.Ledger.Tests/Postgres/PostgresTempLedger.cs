using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Factory.Ledger.Postgres;
using Factory.Ledger.Relational;
using Factory.Testing;
using Npgsql;

namespace Factory.Ledger.Tests;

/// <summary>
/// A test's PostgreSQL ledger: a database of its own; its flight folder one per database in the
/// temporary folder, the folder the test host gives the ledgers it opens on the same database.
/// </summary>
public sealed class PostgresTempLedger : TempLedger
{
    private static readonly PostgresLedgerOptions Defaults = new();
    private readonly TempDatabase database;

    public PostgresTempLedger(TempDatabase database, LedgerSettings settings)
        : base(settings)
    {
        this.database = database;

        // As tests/Factory.Ledger.TestHost/LedgerArgument.cs's FlightFolderOf.
        FlightFolder = Path.Combine(Path.GetTempPath(), "factory-flight-" + database.Name);
    }

    public override string HostArgument => "postgres:" + database.ConnectionString;

    public override string FlightFolder { get; }

    public override RelationalLedger OpenAnother(LedgerSettings settings) => new PostgresLedger(database.ConnectionString, Options(settings));

    /// <summary>Every row of every table of the ledger's schema, as PostgreSQL writes a row as text.</summary>
    public override byte[] AllBytes()
    {
        using DbConnection connection = Connect();
        var tables = new List<string>();
        using (DbCommand list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
            using DbDataReader reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (string table in tables)
        {
            using DbCommand rows = connection.CreateCommand();
            rows.CommandText = $"SELECT t::text FROM \"{table}\" t";
            using DbDataReader reader = rows.ExecuteReader();
            while (reader.Read())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    protected override DbConnection Connect()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        return connection;
    }

    protected override async ValueTask DeleteAsync()
    {
        await database.DisposeAsync();
        if (Directory.Exists(FlightFolder))
        {
            Directory.Delete(FlightFolder, recursive: true);
        }
    }

    private PostgresLedgerOptions Options(LedgerSettings settings) => new()
    {
        Provenance = settings.Provenance ?? Defaults.Provenance,
        Inputs = settings.Inputs,
        BatchSize = settings.BatchSize ?? Defaults.BatchSize,
        MaxPending = settings.MaxPending ?? Defaults.MaxPending,
        DefaultActor = settings.DefaultActor ?? Defaults.DefaultActor,
        LeaseDuration = settings.LeaseDuration ?? Defaults.LeaseDuration,
        CrashLimit = settings.CrashLimit ?? Defaults.CrashLimit,
        Clock = settings.Clock ?? Defaults.Clock,
        FlightFolder = FlightFolder,
    };
}
