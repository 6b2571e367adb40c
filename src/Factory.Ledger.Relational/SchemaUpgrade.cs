using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Linq;

namespace Factory.Ledger.Relational;

/// <summary>
/// How a ledger's database is brought to the schema this Factory writes when the ledger opens: the
/// version it holds is read; a newer one is refused, naming both versions; an older one gets every
/// missing <see cref="Migration"/> in one transaction that takes turns with every other opener (so
/// two processes opening at once do not both upgrade), with an audit entry when it held a ledger
/// already. A failure anywhere leaves the database as it was.
/// </summary>
internal static class SchemaUpgrade
{
    /// <summary>What audit entries about the whole ledger (upgrades, purges) name as their target.</summary>
    public const string LedgerTarget = "ledger";

    /// <summary>The key upgrades take turns on (<see cref="LedgerStore.BeginWrite"/>).</summary>
    private const string TurnKey = "ledger.schema";

    /// <summary>Brings <paramref name="store"/>'s database up to <see cref="LedgerStore.SchemaVersion"/>; throws a <see cref="LedgerException"/> when it may not or cannot.</summary>
    public static void Apply(LedgerStore store, RecorderSettings settings)
    {
        IReadOnlyList<Migration> migrations = store.Migrations;
        Check(migrations);
        int known = migrations.Count;
        using DbConnection connection = Open(store, out int found);
        if (found > known)
        {
            throw Newer(store, found, known);
        }

        store.PrepareSchema(connection, found);
        if (found < known)
        {
            Upgrade(store, settings, connection, known);
        }

        store.CheckSchema(connection);
    }

    /// <summary>Applies the missing steps in one transaction taken in turn with every other opener.</summary>
    private static void Upgrade(LedgerStore store, RecorderSettings settings, DbConnection connection, int known)
    {
        IReadOnlyList<Migration> migrations = store.Migrations;
        using DbTransaction transaction = store.BeginWrite(connection, TurnKey);

        // Read again in turn: another process may have upgraded it meanwhile.
        int found = store.ReadSchemaVersion(connection, transaction);
        if (found >= known)
        {
            if (found > known)
            {
                throw Newer(store, found, known);
            }

            return;
        }

        Migration? applying = null;
        try
        {
            foreach (Migration migration in migrations.Skip(found))
            {
                applying = migration;
                migration.Apply(connection, transaction);
            }

            applying = null;
            string now = Time.Text(settings.Clock.GetUtcNow());
            store.WriteSchemaVersion(connection, transaction, known, now, settings.DefaultActor);
            if (found > 0)
            {
                Sql.Audit(connection, transaction, now, settings.DefaultActor, AuditActions.LedgerUpgraded, null, LedgerTarget, Describe(migrations, found, known));
            }

            transaction.Commit();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            string step = applying is null ? string.Empty : $" migration {applying} failed:";
            throw new LedgerException(
                $"The ledger {store.LedgerName} could not be upgraded from schema {found} to {known}:{step} {exception.Message} Nothing was changed: it is still at schema {found}.",
                exception);
        }
    }

    /// <summary>What the audit says of an upgrade: the versions and each step.</summary>
    public static string Describe(IReadOnlyList<Migration> migrations, int from, int to) =>
        string.Create(CultureInfo.InvariantCulture, $"schema {from} -> {to}: ") + string.Join("; ", migrations.Skip(from).Take(to - from));

    /// <summary>A connection, and the schema version it read; a file that is not a database, or a server that refuses, is named in the error.</summary>
    private static DbConnection Open(LedgerStore store, out int found)
    {
        DbConnection connection;
        try
        {
            connection = store.OpenConnection();
        }
        catch (Exception exception) when (store.ExplainOpenFailure(exception) is { } explained)
        {
            throw explained;
        }
        catch (DbException exception)
        {
            throw CannotOpen(store, exception);
        }

        try
        {
            found = store.ReadSchemaVersion(connection, null);
            return connection;
        }
        catch (Exception exception)
        {
            connection.Dispose();
            throw exception is DbException ? CannotOpen(store, exception) : exception;
        }
    }

    private static LedgerException CannotOpen(LedgerStore store, Exception exception) =>
        new($"The ledger {store.LedgerName} cannot be opened: {exception.Message}", exception);

    private static LedgerException Newer(LedgerStore store, int found, int known) =>
        new($"The ledger {store.LedgerName} was written by a newer Factory: schema {found}, this Factory knows up to {known}. Upgrade Factory to open it; the ledger was not changed.");

    /// <summary>A store's list is 1, 2, 3, ... in order: anything else is a bug in the store, not in the database.</summary>
    private static void Check(IReadOnlyList<Migration> migrations)
    {
        for (int i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migration {migrations[i]} is at position {i + 1} of the store's list: migrations are numbered 1, 2, 3, ... in order.");
            }
        }
    }
}
