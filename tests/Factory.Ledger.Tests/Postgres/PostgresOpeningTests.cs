using System;
using System.Threading.Tasks;
using Factory.Ledger.Postgres;
using Factory.Ledger.Relational;
using Factory.Testing;
using Npgsql;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// What only the PostgreSQL ledger can be given wrong: a connection string, a server, a database, a
/// role's rights. Each is refused when the ledger is opened, saying what to fix.
/// </summary>
public sealed class PostgresOpeningTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const string Canary = "pw-canary-5d1e";

    [Fact]
    public void A_keyword_Npgsql_does_not_know_is_named_and_the_password_is_not_repeated()
    {
        var refused = Assert.Throws<LedgerException>(() => new PostgresLedger($"{PostgresServer.FromEnvironment()};Password={Canary};Prot=5432"));
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
        var settings = new NpgsqlConnectionStringBuilder(PostgresServer.FromEnvironment()) { Database = missing };
        var refused = Assert.Throws<LedgerException>(() => new PostgresLedger(settings.ConnectionString));
        Assert.Contains($"The PostgreSQL database '{missing}' does not exist on {settings.Host}:{settings.Port}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"createdb -h {settings.Host} -p {settings.Port} -U {settings.Username} {missing}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_may_not_connect_is_told_the_grant_it_needs()
    {
        // The role first: it is dropped after the database that holds its grants.
        await using TempRole role = await TempRole.CreateAsync();
        await using PostgresTempLedger temp = await CreateAsync();
        string name = temp.Database.Name;
        temp.Scalar($"REVOKE CONNECT ON DATABASE \"{name}\" FROM PUBLIC");

        var refused = Assert.Throws<LedgerException>(() => OpenAs(role, temp));
        Assert.Contains($"Role '{role.Name}' may not connect to the PostgreSQL database '{name}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"GRANT CONNECT ON DATABASE \"{name}\" TO \"{role.Name}\";", refused.Message, StringComparison.Ordinal);

        // Creating the ledger's tables then needs CREATE on the schema (PUBLIC lacks it since PostgreSQL 15).
        temp.Scalar($"GRANT CONNECT ON DATABASE \"{name}\" TO \"{role.Name}\"");
        temp.Scalar("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        var cannotCreate = Assert.Throws<LedgerException>(() => OpenAs(role, temp));
        Assert.Contains($"Role '{role.Name}' cannot create the ledger's tables (runs, inputs,", cannotCreate.Message, StringComparison.Ordinal);
        Assert.Contains($"The first open needs GRANT CREATE ON SCHEMA \"public\" TO \"{role.Name}\";", cannotCreate.Message, StringComparison.Ordinal);

        // With the grants the messages named, it opens and records.
        temp.Scalar($"GRANT CREATE ON SCHEMA public TO \"{role.Name}\"");
        await using PostgresLedger ledger = OpenAs(role, temp);
        await Runs.RunAsync(new StampLine(new Stamp(0)), Runs.Orders(3), Runs.With(ledger, "granted"));
        Assert.Equal(3, (await ledger.GetRunAsync("granted"))!.InputsDone);
    }

    [Fact]
    public async Task A_role_without_rights_on_the_tables_is_told_which_it_lacks_and_the_grant_that_gives_them()
    {
        await using TempRole role = await TempRole.CreateAsync();
        await using PostgresTempLedger temp = await CreateAsync();
        string name = temp.Database.Name;
        await using (RelationalLedger owner = temp.OpenAnother(temp.Settings))
        {
            // The tables are made by the server's role.
        }

        var refused = Assert.Throws<LedgerException>(() => OpenAs(role, temp));
        Assert.Contains($"Role '{role.Name}' lacks rights the ledger needs in the PostgreSQL database '{name}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SELECT on runs, INSERT on runs, UPDATE on runs, DELETE on runs", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SELECT on audit, INSERT on audit.", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"public\" TO \"{role.Name}\";", refused.Message, StringComparison.Ordinal);

        temp.Scalar($"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{role.Name}\"");
        await using PostgresLedger ledger = OpenAs(role, temp);
        var journal = new Journal();
        await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), Runs.Orders(4, i => i == 1 ? "bad" : "ok"), Runs.With(ledger, "granted"));
        RunRecord run = (await ledger.GetRunAsync("granted"))!;
        Assert.Equal((4L, 1L), (run.InputsDone, run.DeadLetters));
        DeadLetterRecord letter = Assert.Single(await ledger.ListDeadLettersAsync());
        await ledger.DiscardDeadLetterAsync(letter.Id, "dave", "granted role discards");
    }

    [Fact]
    public async Task A_role_that_may_not_create_temporary_tables_is_told_the_grant_it_needs()
    {
        await using TempRole role = await TempRole.CreateAsync();
        await using PostgresTempLedger temp = await CreateAsync();
        string name = temp.Database.Name;
        await using (RelationalLedger owner = temp.OpenAnother(temp.Settings))
        {
            // The tables are made by the server's role.
        }

        temp.Scalar($"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{role.Name}\"");
        temp.Scalar($"REVOKE TEMPORARY ON DATABASE \"{name}\" FROM PUBLIC");
        var refused = Assert.Throws<LedgerException>(() => OpenAs(role, temp));
        Assert.Contains($"Role '{role.Name}' may not create temporary tables in the PostgreSQL database '{name}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"GRANT TEMPORARY ON DATABASE \"{name}\" TO \"{role.Name}\";", refused.Message, StringComparison.Ordinal);

        // With the grant it opens, and its writer stages and merges a run's rows.
        temp.Scalar($"GRANT TEMPORARY ON DATABASE \"{name}\" TO \"{role.Name}\"");
        await using PostgresLedger ledger = OpenAs(role, temp);
        await Runs.RunAsync(new StampLine(new Stamp(0)), Runs.Orders(3), Runs.With(ledger, "granted"));
        Assert.Equal(3, (await ledger.GetRunAsync("granted"))!.InputsDone);
    }

    private async Task<PostgresTempLedger> CreateAsync() => (PostgresTempLedger)await fixture.CreateAsync();

    private static PostgresLedger OpenAs(TempRole role, PostgresTempLedger temp) =>
        new(role.ConnectionStringTo(temp.Database.Name), new PostgresLedgerOptions { Inputs = LedgerJson.Default, FlightFolder = temp.FlightFolder });
}
