using System;
using System.IO;
using System.Threading.Tasks;
using Factory.Ledger.Postgres;
using Npgsql;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>
/// What only the PostgreSQL ledger does (docs/ledger.md, "What only one ledger does"): a TRUNCATE to
/// refuse, flight files kept apart from the database they belong to. Opening errors are in
/// <see cref="PostgresOpeningTests"/>; everything else is in the contracts.
/// </summary>
public sealed class PostgresOnlyTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task The_audit_refuses_a_truncate_too()
    {
        // SQLite has no TRUNCATE; PostgreSQL's skips row triggers, so the ledger guards it with a statement trigger.
        await using TempLedger temp = await fixture.OpenAsync();
        await temp.Ledger.AppendAuditAsync("carol", "line.paused", "run-9", "for maintenance", "acme");

        var refused = Assert.Throws<PostgresException>(() => temp.Scalar("TRUNCATE audit"));
        Assert.Contains("the audit is append-only", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal("carol", Assert.Single(await temp.Ledger.ListAuditAsync(new AuditQuery { Tenant = "acme" })).Actor);
    }

    [Fact]
    public async Task Flight_files_go_to_a_local_folder_keyed_by_server_and_database_unless_the_options_name_one()
    {
        await using var temp = (PostgresTempLedger)await fixture.CreateAsync();
        var settings = new NpgsqlConnectionStringBuilder(temp.Database.ConnectionString);
        string name = temp.Database.Name;
        string byDefault;
        using (PostgresStore store = PostgresStore.Create(temp.Database.ConnectionString, null))
        {
            byDefault = store.FlightFolder;
            Assert.EndsWith(Path.Combine("Factory", "flight", $"{settings.Host}_{settings.Port}_{name}"), byDefault, StringComparison.Ordinal);
            Assert.Equal($"{settings.Host}:{settings.Port}/{name}", store.LedgerName);
        }

        using (PostgresStore chosen = PostgresStore.Create(temp.Database.ConnectionString, new PostgresLedgerOptions { FlightFolder = temp.Folder }))
        {
            Assert.Equal(temp.Folder, chosen.FlightFolder);
        }

        if (Directory.Exists(byDefault))
        {
            Directory.Delete(byDefault, recursive: true);
        }
    }
}
