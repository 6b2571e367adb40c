using System;
using Npgsql;

namespace Factory.Ledger.Postgres.Tests;

/// <summary>The PostgreSQL server the tests use: FACTORY_POSTGRES, a connection string of a role that may create databases.</summary>
internal static class PostgresServer
{
    public const string Variable = "FACTORY_POSTGRES";

    public const string Missing =
        "PostgreSQL tests need FACTORY_POSTGRES (an Npgsql connection string); ./test.sh starts a throwaway server and sets it, or run: eval $(scripts/postgres.sh start)";

    /// <summary>The server's connection string as given; fails the test, saying how to get one, when there is none.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : throw new InvalidOperationException(Missing);

    /// <summary>The same server and role, database <paramref name="database"/>, unpooled: the tests' own look at the tables.</summary>
    public static string For(string database, bool pooling = false) => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        Database = database,
        Pooling = pooling,
    }.ConnectionString;

    /// <summary>The database the administrative statements run in: the one the variable names, else <c>postgres</c>.</summary>
    public static string Admin
    {
        get
        {
            var settings = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false };
            settings.Database ??= "postgres";
            return settings.ConnectionString;
        }
    }

    /// <summary>Runs <paramref name="sql"/> in the administrative database.</summary>
    public static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(Admin);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
