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
    public async Task Runs_run_show_reviews_quality_and_tenant_scope_read_a_postgres_ledger()
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

        CliResult samples = await Cli.RunAsync(["reviews", "list", "--pending", "--station", "Price", "--json", "--ledger", database.ConnectionString, "--tenant", "globex"]);
        Assert.Equal(6, samples.Json.GetProperty("samples").GetArrayLength());
        string sample = samples.Json.GetProperty("samples")[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ExitCode.NotFound, (await Cli.RunAsync(["reviews", "ok", sample, "--as", "ann", "--ledger", database.ConnectionString, "--tenant", "acme"])).Exit);
        Assert.Equal(ExitCode.Ok, (await Cli.RunAsync(["reviews", "defect", sample, "--category", "wrong-total", "--as", "gus", "--ledger", database.ConnectionString, "--tenant", "globex"])).Exit);
        CliResult twice = await Cli.RunAsync(["reviews", "ok", sample, "--as", "hal", "--ledger", database.ConnectionString, "--tenant", "globex"]);
        Assert.Equal(ExitCode.Refused, twice.Exit);
        Assert.Contains("by gus at", twice.Error, StringComparison.Ordinal);
        CliResult quality = await Cli.RunAsync(["quality", "--json", "--ledger", database.ConnectionString, "--tenant", "globex"]);
        JsonElement rate = Assert.Single(quality.Json.GetProperty("rates").EnumerateArray());
        Assert.Equal((1, 1), (rate.GetProperty("inspected").GetInt64(), rate.GetProperty("defects").GetInt64()));
    }
}
