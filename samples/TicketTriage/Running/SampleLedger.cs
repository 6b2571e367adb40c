using System;
using Factory.Ledger;
using Factory.Ledger.Postgres;
using Factory.Ledger.Sqlite;
using TicketTriage.Cli;
using TicketTriage.Serialization;

namespace TicketTriage.Running;

/// <summary>
/// The ledger a run records into: a SQLite file by default, or a shared PostgreSQL database when
/// <c>--ledger</c> is given an Npgsql connection string (<c>Host=...;Database=...</c>).
/// </summary>
public static class SampleLedger
{
    /// <summary>True when <paramref name="value"/> reads as a connection string rather than a file path.</summary>
    public static bool IsConnectionString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains("Host=", StringComparison.OrdinalIgnoreCase) || value.Contains("Server=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Opens the ledger <paramref name="value"/> names; <paramref name="display"/> names it without any password.</summary>
    public static ILedger Open(string value, out string display)
    {
        if (IsConnectionString(value))
        {
            var ledger = new PostgresLedger(value, new PostgresLedgerOptions { Inputs = TriageJsonContext.Lines });
            display = "PostgreSQL " + ledger.Name;
            return ledger;
        }

        display = SamplePaths.Display(value);
        return new SqliteLedger(value, new SqliteLedgerOptions { Inputs = TriageJsonContext.Lines });
    }
}
