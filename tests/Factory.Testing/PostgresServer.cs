using System;

namespace Factory.Testing;

/// <summary>The PostgreSQL server the tests use: the one FACTORY_POSTGRES names (./test.sh sets it).</summary>
public static class PostgresServer
{
    /// <summary>The environment variable holding the server's Npgsql connection string; its role may CREATE DATABASE.</summary>
    public const string Variable = "FACTORY_POSTGRES";

    /// <summary>What a PostgreSQL test says when there is no server: it fails with this, it never skips.</summary>
    public const string Instruction =
        "PostgreSQL tests need FACTORY_POSTGRES (an Npgsql connection string); ./test.sh starts a throwaway server and sets it, " +
        "or run: eval \"$(scripts/postgres.sh start)\"";

    /// <summary>The connection string from FACTORY_POSTGRES; throws <see cref="Instruction"/> when it is not set.</summary>
    public static string FromEnvironment() => From(Environment.GetEnvironmentVariable(Variable));

    // Separate from the environment so a test can check the message without unsetting a variable other tests read.
    internal static string From(string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException(Instruction) : value;
}
