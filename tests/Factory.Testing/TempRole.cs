using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Factory.Testing;

/// <summary>
/// A login role of one test's own on the tests' server (<see cref="PostgresServer"/>), with no rights
/// beyond PUBLIC's: for tests of what a ledger says to a role that lacks one. Dropped on dispose, so
/// create it before the <see cref="TempDatabase"/> it is granted rights in (a role is dropped only
/// once the databases holding its grants are gone).
/// </summary>
public sealed class TempRole : IAsyncDisposable
{
    private readonly string server;
    private readonly string password;

    private TempRole(string server, string name, string password)
    {
        this.server = server;
        this.password = password;
        Name = name;
    }

    /// <summary>The role's name, factory_role_ and part of a guid.</summary>
    public string Name { get; }

    /// <summary>Creates the role on <paramref name="serverConnectionString"/>, by default FACTORY_POSTGRES's server.</summary>
    public static async Task<TempRole> CreateAsync(string? serverConnectionString = null, CancellationToken cancellationToken = default)
    {
        var role = new TempRole(
            serverConnectionString ?? PostgresServer.FromEnvironment(),
            "factory_role_" + Guid.NewGuid().ToString("N")[..12],
            Guid.NewGuid().ToString("N"));
        await role.ExecuteOnServerAsync($"CREATE ROLE \"{role.Name}\" LOGIN PASSWORD '{role.password}'", cancellationToken).ConfigureAwait(false);
        return role;
    }

    /// <summary>The server's connection string with this role, its password and <paramref name="database"/> in it.</summary>
    public string ConnectionStringTo(string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, Username = Name, Password = password }.ConnectionString;

    public async ValueTask DisposeAsync() =>
        await ExecuteOnServerAsync($"DROP ROLE IF EXISTS \"{Name}\"", CancellationToken.None).ConfigureAwait(false);

    private async Task ExecuteOnServerAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
