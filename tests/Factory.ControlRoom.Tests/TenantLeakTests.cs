using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>
/// An admin of globex guessing ids of acme's runs, materials, dead letters and gate items gets, for
/// each, exactly the answer a made-up id gets: not one byte that tells acme's records exist. And what
/// the console shows is encoded: a ticket body of &lt;script&gt; is text, the canary secret and the
/// sensitive note appear nowhere.
/// </summary>
[Collection(PlantCollection.Name)]
public sealed partial class TenantLeakTests(Plant plant)
{
    [Fact]
    public Task A_thousand_id_guesses_across_tenants_leak_zero_bytes() => GuessAsync(plant, 1_000);

    [Fact]
    public Task A_script_ticket_body_is_shown_encoded_and_the_canary_secret_and_sensitive_note_appear_nowhere() => ShowAsync(plant);

    /// <summary><paramref name="count"/> guesses by globex's admin at acme's ids: each answers as a made-up id does.</summary>
    internal static async Task GuessAsync(Plant plant, int count)
    {
        using Visitor gail = await plant.SignedInAsync("gail");
        string token = await gail.FormTokenAsync();
        IReadOnlyList<DeadLetterRecord> acmeLetters = await plant.Ledger.View(LedgerScope.ForTenant("acme")).ListDeadLettersAsync(new DeadLetterQuery { Status = null });
        IReadOnlyList<GateItem> acmeItems = (await plant.Ledger.Gates.WaitingAsync()).Where(i => i.Tenant == "acme").ToArray();
        Assert.NotEmpty(acmeLetters);
        Assert.NotEmpty(acmeItems);
        string[] runs = ["acme-support", "acme-refunds", "no-such-run"];
        var random = new Random(17);
        var guesses = new List<(string Path, Dictionary<string, string>? Form, bool Exists)>();
        while (guesses.Count < count)
        {
            string run = runs[random.Next(runs.Length)];
            bool exists = run != "no-such-run";
            long letter = random.Next(2) == 0 ? acmeLetters[random.Next(acmeLetters.Count)].Id : 10_000 + random.Next(1_000);
            bool letterExists = letter < 10_000;
            GateItem item = acmeItems[random.Next(acmeItems.Count)];
            long material = 1 + random.Next(4);
            guesses.AddRange(
            [
                ($"/factory/runs/{run}", null, exists),
                ($"/factory/runs/{run}/events", null, exists),
                ($"/factory/runs/{run}/materials/{material}", null, exists),
                ($"/factory/dead-letters/{letter}", null, letterExists),
                ($"/factory/gates/item?run={item.Key.RunId}&gate={item.Key.Gate}&material={item.Key.MaterialId}", null, true),
                ($"/factory/runs/{run}/pause", [], exists),
                ($"/factory/runs/{run}/replay", new() { ["dryRun"] = "1" }, exists),
                ($"/factory/dead-letters/{letter}/discard", new() { ["reason"] = "guess" }, letterExists),
                ($"/factory/dead-letters/{letter}/replay", new() { ["dryRun"] = "1" }, letterExists),
                ("/factory/dead-letters/replay", new(OperatingTests.ScreenRefusals) { ["run"] = run, ["dryRun"] = "1" }, exists),
                ("/factory/gates/item", new() { ["run"] = item.Key.RunId, ["gate"] = item.Key.Gate, ["material"] = item.Key.MaterialId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["verdict"] = "approve" }, true),
            ]);
        }

        long leaked = 0;
        int existing = 0;
        foreach ((string path, Dictionary<string, string>? form, bool exists) in guesses.Take(count))
        {
            using HttpResponseMessage response = form is null ? await gail.GetAsync(path) : await gail.PostAsync(path, new Dictionary<string, string>(form), token);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            string expected = RoomRequest.NotFoundText;
            leaked += (int)response.StatusCode == 404 && body.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(expected)) ? 0 : Math.Max(body.Length, 1);
            existing += exists ? 1 : 0;
        }

        Assert.True(existing > count / 2, "most guesses should name records that exist in acme");
        Assert.Equal(0, leaked);
        Assert.Equal(acmeItems.Count, (await plant.Ledger.Gates.WaitingAsync()).Count(i => i.Tenant == "acme"));
        Assert.All(await plant.Ledger.View(LedgerScope.ForTenant("acme")).ListDeadLettersAsync(new DeadLetterQuery { Status = null }), l => Assert.NotEqual("gail", l.ResolvedBy));
    }

    /// <summary>Every screen as acme's admin: the script body encoded, no secret, no sensitive note, no inline script.</summary>
    internal static async Task ShowAsync(Plant plant)
    {
        using Visitor adam = await plant.SignedInAsync("adam");
        DeadLetterRecord script = (await plant.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "acme-support" })).Single(l => l.MaterialId == 2);
        GateItem item = (await plant.Ledger.Gates.WaitingAsync("acme-refunds"))[0];
        string[] pages =
        [
            "/factory/", "/factory/runs/acme-support", "/factory/runs/acme-support/materials/2", "/factory/dead-letters",
            $"/factory/dead-letters/{script.Id}", "/factory/dead-letters?status=all", "/factory/gates",
            $"/factory/gates/item?run=acme-refunds&gate={item.Key.Gate}&material={item.Key.MaterialId}", "/factory/audit", "/factory/admin",
        ];
        bool shownEncoded = false;
        foreach (string path in pages)
        {
            string page = await adam.GetTextAsync(path);
            Assert.DoesNotContain("<script>alert", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Plant.Canary, page, StringComparison.Ordinal);
            Assert.DoesNotContain(Plant.NoteCanary, page, StringComparison.Ordinal);
            Assert.DoesNotContain(Plant.Password, page, StringComparison.Ordinal);
            Assert.False(InlineScript().IsMatch(page), path + " has a script without src");
            shownEncoded |= page.Contains("&lt;script&gt;alert(", StringComparison.Ordinal);
        }

        // The value is there, as text: the test would pass vacuously if the body were not shown at all.
        Assert.True(shownEncoded, "the <script> ticket body is shown, encoded, on some page");
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
