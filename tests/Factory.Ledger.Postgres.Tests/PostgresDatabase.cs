using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Npgsql;

namespace Factory.Ledger.Postgres.Tests;

/// <summary>
/// A fresh database <c>factory_test_GUID</c> for one test class, dropped after it. <see cref="Scalar"/>,
/// <see cref="Rows"/> and <see cref="Execute"/> look at its tables directly, as the server's role.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    private readonly List<string> databases = [];
    private readonly List<string> roles = [];

    public PostgresDatabase()
    {
        Name = "factory_test_" + Guid.NewGuid().ToString("N");
        PostgresServer.Execute($"CREATE DATABASE \"{Name}\"");
        ConnectionString = PostgresServer.For(Name, pooling: true);
        Options = new PostgresLedgerOptions { Inputs = LedgerJson.Default, FlightFolder = Path.Combine(Path.GetTempPath(), Name + ".flight") };
    }

    public string Name { get; }

    /// <summary>What a ledger opens.</summary>
    public string ConnectionString { get; }

    /// <summary>The tests' ledger options: their inputs' JSON, and flight files in a temporary folder deleted with the database.</summary>
    public PostgresLedgerOptions Options { get; }

    public long Scalar(string sql)
    {
        using NpgsqlConnection connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    public List<object?[]> Rows(string sql)
    {
        using NpgsqlConnection connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            object?[] row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public int Execute(string sql)
    {
        using NpgsqlConnection connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteNonQuery();
    }

    /// <summary>Another fresh database, dropped with this one; returns its name.</summary>
    public string Another()
    {
        string name = "factory_test_" + Guid.NewGuid().ToString("N");
        PostgresServer.Execute($"CREATE DATABASE \"{name}\"");
        databases.Add(name);
        return name;
    }

    /// <summary>A new login role with no rights beyond PUBLIC's, dropped after the databases; returns its connection string to <paramref name="database"/>.</summary>
    public (string Role, string ConnectionString) Role(string database)
    {
        string role = "factory_role_" + Guid.NewGuid().ToString("N")[..12];
        string password = Guid.NewGuid().ToString("N");
        PostgresServer.Execute($"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'");
        roles.Add(role);
        return (role, new NpgsqlConnectionStringBuilder(PostgresServer.For(database, pooling: true)) { Username = role, Password = password }.ConnectionString);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (string database in databases.Prepend(Name))
        {
            PostgresServer.Execute($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }

        foreach (string role in roles)
        {
            PostgresServer.Execute($"DROP ROLE IF EXISTS \"{role}\"");
        }

        if (Directory.Exists(Options.FlightFolder))
        {
            Directory.Delete(Options.FlightFolder, recursive: true);
        }
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(PostgresServer.For(Name));
        connection.Open();
        return connection;
    }
}
