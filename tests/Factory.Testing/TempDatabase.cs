using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Factory.Testing;

/// <summary>
/// A database of one test's own on the tests' server (<see cref="PostgresServer"/>): factory_test_&lt;guid&gt;,
/// created on <see cref="CreateAsync"/>, dropped on dispose even while connections to it are open.
/// </summary>
public sealed class TempDatabase : IAsyncDisposable
{
    private readonly string server;

    private TempDatabase(string server, string name)
    {
        this.server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>The database's name, factory_test_ and a guid.</summary>
    public string Name { get; }

    /// <summary>The server's connection string with this database in it.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates the database on <paramref name="serverConnectionString"/>, by default FACTORY_POSTGRES's server.</summary>
    public static async Task<TempDatabase> CreateAsync(string? serverConnectionString = null, CancellationToken cancellationToken = default)
    {
        var database = new TempDatabase(
            serverConnectionString ?? PostgresServer.FromEnvironment(),
            "factory_test_" + Guid.NewGuid().ToString("N"));
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database.Name}\"", cancellationToken).ConfigureAwait(false);
        return database;
    }

    /// <summary>Drops the database; FORCE ends the connections still open to it.</summary>
    public async ValueTask DisposeAsync()
    {
        // Pooled connections to it are about to be killed: drop them from the pool so no later test is handed one.
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ExecuteOnServerAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
