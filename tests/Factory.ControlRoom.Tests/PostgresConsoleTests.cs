using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Factory.Gates;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// The console on the shared ledger (PostgreSQL, FACTORY_POSTGRES's server; ./test.sh starts a throwaway
/// one): cross-tenant guesses leak nothing, pages keep secrets out and scripts inert, and a gate decided
/// from the console is recorded there.
/// </summary>
public sealed class PostgresConsoleTests : IAsyncLifetime
{
    private readonly Plant plant = Plant.OnPostgres();

    public Task InitializeAsync() => plant.InitializeAsync();

    public Task DisposeAsync() => plant.DisposeAsync();

    [Fact]
    public async Task On_PostgreSQL_guesses_leak_nothing_pages_keep_secrets_out_and_a_gate_decision_is_recorded()
    {
        await TenantLeakTests.GuessAsync(plant, 300);
        await TenantLeakTests.ShowAsync(plant);

        using Visitor anna = await plant.SignedInAsync("anna");
        GateItem item = (await plant.Ledger.Gates.WaitingAsync("acme-refunds"))[0];
        var form = new Dictionary<string, string>
        {
            ["run"] = item.Key.RunId,
            ["gate"] = item.Key.Gate,
            ["material"] = item.Key.MaterialId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["verdict"] = "reject",
            ["reason"] = "not eligible",
        };
        using HttpResponseMessage decided = await anna.PostAsync("/factory/gates/item", form, await anna.FormTokenAsync());
        Assert.Equal(200, (int)decided.StatusCode);
        Assert.Single(await plant.Ledger.Gates.WaitingAsync("acme-refunds"));
        Assert.Contains(await plant.Ledger.Gates.AuditAsync("acme-refunds"), a => a is { Actor: "anna", Accepted: true, Verdict: "reject: not eligible" });
    }

    [Fact]
    public async Task On_PostgreSQL_a_run_another_ledger_object_holds_is_paused_resumed_and_cancelled_through_the_ledger()
    {
        await using var other = new Factory.Ledger.Postgres.PostgresLedger(plant.ConnectionString!, new Factory.Ledger.Postgres.PostgresLedgerOptions { Inputs = ConsoleJson.Default });
        await OperatingTests.ControlsARunHeldElsewhereAsync(plant, other);
    }

    [Fact]
    public Task On_PostgreSQL_a_finished_runs_tokens_cost_and_p95_come_from_the_ledger() => SpendTests.ShowsSpendAsync(plant);
}
