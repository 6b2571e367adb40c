using System;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Sqlite;

/// <summary>Small helpers for one-off statements (the hot path uses the writer's prepared ones).</summary>
internal static class Sql
{
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(connection, transaction, text, parameters);
        return command.ExecuteNonQuery();
    }

    public static long Audit(SqliteConnection connection, SqliteTransaction? transaction, string time, string actor, string action, string? tenant, string target, string? detail)
    {
        using SqliteCommand command = Command(
            connection,
            transaction,
            "INSERT INTO audit (time, actor, action, tenant, target, detail) VALUES ($time, $actor, $action, $tenant, $target, $detail) RETURNING id",
            ("$time", time),
            ("$actor", actor),
            ("$action", action),
            ("$tenant", tenant),
            ("$target", target),
            ("$detail", detail));
        return (long)command.ExecuteScalar()!;
    }
}
