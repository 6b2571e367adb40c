// TEMPORARY until ILedger.Gates lands: delete this file then; `ledger.Gates` binds to the real property.
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.CompilerServices;
using Factory.Gates;
using Factory.Ledger;
using Factory.Ledger.Postgres;
using Factory.Ledger.Sqlite;

// TEMPORARY: the sample's tests decide through ledger.Gates too.
[assembly: InternalsVisibleTo("TicketTriage.Tests")]

namespace TicketTriage.Running;

/// <summary>
/// TEMPORARY until ILedger.Gates lands. Gives <c>ledger.Gates</c> as an extension property: one
/// <see cref="InMemoryGateStore"/> per ledger file or database in this process, so a run and the
/// decisions taken in the same process meet; nothing survives the process (<see cref="IGateStore.IsDurable"/>
/// is false, and the runner says so).
/// </summary>
internal static class LedgerGatesShim
{
    private static readonly ConcurrentDictionary<string, InMemoryGateStore> Stores = new();

    extension(ILedger ledger)
    {
        /// <summary>TEMPORARY: the ledger's gate store, in this process's memory.</summary>
        public IGateStore Gates => Stores.GetOrAdd(Where(ledger), _ => new InMemoryGateStore());
    }

    private static string Where(ILedger ledger) => ledger switch
    {
        SqliteLedger sqlite => Path.GetFullPath(sqlite.Path),
        PostgresLedger postgres => postgres.Name,
        _ => ledger.GetType().FullName ?? "ledger",
    };
}
