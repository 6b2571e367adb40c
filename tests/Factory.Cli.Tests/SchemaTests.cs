using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary>The JSON every listing prints, field by field, as docs/cli.md documents it: scripts rely on these names.</summary>
public sealed class SchemaTests : IAsyncLifetime
{
    private string ledger = string.Empty;

    public async Task InitializeAsync() => ledger = await PlantLedger.SqliteAsync();

    public Task DisposeAsync()
    {
        PlantLedger.Delete(ledger);
        return Task.CompletedTask;
    }

    private async Task<JsonElement> Json(params string[] args)
    {
        CliResult result = await Cli.RunAsync([.. args, "--json", "--ledger", ledger, "--tenant", "acme"]);
        Assert.True(result.Exit == ExitCode.Ok, result.ToString());
        return result.Json;
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public async Task Every_listing_prints_the_documented_fields()
    {
        JsonElement show = await Json("run", "show", PlantLedger.AcmePricing);
        Assert.Equal(["run", "inputs", "stations"], Names(show));
        Assert.Equal(
            ["station", "versions", "attempts", "succeeded", "failed", "timedOut", "deadLettered", "discarded", "split", "meanMs", "longestMs", "inputTokens", "outputTokens", "models"],
            Names(show.GetProperty("stations")[0]));

        JsonElement materials = await Json("materials", PlantLedger.AcmePricing);
        Assert.Equal(["runId", "materials"], Names(materials));
        Assert.Equal(["id", "parentId", "root", "sequence", "outcome", "station"], Names(materials.GetProperty("materials")[0]));

        JsonElement provenance = await Json("provenance", PlantLedger.AcmePricing, "4");
        Assert.Equal(["runId", "materialId", "material", "attempts", "deadLetter", "gate"], Names(provenance));
        Assert.Equal(
            ["station", "version", "attempt", "start", "started", "durationMs", "outcome", "exceptionType", "message", "model", "inputTokens", "outputTokens"],
            Names(provenance.GetProperty("attempts")[0]));

        string[] letter = ["id", "runId", "tenant", "line", "materialId", "station", "stationVersion", "attempts", "exceptionType", "message", "time", "status", "inputType", "inputStatus", "resolvedBy", "resolvedAt", "reason", "replayRunId"];
        JsonElement letters = await Json("dead-letters", "list");
        Assert.Equal(letter, Names(letters.GetProperty("deadLetters")[0]));
        long id = letters.GetProperty("deadLetters")[0].GetProperty("id").GetInt64();
        JsonElement one = await Json("dead-letters", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string[] withInput = [.. letter, "input"];
        Assert.Equal(withInput, Names(one));

        JsonElement replay = await Json("dead-letters", "replay", "--run", PlantLedger.AcmePricing, "--dry-run");
        Assert.Equal(["replayable", "groups", "skipped"], Names(replay));
        Assert.Equal(["line", "lineHash", "station", "stationVersion", "inputType", "count"], Names(replay.GetProperty("groups")[0]));

        JsonElement waiting = await Json("gates", "list");
        Assert.Equal(
            ["runId", "gate", "materialId", "tenant", "submitter", "approvers", "fourEyes", "parked", "deadline", "payload", "presented"],
            Names(waiting.GetProperty("waiting")[0]));

        JsonElement decided = await Json("gates", "approve", PlantLedger.AcmeRefunds, "2", "--permission", "refunds:approve");
        Assert.Equal(["runId", "gate", "materialId", "accepted", "decision", "edited", "refusal", "problems"], Names(decided));

        string[] sample = ["id", "runId", "tenant", "line", "station", "stationVersion", "materialId", "root", "reason", "inputType", "outputType", "sampled", "status", "review"];
        JsonElement samples = await Json("reviews", "list");
        Assert.Equal(sample, Names(samples.GetProperty("samples")[0]));
        string sampleId = samples.GetProperty("samples")[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        JsonElement reviewed = await Json("reviews", "defect", sampleId, "--category", "c", "--note", "n");
        Assert.Equal(sample, Names(reviewed));
        Assert.Equal(["reviewer", "verdict", "category", "note", "time", "corrected"], Names(reviewed.GetProperty("review")));
        JsonElement shown = await Json("reviews", "show", sampleId);
        Assert.Equal([.. sample, "input", "output"], Names(shown));
        JsonElement rates = await Json("quality");
        Assert.Equal(["rates"], Names(rates));
        Assert.Equal(["tenant", "station", "stationVersion", "version", "codeHash", "from", "to", "inspected", "defects", "rate", "low", "high"], Names(rates.GetProperty("rates")[0]));

        JsonElement audit = await Json("audit");
        Assert.Equal(["id", "time", "actor", "action", "tenant", "target", "detail"], Names(audit.GetProperty("entries")[0]));
    }
}
