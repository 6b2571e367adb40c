using System;
using System.Text.Json;
using System.Threading.Tasks;
using Factory.Ledger.Postgres;
using Factory.Testing;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary>The same commands against a PostgreSQL ledger (FACTORY_POSTGRES; test.sh starts a throwaway server).</summary>
public sealed class PostgresTests
{
    [Fact]
    public async Task Runs_run_show_and_tenant_scope_read_a_postgres_ledger()
    {
        await using TempDatabase database = await TempDatabase.CreateAsync();
        await using (var ledger = new PostgresLedger(database.ConnectionString, new PostgresLedgerOptions { Inputs = PlantJson.Default }))
        {
            await PlantLedger.RecordAsync(ledger);
        }

        CliResult runs = await Cli.RunAsync(["runs", "--json", "--ledger", database.ConnectionString, "--tenant", "globex"]);
        Assert.Equal(ExitCode.Ok, runs.Exit);
        JsonElement run = Assert.Single(runs.Json.GetProperty("runs").EnumerateArray());
        Assert.Equal(PlantLedger.GlobexPricing, run.GetProperty("runId").GetString());

        CliResult show = await Cli.RunAsync(["run", "show", PlantLedger.GlobexPricing, "--ledger", database.ConnectionString, "--tenant", "globex"]);
        Assert.Equal(ExitCode.Ok, show.Exit);
        Assert.Contains("6 delivered", show.Out, StringComparison.Ordinal);

        CliResult hidden = await Cli.RunAsync(["run", "show", PlantLedger.GlobexPricing, "--ledger", database.ConnectionString, "--tenant", "acme"]);
        Assert.Equal(ExitCode.NotFound, hidden.Exit);

        CliResult letters = await Cli.RunAsync(["dead-letters", "list", "--json", "--ledger", database.ConnectionString, "--tenant", "globex"]);
        Assert.Equal(2, letters.Json.GetProperty("deadLetters").GetArrayLength());
        string id = letters.Json.GetProperty("deadLetters")[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        CliResult discard = await Cli.RunAsync(["dead-letters", "discard", id, "--reason", "test", "--as", "gus", "--ledger", database.ConnectionString, "--tenant", "globex"]);
        Assert.Equal(ExitCode.Ok, discard.Exit);
        CliResult audit = await Cli.RunAsync(["audit", "--action", "dead-letter.discard", "--json", "--ledger", database.ConnectionString, "--tenant", "globex"]);
        Assert.Equal("gus", Assert.Single(audit.Json.GetProperty("entries").EnumerateArray()).GetProperty("actor").GetString());

        PlantLedger.RegisterGateCheck();
        CliResult approve = await Cli.RunAsync(["gates", "approve", PlantLedger.AcmeRefunds, "3", "--set", "Amount=250", "--permission", "refunds:approve", "--as", "ann", "--ledger", database.ConnectionString, "--tenant", "acme"]);
        Assert.True(approve.Exit == ExitCode.Ok, approve.ToString());
    }
}
