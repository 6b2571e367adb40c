using System;
using Xunit;

namespace Factory.Testing.Tests;

public class PostgresServerTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_connection_string_it_says_how_to_start_a_server(string? value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PostgresServer.From(value));

        Assert.Equal(
            "PostgreSQL tests need FACTORY_POSTGRES (an Npgsql connection string); ./test.sh starts a throwaway server and sets it, " +
            "or run: eval \"$(scripts/postgres.sh start)\"",
            error.Message);
    }

    [Fact]
    public void With_a_connection_string_it_returns_it()
    {
        Assert.Equal("Host=db;Username=u", PostgresServer.From("Host=db;Username=u"));
    }
}
