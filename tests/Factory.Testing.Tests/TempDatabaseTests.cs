using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace Factory.Testing.Tests;

public class TempDatabaseTests
{
    [Fact]
    public async Task It_exists_until_disposed_then_it_is_gone()
    {
        var server = PostgresServer.FromEnvironment();
        var database = await TempDatabase.CreateAsync();

        Assert.StartsWith("factory_test_", database.Name);
        Assert.True(await Catalog.DatabaseExistsAsync(server, database.Name));
        Assert.Equal(database.Name, new NpgsqlConnectionStringBuilder(database.ConnectionString).Database);
        Assert.Equal(1, await Catalog.SelectOneAsync(database.ConnectionString));

        await database.DisposeAsync();

        Assert.False(await Catalog.DatabaseExistsAsync(server, database.Name));
    }

    [Fact]
    public async Task It_is_dropped_while_a_connection_to_it_is_open()
    {
        var server = PostgresServer.FromEnvironment();
        var database = await TempDatabase.CreateAsync();
        await using var open = new NpgsqlConnection(database.ConnectionString);
        await open.OpenAsync();

        await database.DisposeAsync();

        Assert.False(await Catalog.DatabaseExistsAsync(server, database.Name));
    }

    [Fact]
    public async Task Two_have_different_names()
    {
        await using var first = await TempDatabase.CreateAsync();
        await using var second = await TempDatabase.CreateAsync();

        Assert.NotEqual(first.Name, second.Name);
    }
}
