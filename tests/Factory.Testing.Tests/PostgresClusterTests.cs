using System.IO;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace Factory.Testing.Tests;

public class PostgresClusterTests
{
    [Fact]
    public async Task It_starts_answers_stops_and_answers_again_after_a_restart()
    {
        await using var cluster = PostgresCluster.Create();

        await cluster.StartAsync();
        Assert.Equal(1, await Catalog.SelectOneAsync(cluster.ConnectionString));

        await cluster.StopAsync(fast: true);
        await Assert.ThrowsAsync<NpgsqlException>(() => Catalog.SelectOneAsync(cluster.ConnectionString));

        await cluster.StartAsync();
        Assert.Equal(1, await Catalog.SelectOneAsync(cluster.ConnectionString));
        Assert.Equal(cluster.Port, new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Port);
    }

    [Fact]
    public async Task A_fast_stop_ends_a_connection_that_is_open()
    {
        await using var cluster = PostgresCluster.Create();
        await cluster.StartAsync();
        await using var open = new NpgsqlConnection(cluster.ConnectionString);
        await open.OpenAsync();

        await cluster.StopAsync(fast: true);

        await using var command = new NpgsqlCommand("SELECT 1", open);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Dispose_stops_it_and_deletes_its_directory()
    {
        var cluster = PostgresCluster.Create();
        await cluster.StartAsync();
        Assert.True(Directory.Exists(cluster.Directory));

        await cluster.DisposeAsync();

        Assert.False(Directory.Exists(cluster.Directory));
        await Assert.ThrowsAsync<NpgsqlException>(() => Catalog.SelectOneAsync(cluster.ConnectionString));
    }

    [Fact]
    public async Task Without_the_password_it_refuses()
    {
        await using var cluster = PostgresCluster.Create();
        await cluster.StartAsync();
        var wrong = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Password = "wrong" }.ConnectionString;

        var error = await Assert.ThrowsAsync<PostgresException>(() => Catalog.SelectOneAsync(wrong));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }
}
