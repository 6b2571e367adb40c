using System;
using Microsoft.Data.Sqlite;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// A statement the writer prepares once and runs for every row. Its parameters are made once and set
/// by position, in the order of their names: looking a parameter up by name is linear in their number.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly SqliteCommand command;
    private readonly SqliteParameter[] parameters;

    public PreparedStatement(SqliteConnection connection, string text, params string[] names)
    {
        command = connection.CreateCommand();
        command.CommandText = text;
        parameters = new SqliteParameter[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            parameters[i] = command.Parameters.Add(new SqliteParameter { ParameterName = names[i], Value = DBNull.Value });
        }
    }

    /// <summary>Sets the parameter at <paramref name="position"/> (null is SQL NULL).</summary>
    public PreparedStatement Set(int position, string? value)
    {
        parameters[position].Value = value is null ? DBNull.Value : value;
        return this;
    }

    /// <summary>Sets the parameter at <paramref name="position"/>.</summary>
    public PreparedStatement Set(int position, long value)
    {
        parameters[position].Value = value;
        return this;
    }

    public void Execute() => command.ExecuteNonQuery();

    public object? Scalar() => command.ExecuteScalar();

    public void Dispose() => command.Dispose();
}
