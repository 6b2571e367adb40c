using System;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace Factory.Ledger.Postgres.Tests;

/// <summary>Each way of pointing a ledger at the wrong place is refused when the ledger is opened, saying what to fix.</summary>
public sealed class BadInputTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Canary = "pw-canary-5d1e";

    [Fact]
    public void A_keyword_Npgsql_does_not_know_is_named_and_the_password_is_not_repeated()
    {
        var refused = Assert.Throws<LedgerException>(() => new PostgresLedger($"{database.ConnectionString};Password={Canary};Prot=5432"));
        Assert.Contains("the keyword 'Prot', which Npgsql does not know", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_Npgsql_cannot_use_is_named_by_its_keyword()
    {
        var refused = Assert.Throws<LedgerException>(() => new PostgresLedger($"Host=127.0.0.1;Port=fifty;Password={Canary}"));
        Assert.Contains("The PostgreSQL connection string's Port has a value Npgsql cannot use: fix it.", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, refused.Message, StringComparison.Ordinal);

        var noHost = Assert.Throws<LedgerException>(() => new PostgresLedger("Database=factory;Username=factory"));
        Assert.Contains("names no server: add Host=", noHost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_does_not_answer_is_named_by_host_and_port()
    {
        // Port 1 on loopback: nothing listens there.
        var refused = Assert.Throws<LedgerException>(() => new PostgresLedger("Host=127.0.0.1;Port=1;Database=factory;Username=factory;Timeout=5"));
        Assert.Contains("Cannot reach the PostgreSQL server at 127.0.0.1:1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_database_is_named_with_the_command_that_creates_it()
    {
        string missing = "factory_missing_" + Guid.NewGuid().ToString("N");
        var settings = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = missing };
        var refused = Assert.Throws<LedgerException>(() => new PostgresLedger(settings.ConnectionString));
        Assert.Contains($"The PostgreSQL database '{missing}' does not exist on {settings.Host}:{settings.Port}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"createdb -h {settings.Host} -p {settings.Port} -U {settings.Username} {missing}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_may_not_connect_is_told_the_grant_it_needs()
    {
        string name = database.Another();
        PostgresServer.Execute($"REVOKE CONNECT ON DATABASE \"{name}\" FROM PUBLIC");
        (string role, string connectionString) = database.Role(name);

        var refused = Assert.Throws<LedgerException>(() => new PostgresLedger(connectionString, database.Options));
        Assert.Contains($"Role '{role}' may not connect to the PostgreSQL database '{name}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"GRANT CONNECT ON DATABASE \"{name}\" TO \"{role}\";", refused.Message, StringComparison.Ordinal);

        // Creating the ledger's tables then needs CREATE on the schema (PUBLIC lacks it since PostgreSQL 15).
        PostgresServer.Execute($"GRANT CONNECT ON DATABASE \"{name}\" TO \"{role}\"");
        Execute(name, $"REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        var cannotCreate = Assert.Throws<LedgerException>(() => new PostgresLedger(connectionString, database.Options));
        Assert.Contains($"Role '{role}' cannot create the ledger's tables (runs, inputs,", cannotCreate.Message, StringComparison.Ordinal);
        Assert.Contains($"The first open needs GRANT CREATE ON SCHEMA \"public\" TO \"{role}\";", cannotCreate.Message, StringComparison.Ordinal);

        // With the grants the messages named, it opens and records.
        Execute(name, $"GRANT CREATE ON SCHEMA public TO \"{role}\"");
        await using var ledger = new PostgresLedger(connectionString, database.Options);
        await Runs.RunAsync(new OrderLine(new Receive(new Journal()), new Ship(new Journal())), Runs.Orders(3), Runs.With(ledger, "granted"));
        Assert.Equal(3, (await ledger.GetRunAsync("granted"))!.InputsDone);
    }

    [Fact]
    public async Task A_role_without_rights_on_the_tables_is_told_which_it_lacks_and_the_grant_that_gives_them()
    {
        string name = database.Another();
        await using (new PostgresLedger(PostgresServer.For(name, pooling: true), database.Options))
        {
            // The tables are made by the server's role.
        }

        (string role, string connectionString) = database.Role(name);
        var refused = Assert.Throws<LedgerException>(() => new PostgresLedger(connectionString, database.Options));
        Assert.Contains($"Role '{role}' lacks rights the ledger needs in the PostgreSQL database '{name}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SELECT on runs, INSERT on runs, UPDATE on runs, DELETE on runs", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SELECT on audit, INSERT on audit.", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"public\" TO \"{role}\";", refused.Message, StringComparison.Ordinal);

        Execute(name, $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{role}\"");
        await using var ledger = new PostgresLedger(connectionString, database.Options);
        await Runs.RunAsync(new OrderLine(new Receive(new Journal()), new Ship(new Journal())), Runs.Orders(4, i => i == 1 ? "bad" : "ok"), Runs.With(ledger, "granted"));
        Assert.Equal((4L, 1L), ((await ledger.GetRunAsync("granted"))!.InputsDone, (await ledger.GetRunAsync("granted"))!.DeadLetters));
        DeadLetterRecord letter = Assert.Single(await ledger.ListDeadLettersAsync());
        await ledger.DiscardDeadLetterAsync(letter.Id, "dave", "granted role discards");
    }

    private static void Execute(string databaseName, string sql)
    {
        using var connection = new NpgsqlConnection(PostgresServer.For(databaseName));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
