using System;
using System.Data.Common;
using System.IO;
using System.Text.Json.Serialization.Metadata;
using Factory.Ledger;
using Factory.Ledger.Postgres;
using Factory.Ledger.Sqlite;

namespace Factory.Cli;

/// <summary>Opens the ledger <c>--ledger</c> (or FACTORY_LEDGER) names: a SQLite file that exists, or a PostgreSQL connection string.</summary>
internal static class LedgerAddress
{
    /// <summary>True for a PostgreSQL connection string rather than a file.</summary>
    public static bool IsConnectionString(string value) =>
        value.Contains("Host=", StringComparison.OrdinalIgnoreCase) || value.Contains("Server=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The ledger, and how to name it in messages (never with a password).</summary>
    public static (ILedger Ledger, string Shown) Open(string? value, IJsonTypeInfoResolver? inputs)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw CliException.Usage("No ledger given: pass --ledger FILE (a SQLite ledger) or --ledger \"Host=...;Database=...\" (PostgreSQL), or set FACTORY_LEDGER.");
        }

        if (!IsConnectionString(value) && !File.Exists(value))
        {
            // Opening a missing file would make an empty ledger there: a typo must not look like "no runs".
            throw CliException.Unreachable($"There is no ledger file {value}: give --ledger the file the line recorded into (or a PostgreSQL connection string, Host=...).");
        }

        try
        {
            if (IsConnectionString(value))
            {
                var postgres = new PostgresLedger(value, new PostgresLedgerOptions { Inputs = inputs, DefaultActor = "factory" });
                return (postgres, "PostgreSQL " + postgres.Name);
            }

            return (new SqliteLedger(value, new SqliteLedgerOptions { Inputs = inputs, DefaultActor = "factory" }), value);
        }
        catch (Exception exception) when (exception is LedgerException or DbException or ArgumentException or IOException)
        {
            string shown = IsConnectionString(value) ? "the PostgreSQL ledger" : value;
            throw CliException.Unreachable($"Cannot open {shown}: {exception.Message}");
        }
    }
}
