using System;
using System.IO;
using System.Text.Json.Serialization.Metadata;
using Factory.Ledger.Relational;
using Factory.Ledger.Sqlite;
using Factory.Ledger.Postgres;
using Npgsql;

namespace Factory.Ledger.TestHost;

/// <summary>
/// The ledger a host records into, from its LEDGER argument: a SQLite file's path, or
/// <c>postgres:</c> and an Npgsql connection string. Every mode opens its ledger here, so each mode
/// runs against either ledger (the tests' TempLedger.HostArgument writes the argument).
/// </summary>
public static class LedgerArgument
{
    public const string PostgresPrefix = "postgres:";

    /// <summary>Opens the ledger <paramref name="argument"/> names, with the hosts' input types (or <paramref name="inputs"/>) and <paramref name="leaseDuration"/> (the ledger's default when null).</summary>
    public static RelationalLedger Open(string argument, TimeSpan? leaseDuration = null, IJsonTypeInfoResolver? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (!argument.StartsWith(PostgresPrefix, StringComparison.Ordinal))
        {
            var options = new SqliteLedgerOptions { Inputs = inputs ?? HostJson.Default };
            return new SqliteLedger(argument, leaseDuration is { } lease ? options with { LeaseDuration = lease } : options);
        }

        string connectionString = argument[PostgresPrefix.Length..];
        var postgres = new PostgresLedgerOptions
        {
            Inputs = inputs ?? HostJson.Default,
            FlightFolder = FlightFolderOf(new NpgsqlConnectionStringBuilder(connectionString).Database!),
        };
        return new PostgresLedger(connectionString, leaseDuration is { } duration ? postgres with { LeaseDuration = duration } : postgres);
    }

    /// <summary>
    /// The flight folder of a PostgreSQL test ledger: one per database, in the temporary folder, so a
    /// test finds its hosts' flight files (the tests' PostgresTempLedger gives its ledgers the same one).
    /// </summary>
    public static string FlightFolderOf(string database) => Path.Combine(Path.GetTempPath(), "factory-flight-" + database);
}
