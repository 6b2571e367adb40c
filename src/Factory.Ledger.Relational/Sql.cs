using System;
using System.Data.Common;

namespace Factory.Ledger.Relational;

/// <summary>
/// Small helpers for one-off statements (the hot path is the store's <see cref="BatchWriter"/>).
/// Parameters are named <c>@name</c>, which SQLite and Npgsql both accept.
/// </summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach ((string name, object? value) in parameters)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static int Execute(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        using DbCommand command = Command(connection, transaction, text, parameters);
        return command.ExecuteNonQuery();
    }

    public static long Audit(DbConnection connection, DbTransaction? transaction, string time, string actor, string action, string? tenant, string target, string? detail)
    {
        using DbCommand command = Command(
            connection,
            transaction,
            "INSERT INTO audit (time, actor, action, tenant, target, detail) VALUES (@time, @actor, @action, @tenant, @target, @detail) RETURNING id",
            ("@time", time),
            ("@actor", actor),
            ("@action", action),
            ("@tenant", tenant),
            ("@target", target),
            ("@detail", detail));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
