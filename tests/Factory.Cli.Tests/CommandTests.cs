using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary>Every command against a SQLite ledger made by real runs of a small line.</summary>
public sealed class CommandTests : IAsyncLifetime
{
    private string ledger = string.Empty;

    public async Task InitializeAsync() => ledger = await PlantLedger.SqliteAsync();

    public Task DisposeAsync()
    {
        PlantLedger.Delete(ledger);
        return Task.CompletedTask;
    }

    private Task<CliResult> Acme(params string[] args) => Cli.RunAsync([.. args, "--ledger", ledger, "--tenant", "acme", "--as", "olga"]);

    [Fact]
    public async Task Runs_lists_the_tenants_runs_and_not_another_tenants()
    {
        CliResult table = await Acme("runs");
        Assert.Equal(ExitCode.Ok, table.Exit);
        Assert.Contains(PlantLedger.AcmePricing, table.Out, StringComparison.Ordinal);
        Assert.Contains(PlantLedger.AcmeRefunds, table.Out, StringComparison.Ordinal);
        Assert.Contains("awaiting-decision", table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("globex", table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", table.Out, StringComparison.Ordinal);

        CliResult failed = await Acme("runs", "--state", "completed", "--line", "Pricing");
        Assert.Contains(PlantLedger.AcmePricing, failed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(PlantLedger.AcmeRefunds, failed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_json_has_the_documented_schema()
    {
        CliResult result = await Acme("runs", "--output", "json", "--line", "Pricing");
        Assert.Equal(ExitCode.Ok, result.Exit);
        JsonElement run = Assert.Single(result.Json.GetProperty("runs").EnumerateArray());
        string[] names = [.. run.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["runId", "line", "lineHash", "tenant", "jobId", "status", "started", "ended", "starts", "inputs", "inputsDone", "deadLetters", "error"], names);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(12, run.GetProperty("inputs").GetInt64());
        Assert.Equal(3, run.GetProperty("deadLetters").GetInt64());
        Assert.Equal(64, run.GetProperty("lineHash").GetString()!.Length);
    }

    [Fact]
    public async Task Run_show_counts_each_stations_attempts_and_failures()
    {
        CliResult result = await Acme("run", "show", PlantLedger.AcmePricing, "--json");
        Assert.Equal(ExitCode.Ok, result.Exit);
        JsonElement[] stations = [.. result.Json.GetProperty("stations").EnumerateArray()];
        JsonElement price = stations.Single(s => s.GetProperty("station").GetString() == "Price");
        JsonElement pack = stations.Single(s => s.GetProperty("station").GetString() == "Pack");

        // 12 orders; 3 fail twice each (MaxAttempts 2): 9 + 6 attempts, 3 dead letters; Pack sees the 9.
        Assert.Equal(15, price.GetProperty("attempts").GetInt64());
        Assert.Equal(6, price.GetProperty("failed").GetInt64());
        Assert.Equal(3, price.GetProperty("deadLettered").GetInt64());
        // The declared version with the station's code hash beside it, as the ledger records each attempt.
        Assert.Equal(Price.Descriptor.FullVersion, price.GetProperty("versions").GetString());
        Assert.StartsWith("2+", Price.Descriptor.FullVersion, StringComparison.Ordinal);
        Assert.Equal(9, pack.GetProperty("attempts").GetInt64());
        Assert.Equal(9, result.Json.GetProperty("inputs").GetProperty("delivered").GetInt64());
        Assert.Equal(3, result.Json.GetProperty("inputs").GetProperty("dead-lettered").GetInt64());

        CliResult table = await Acme("run", "show", PlantLedger.AcmePricing);
        Assert.Contains("Price", table.Out, StringComparison.Ordinal);
        Assert.Contains("9 delivered", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Materials_narrow_by_outcome_and_station()
    {
        CliResult result = await Acme("materials", PlantLedger.AcmePricing, "--outcome", "dead-lettered", "--station", "Price", "--json");
        Assert.Equal(ExitCode.Ok, result.Exit);
        long[] ids = [.. result.Json.GetProperty("materials").EnumerateArray().Select(m => m.GetProperty("id").GetInt64())];
        Assert.Equal([4, 8, 12], ids);
    }

    [Fact]
    public async Task Provenance_shows_every_attempt_and_the_input_as_json()
    {
        CliResult result = await Acme("provenance", PlantLedger.AcmePricing, "4", "--json");
        Assert.Equal(ExitCode.Ok, result.Exit);
        JsonElement[] attempts = [.. result.Json.GetProperty("attempts").EnumerateArray()];
        Assert.Equal([1, 2], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.All(attempts, a => Assert.Equal("failed", a.GetProperty("outcome").GetString()));
        JsonElement input = result.Json.GetProperty("deadLetter").GetProperty("input");
        Assert.Equal(JsonValueKind.Object, input.ValueKind);
        Assert.Equal(4, input.GetProperty("Id").GetInt32());

        CliResult table = await Acme("provenance", PlantLedger.AcmePricing, "4");
        Assert.Contains("\"Amount\": 40", table.Out, StringComparison.Ordinal);
        Assert.Contains("no price list for order 4", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenants_operator_sees_nothing_of_another_tenant()
    {
        CliResult show = await Acme("run", "show", PlantLedger.GlobexPricing);
        Assert.Equal(ExitCode.NotFound, show.Exit);
        Assert.Contains($"No run {PlantLedger.GlobexPricing} of tenant 'acme'", show.Error, StringComparison.Ordinal);

        CliResult letters = await Acme("dead-letters", "list", "--json");
        JsonElement[] all = [.. letters.Json.GetProperty("deadLetters").EnumerateArray()];
        Assert.Equal(3, all.Length);
        Assert.All(all, l => Assert.Equal("acme", l.GetProperty("tenant").GetString()));

        CliResult globexLetter = await Cli.RunAsync(["dead-letters", "list", "--json", "--ledger", ledger, "--tenant", "globex"]);
        long theirs = globexLetter.Json.GetProperty("deadLetters")[0].GetProperty("id").GetInt64();
        CliResult discard = await Acme("dead-letters", "discard", theirs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reason", "not mine");
        Assert.Equal(ExitCode.NotFound, discard.Exit);

        CliResult everyone = await Cli.RunAsync(["runs", "--all-tenants", "--as", "root", "--ledger", ledger]);
        Assert.Contains(PlantLedger.GlobexPricing, everyone.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_discarded_dead_letter_is_audited_with_the_operator()
    {
        CliResult list = await Acme("dead-letters", "list", "--json");
        long id = list.Json.GetProperty("deadLetters")[0].GetProperty("id").GetInt64();
        string text = id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        CliResult discard = await Acme("dead-letters", "discard", text, "--reason", "customer withdrew");
        Assert.Equal(ExitCode.Ok, discard.Exit);
        CliResult again = await Acme("dead-letters", "discard", text, "--reason", "twice");
        Assert.Equal(ExitCode.Refused, again.Exit);
        Assert.Contains("discarded", again.Error, StringComparison.Ordinal);

        CliResult audit = await Acme("audit", "--action", "dead-letter.discard", "--json");
        JsonElement entry = Assert.Single(audit.Json.GetProperty("entries").EnumerateArray());
        Assert.Equal("olga", entry.GetProperty("actor").GetString());
        Assert.Equal("dead-letter:" + text, entry.GetProperty("target").GetString());
        Assert.Contains("customer withdrew", entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gate_item_is_approved_with_an_edit_and_an_invalid_edit_is_refused_with_its_problems()
    {
        PlantLedger.RegisterGateCheck();
        CliResult waiting = await Acme("gates", "list", "--json");
        Assert.Equal(3, waiting.Json.GetProperty("waiting").GetArrayLength());
        Assert.Equal(120, waiting.Json.GetProperty("waiting")[0].GetProperty("payload").GetProperty("Amount").GetDecimal());

        CliResult invalid = await Acme("gates", "approve", PlantLedger.AcmeRefunds, "1", "--set", "Amount=9000", "--permission", "refunds:approve");
        Assert.Equal(ExitCode.Refused, invalid.Exit);
        Assert.Contains("Amount", invalid.Error, StringComparison.Ordinal);
        Assert.Contains("  - ", invalid.Error, StringComparison.Ordinal);

        CliResult noPermission = await Acme("gates", "approve", PlantLedger.AcmeRefunds, "1");
        Assert.Equal(ExitCode.Refused, noPermission.Exit);
        Assert.Contains("olga holds none of the permissions", noPermission.Error, StringComparison.Ordinal);

        CliResult badField = await Acme("gates", "approve", PlantLedger.AcmeRefunds, "1", "--set", "Amonut=90", "--permission", "refunds:approve");
        Assert.Equal(ExitCode.Usage, badField.Exit);
        Assert.Contains("no field Amonut; its fields are Id, Amount, Customer", badField.Error, StringComparison.Ordinal);

        CliResult edited = await Acme("gates", "approve", PlantLedger.AcmeRefunds, "1", "--set", "Amount=90", "--permission", "refunds:approve");
        Assert.Equal(ExitCode.Ok, edited.Exit);
        Assert.Contains("approved by olga", edited.Out, StringComparison.Ordinal);

        CliResult twice = await Acme("gates", "approve", PlantLedger.AcmeRefunds, "1", "--gate", "ApproveRefund", "--permission", "refunds:approve");
        Assert.Equal(ExitCode.Refused, twice.Exit);
        Assert.Contains("already approved by olga", twice.Error, StringComparison.Ordinal);

        CliResult noReason = await Acme("gates", "reject", PlantLedger.AcmeRefunds, "2", "--permission", "refunds:approve");
        Assert.Equal(ExitCode.Usage, noReason.Exit);
        CliResult rejected = await Acme("gates", "reject", PlantLedger.AcmeRefunds, "2", "--reason", "duplicate", "--permission", "refunds:approve");
        Assert.Equal(ExitCode.Ok, rejected.Exit);

        CliResult left = await Acme("gates", "list", "--json");
        Assert.Equal(3, Assert.Single(left.Json.GetProperty("waiting").EnumerateArray()).GetProperty("materialId").GetInt64());
        CliResult audit = await Acme("audit", "--action", "gate.decision", "--json");
        Assert.Equal(5, audit.Json.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task An_edit_without_the_payloads_type_is_refused_and_audited()
    {
        CliResult result = await ToolProcess.RunAsync(
            "gates", "approve", PlantLedger.InitechVouchers, "1", "--set", "Value=10", "--permission", "vouchers:approve", "--ledger", ledger, "--tenant", "initech", "--as", "vic");
        Assert.True(result.Exit == ExitCode.Refused, result.ToString());
        Assert.Contains("edit from your application's own entry point", result.Error, StringComparison.Ordinal);
        CliResult audit = await Cli.RunAsync(["audit", "--action", "gate.decision", "--json", "--ledger", ledger, "--tenant", "initech"]);
        Assert.Equal("vic", Assert.Single(audit.Json.GetProperty("entries").EnumerateArray()).GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Replay_dry_run_says_what_and_through_which_line_and_changes_nothing()
    {
        CliResult dry = await Acme("dead-letters", "replay", "--run", PlantLedger.AcmePricing, "--dry-run");
        Assert.Equal(ExitCode.Ok, dry.Exit);
        Assert.Contains("3 dead letter(s) can be replayed", dry.Out, StringComparison.Ordinal);
        Assert.Contains("3 from station Price v2 of line Pricing (descriptor hash ", dry.Out, StringComparison.Ordinal);

        CliResult refused = await Acme("dead-letters", "replay", "--run", PlantLedger.AcmePricing, "--yes");
        Assert.Equal(ExitCode.Refused, refused.Exit);
        Assert.Contains("does not have the code of line Pricing", refused.Error, StringComparison.Ordinal);

        CliResult open = await Acme("dead-letters", "list", "--json");
        Assert.Equal(3, open.Json.GetProperty("deadLetters").GetArrayLength());
        CliResult audit = await Acme("audit", "--action", "dead-letter.replay", "--json");
        Assert.Equal(0, audit.Json.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Replay_through_the_applications_line_is_confirmed_and_audited()
    {
        var replays = new Replay.LineReplays().Add("Pricing", () => new Pricing(new Price(), new Pack()), PlantJson.Default.Order);
        string[] args = ["dead-letters", "replay", "--run", PlantLedger.AcmePricing, "--ledger", ledger, "--tenant", "acme", "--as", "olga"];
        CliResult unconfirmed = await Cli.RunAsync(args, replays: replays);
        Assert.Equal(ExitCode.Refused, unconfirmed.Exit);
        Assert.Contains("pass --yes", unconfirmed.Error, StringComparison.Ordinal);

        CliResult replayed = await Cli.RunAsync([.. args, "--yes"], replays: replays);
        Assert.Equal(ExitCode.Ok, replayed.Exit);
        CliResult audit = await Acme("audit", "--action", "dead-letter.replay", "--json");
        Assert.Equal(3, audit.Json.GetProperty("entries").GetArrayLength());
        Assert.All(audit.Json.GetProperty("entries").EnumerateArray(), e => Assert.Equal("olga", e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Exit_codes_name_the_bad_input()
    {
        CliResult noLedger = await Cli.RunAsync(["runs", "--tenant", "acme"]);
        Assert.Equal(ExitCode.Usage, noLedger.Exit);
        Assert.Contains("FACTORY_LEDGER", noLedger.Error, StringComparison.Ordinal);

        CliResult missing = await Cli.RunAsync(["runs", "--tenant", "acme", "--ledger", ledger + ".nope"]);
        Assert.Equal(ExitCode.Unreachable, missing.Exit);
        Assert.Contains("There is no ledger file", missing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ledger + ".nope"));

        CliResult noTenant = await Cli.RunAsync(["runs", "--ledger", ledger]);
        Assert.Equal(ExitCode.Usage, noTenant.Exit);
        Assert.Contains("--all-tenants", noTenant.Error, StringComparison.Ordinal);

        CliResult badState = await Acme("runs", "--state", "exploded");
        Assert.Equal(ExitCode.Usage, badState.Exit);
        Assert.Contains("--state exploded is not a run state", badState.Error, StringComparison.Ordinal);

        Assert.Equal(ExitCode.Usage, (await Acme("conveyors")).Exit);
        Assert.Equal(ExitCode.NotFound, (await Acme("dead-letters", "show", "999")).Exit);
        Assert.Equal(ExitCode.NotFound, (await Acme("provenance", PlantLedger.AcmePricing, "999")).Exit);
        Assert.Equal(ExitCode.Usage, (await Acme("dead-letters", "discard", "1")).Exit);
    }
}
