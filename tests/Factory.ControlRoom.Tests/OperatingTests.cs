using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger;
using Xunit;

namespace Factory.ControlRoom.Tests;

/// <summary>What operators and approvers do through the console, each checked in the ledger afterwards.</summary>
public sealed class OperatingTests : IAsyncLifetime
{
    private readonly Plant plant = new();

    public Task InitializeAsync() => plant.InitializeAsync();

    public Task DisposeAsync() => plant.DisposeAsync();

    [Fact]
    public async Task A_live_run_streams_its_counts_stops_when_paused_from_the_console_and_goes_on_when_resumed()
    {
        await using LiveSupport live = await LiveSupport.StartAsync(plant, "acme", "acme-live");
        using Visitor otto = await plant.SignedInAsync("otto");
        string page = await otto.GetTextAsync("/factory/runs/acme-live");
        Assert.Contains("data-events=\"/factory/runs/acme-live/events\"", page, StringComparison.Ordinal);
        Assert.Contains("data-counts=\"Slow\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"pause\"", page, StringComparison.Ordinal);

        // Two events from the stream, the second with more taken at the first station.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/factory/runs/acme-live/events"))
        using (HttpResponseMessage events = await otto.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/event-stream", events.Content.Headers.ContentType!.MediaType);
            using var reader = new StreamReader(await events.Content.ReadAsStreamAsync());
            long first = await NextSlowInAsync(reader);
            long later = first;
            for (int i = 0; i < 10 && later == first; i++)
            {
                later = await NextSlowInAsync(reader);
            }

            Assert.True(later > first, $"the counts rise while the run goes: {first} then {later}");
        }

        // The station's p95 is live too: Slow waits 20 ms a ticket.
        Assert.InRange(live.Run.Stations[0].P95Duration!.Value, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2));
        Assert.Contains("\"p95\":\"", RunEvents.Counts(new LiveRun<Ticket, string>(live.Run)), StringComparison.Ordinal);
        Assert.Contains("data-field=\"p95\">", await otto.GetTextAsync("/factory/runs/acme-live"), StringComparison.Ordinal);

        string token = await otto.FormTokenAsync();
        using (HttpResponseMessage paused = await otto.PostAsync("/factory/runs/acme-live/pause", [], token))
        {
            Assert.Equal(303, (int)paused.StatusCode);
        }

        Assert.True(live.Run.IsPaused);
        await Task.Delay(200);
        long atPause = live.Run.Stations[0].In;
        await Task.Delay(400);
        Assert.Equal(atPause, live.Run.Stations[0].In);
        Assert.Contains("(paused)", await otto.GetTextAsync("/factory/runs/acme-live"), StringComparison.Ordinal);

        using (HttpResponseMessage resumed = await otto.PostAsync("/factory/runs/acme-live/resume", [], token))
        {
            Assert.Equal(303, (int)resumed.StatusCode);
        }

        await WaitUntilAsync(() => live.Run.Stations[0].In > atPause);
        IReadOnlyList<AuditEntry> audit = await plant.Ledger.ListAuditAsync(new AuditQuery { Target = "acme-live" });
        Assert.Contains(audit, e => e is { Actor: "otto", Action: "run.pause", Tenant: "acme" } && e.Detail == "{\"before\":\"running\",\"after\":\"paused\"}");
        Assert.Contains(audit, e => e is { Actor: "otto", Action: "run.resume-live", Tenant: "acme" } && e.Detail == "{\"before\":\"paused\",\"after\":\"running\"}");

        using (HttpResponseMessage cancelled = await otto.PostAsync("/factory/runs/acme-live/cancel", [], token))
        {
            Assert.Equal(303, (int)cancelled.StatusCode);
        }

        // The console's cancel ends the run, cancelled (an input the feeder writes as it ends is not a lost lease).
        LineReport report = await live.Run.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(LineOutcome.Cancelled, report.Outcome);
        Assert.Contains(await plant.Ledger.ListAuditAsync(new AuditQuery { Target = "acme-live" }), e => e is { Actor: "otto", Action: "run.cancel" });
    }

    [Fact]
    public async Task A_run_another_ledger_object_holds_is_paused_resumed_and_cancelled_from_the_console_through_the_ledger()
    {
        // A second ledger object on the same file: for the console, another process's run (not registered with it).
        await using var other = new Factory.Ledger.Sqlite.SqliteLedger(plant.LedgerPath, new Factory.Ledger.Sqlite.SqliteLedgerOptions { Inputs = ConsoleJson.Default });
        await ControlsARunHeldElsewhereAsync(plant, other);
    }

    /// <summary>
    /// A run of <paramref name="other"/> (a ledger object on the plant's database that the console does
    /// not know) is paused, resumed and cancelled from the console: only through the ledger.
    /// </summary>
    internal static async Task ControlsARunHeldElsewhereAsync(Plant plant, ILedger other)
    {
        await using LiveSupport elsewhere = await LiveSupport.StartElsewhereAsync(other, "acme", "acme-elsewhere");
        LineRun<Ticket, string> run = elsewhere.Run;
        using Visitor otto = await plant.SignedInAsync("otto");
        string page = await otto.GetTextAsync("/factory/runs/acme-elsewhere");
        Assert.Contains("id=\"pause\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-events=", page, StringComparison.Ordinal);

        // Another tenant's admin cannot reach it: the 404 of a run that does not exist, and nothing recorded.
        using (Visitor gail = await plant.SignedInAsync("gail"))
        using (HttpResponseMessage guessed = await gail.PostAsync("/factory/runs/acme-elsewhere/pause", [], await gail.FormTokenAsync()))
        {
            Assert.Equal(404, (int)guessed.StatusCode);
        }

        Assert.Null((await plant.Ledger.GetRunAsync("acme-elsewhere"))!.Control);
        string token = await otto.FormTokenAsync();
        using (HttpResponseMessage paused = await otto.PostAsync("/factory/runs/acme-elsewhere/pause", [], token))
        {
            Assert.Equal(303, (int)paused.StatusCode);
        }

        await WaitUntilAsync(() => run.IsPaused);
        await Task.Delay(200);
        long atPause = run.Stations[0].In;
        await Task.Delay(600);
        Assert.Equal(atPause, run.Stations[0].In);
        await WaitUntilAsync(() => plant.Ledger.GetRunAsync("acme-elsewhere").Result!.ControlApplied);
        page = await otto.GetTextAsync("/factory/runs/acme-elsewhere");
        Assert.Contains("Running (paused)", page, StringComparison.Ordinal);
        Assert.Contains("id=\"resume\"", page, StringComparison.Ordinal);

        using (HttpResponseMessage resumed = await otto.PostAsync("/factory/runs/acme-elsewhere/resume", [], token))
        {
            Assert.Equal(303, (int)resumed.StatusCode);
        }

        await WaitUntilAsync(() => !run.IsPaused && run.Stations[0].In > atPause);
        using (HttpResponseMessage cancelled = await otto.PostAsync("/factory/runs/acme-elsewhere/cancel", [], token))
        {
            Assert.Equal(303, (int)cancelled.StatusCode);
        }

        LineReport report = await run.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(LineOutcome.Cancelled, report.Outcome);

        // The holder records that it applied the cancel right after applying it, so possibly after the run's end.
        await WaitUntilAsync(() => plant.Ledger.ListAuditAsync(new AuditQuery { Target = "acme-elsewhere", Action = AuditActions.RunControlApplied }).Result.Count == 3);
        IReadOnlyList<AuditEntry> audit = await plant.Ledger.ListAuditAsync(new AuditQuery { Target = "acme-elsewhere" });
        Assert.Equal(
            ["{\"request\":\"pause\"}", "{\"request\":\"resume\"}", "{\"request\":\"cancel\"}"],
            audit.Where(e => e is { Action: AuditActions.RunControlRequested, Actor: "otto", Tenant: "acme" }).Select(e => e.Detail));
        Assert.Equal(3, audit.Count(e => e is { Action: AuditActions.RunControlApplied, Tenant: "acme" }));
        Assert.Equal(RunStatus.Cancelled, (await plant.Ledger.GetRunAsync("acme-elsewhere"))!.Status);
    }

    [Fact]
    public async Task A_pause_asked_through_the_ledger_does_not_hold_the_runs_next_start_and_a_run_not_running_or_not_the_scopes_is_refused()
    {
        await using var other = new Factory.Ledger.Sqlite.SqliteLedger(plant.LedgerPath, new Factory.Ledger.Sqlite.SqliteLedgerOptions { Inputs = ConsoleJson.Default });
        ILedgerView acme = plant.Ledger.View(LedgerScope.ForTenant("acme"));
        await using (LiveSupport first = await LiveSupport.StartElsewhereAsync(other, "acme", "acme-again"))
        {
            await acme.RequestRunControlAsync("acme-again", RunControlRequest.Pause, "otto");
            await WaitUntilAsync(() => first.Run.IsPaused);
        }

        // The first start ended (cancelled) paused; the request is still the run's last, but a new start begins as its caller started it.
        LedgerException ended = await Assert.ThrowsAsync<LedgerException>(() => acme.RequestRunControlAsync("acme-again", RunControlRequest.Resume, "otto"));
        Assert.Contains("Run 'acme-again' is cancelled, not running", ended.Message, StringComparison.Ordinal);
        await using (LiveSupport second = await LiveSupport.StartElsewhereAsync(other, "acme", "acme-again"))
        {
            long before = second.Run.Stations[0].In;
            await Task.Delay(RunControlPollEvery * 2.5);
            Assert.False(second.Run.IsPaused);
            Assert.True(second.Run.Stations[0].In > before);

            LedgerException foreign = await Assert.ThrowsAsync<LedgerException>(
                () => plant.Ledger.View(LedgerScope.ForTenant("globex")).RequestRunControlAsync("acme-again", RunControlRequest.Cancel, "gail"));
            Assert.Equal("Tenant 'globex' has no run 'acme-again'.", foreign.Message);
            Assert.Equal(RunControlRequest.Pause, (await plant.Ledger.GetRunAsync("acme-again"))!.Control);
        }
    }

    /// <summary>How often a holder looks for requests (RunControlPoll.Every, internal to the ledger).</summary>
    private static readonly TimeSpan RunControlPollEvery = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Dead_letters_are_grouped_discarded_with_a_reason_and_replayed_after_a_dry_run()
    {
        using Visitor otto = await plant.SignedInAsync("otto");
        string groups = await otto.GetTextAsync("/factory/dead-letters");
        Assert.Contains("<td>Screen</td><td>System.InvalidOperationException</td><td>ticket # refused with key ***</td><td class=\"n\">2</td>", groups, StringComparison.Ordinal);
        IReadOnlyList<DeadLetterRecord> letters = await plant.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "acme-support" });
        string token = await otto.FormTokenAsync();

        using (HttpResponseMessage noReason = await otto.PostAsync($"/factory/dead-letters/{letters[0].Id}/discard", new() { ["reason"] = "" }, token))
        {
            Assert.Equal(400, (int)noReason.StatusCode);
        }

        using (HttpResponseMessage discarded = await otto.PostAsync($"/factory/dead-letters/{letters[0].Id}/discard", new() { ["reason"] = "a duplicate of 7" }, token))
        {
            Assert.Equal(303, (int)discarded.StatusCode);
        }

        DeadLetterRecord gone = (await plant.Ledger.GetDeadLetterAsync(letters[0].Id))!;
        Assert.Equal((DeadLetterStatus.Discarded, "otto", "a duplicate of 7"), (gone.Status, gone.ResolvedBy, gone.Reason));

        using (HttpResponseMessage dry = await otto.PostAsync($"/factory/dead-letters/{letters[1].Id}/replay", new() { ["dryRun"] = "1" }, token))
        {
            string text = await dry.Content.ReadAsStringAsync();
            Assert.Contains("Dry run: 1 dead letter would run again through line &#x27;Support&#x27; version " + LineFingerprint.Sha256(Support.Descriptor)[..12], text, StringComparison.Ordinal);
        }

        Assert.Equal(DeadLetterStatus.Open, (await plant.Ledger.GetDeadLetterAsync(letters[1].Id))!.Status);
        using (HttpResponseMessage replayed = await otto.PostAsync($"/factory/dead-letters/{letters[1].Id}/replay", new() { ["reason"] = "the key is fixed" }, token))
        {
            Assert.Contains("Replayed 1 dead letter in run", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        DeadLetterRecord again = (await plant.Ledger.GetDeadLetterAsync(letters[1].Id))!;
        Assert.Equal((DeadLetterStatus.Replayed, "otto"), (again.Status, again.ResolvedBy));
        Assert.NotNull(await plant.Ledger.View(LedgerScope.ForTenant("acme")).GetRunAsync(again.ReplayRunId!));
    }

    [Fact]
    public async Task A_runs_open_dead_letters_are_replayed_in_one_new_run_after_a_dry_run()
    {
        using Visitor otto = await plant.SignedInAsync("otto");
        string token = await otto.FormTokenAsync();
        using (HttpResponseMessage dry = await otto.PostAsync("/factory/runs/acme-support/replay", new() { ["dryRun"] = "1" }, token))
        {
            Assert.Contains("Dry run: 2 of 2 open dead letters of run acme-support would run again", await dry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(2, (await plant.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "acme-support" })).Count);
        using (HttpResponseMessage replayed = await otto.PostAsync("/factory/runs/acme-support/replay", new() { ["reason"] = "key rotated" }, token))
        {
            Assert.Contains("Replayed 2 dead letters of run acme-support in run", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        IReadOnlyList<DeadLetterRecord> letters = await plant.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "acme-support", Status = null });
        Assert.All(letters, l => Assert.Equal((DeadLetterStatus.Replayed, "otto"), (l.Status, l.ResolvedBy)));
        Assert.Single(letters.Select(l => l.ReplayRunId).Distinct());
        Assert.Equal(2, (await plant.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterReplayed })).Count(e => e.Actor == "otto"));
    }

    /// <summary>The group every seeded support run has: station Screen, an even ticket refused.</summary>
    internal static readonly Dictionary<string, string> ScreenRefusals = new()
    {
        ["station"] = "Screen",
        ["type"] = "System.InvalidOperationException",
        ["pattern"] = "ticket # refused with key ***",
    };

    [Fact]
    public async Task A_group_is_replayed_after_a_dry_run_and_another_cause_at_the_same_station_stays_open()
    {
        // A second acme run: ticket -1 fails at Screen with another cause, ticket 6 joins the group.
        var job = new JobOrder("acme-mixed-job", "acme") { Secrets = new JobSecrets(new Dictionary<string, string> { ["api"] = Plant.Canary }) };
        await foreach (string _ in new Support(new Screen(), new Answer()).RunAsync([new Ticket(-1, "negative"), new Ticket(6, "six")], new RunOptions { Job = job, RunId = "acme-mixed", Observers = [plant.Ledger.Observe()] }))
        {
        }

        ILedgerView acme = plant.Ledger.View(LedgerScope.ForTenant("acme"));
        IReadOnlyList<DeadLetterRecord> open = await acme.ListDeadLettersAsync(new DeadLetterQuery());
        DeadLetterRecord other = Assert.Single(open, l => l.ExceptionType == typeof(NotSupportedException).FullName);
        Assert.Equal("Screen", other.Station);
        long[] group = open.Where(l => l.ExceptionType == typeof(InvalidOperationException).FullName).Select(l => l.Id).Order().ToArray();
        Assert.Equal(3, group.Length);

        // Another tenant's admin: acme's group, and a cause only acme has, read as not found.
        using (Visitor gail = await plant.SignedInAsync("gail"))
        {
            string gailsToken = await gail.FormTokenAsync();
            foreach (Dictionary<string, string> form in new[]
            {
                new Dictionary<string, string>(ScreenRefusals) { ["run"] = "acme-mixed" },
                new Dictionary<string, string> { ["station"] = "Screen", ["type"] = "System.NotSupportedException", ["pattern"] = "ticket -# has a negative id" },
            })
            {
                using HttpResponseMessage refused = await gail.PostAsync("/factory/dead-letters/replay", form, gailsToken);
                Assert.Equal(404, (int)refused.StatusCode);
                Assert.Equal(RoomRequest.NotFoundText, await refused.Content.ReadAsStringAsync());
            }
        }

        using Visitor otto = await plant.SignedInAsync("otto");
        string token = await otto.FormTokenAsync();
        string groupPage = await otto.GetTextAsync("/factory/dead-letters?station=Screen&type=System.InvalidOperationException&pattern=" + Uri.EscapeDataString("ticket # refused with key ***"));
        Assert.Contains("id=\"group-dry-run\"", groupPage, StringComparison.Ordinal);
        using (HttpResponseMessage dry = await otto.PostAsync("/factory/dead-letters/replay", new Dictionary<string, string>(ScreenRefusals) { ["dryRun"] = "1" }, token))
        {
            string text = await dry.Content.ReadAsStringAsync();
            Assert.Contains("Dry run: 3 open dead letters of station Screen (System.InvalidOperationException: ticket # refused with key ***): 3 of 3 from 2 runs would run again through line &#x27;Support&#x27; version " + LineFingerprint.Sha256(Support.Descriptor)[..12], text, StringComparison.Ordinal);
            Assert.Contains("Nothing was replayed.", text, StringComparison.Ordinal);
        }

        Assert.Equal(4, (await acme.ListDeadLettersAsync(new DeadLetterQuery())).Count);
        using (HttpResponseMessage replayed = await otto.PostAsync("/factory/dead-letters/replay", new Dictionary<string, string>(ScreenRefusals) { ["reason"] = "key rotated" }, token))
        {
            Assert.Contains("Replayed 3 of 3 open dead letters of station Screen", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        DeadLetterRecord[] after = await Task.WhenAll(group.Select(async id => (await acme.GetDeadLetterAsync(id))!));
        Assert.All(after, l => Assert.Equal((DeadLetterStatus.Replayed, "otto"), (l.Status, l.ResolvedBy)));
        Assert.Equal(3, after.Select(l => l.ReplayRunId).Distinct().Count());
        Assert.Equal(DeadLetterStatus.Open, (await acme.GetDeadLetterAsync(other.Id))!.Status);
        Assert.All(await plant.Ledger.View(LedgerScope.ForTenant("globex")).ListDeadLettersAsync(new DeadLetterQuery { Status = null }), l => Assert.Equal(DeadLetterStatus.Open, l.Status));
        IReadOnlyList<AuditEntry> audit = await plant.Ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterReplayed });
        Assert.Equal(3, audit.Count(e => e.Actor == "otto"));
    }

    [Fact]
    public async Task An_approver_approves_an_edited_payload_that_its_annotations_accept_and_rejects_with_a_reason()
    {
        using Visitor anna = await plant.SignedInAsync("anna");
        IReadOnlyList<GateItem> waiting = await plant.Ledger.Gates.WaitingAsync("acme-refunds");
        GateItem first = waiting[0];
        GateItem second = waiting[1];
        string page = await anna.GetTextAsync($"/factory/gates/item?run=acme-refunds&gate={first.Key.Gate}&material={first.Key.MaterialId}");
        Assert.Contains("name=\"field.Amount\" type=\"number\" step=\"any\" value=\"101\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"field.Customer\" value=\"customer 1\"", page, StringComparison.Ordinal);
        string token = await anna.FormTokenAsync();
        Dictionary<string, string> Form(GateItem item, string verdict, string amount, string reason = "") => new()
        {
            ["run"] = item.Key.RunId,
            ["gate"] = item.Key.Gate,
            ["material"] = item.Key.MaterialId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["verdict"] = verdict,
            ["field.Id"] = item.Key.MaterialId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["field.Amount"] = amount,
            ["field.Customer"] = "customer " + item.Key.MaterialId,
            ["reason"] = reason,
        };

        using (HttpResponseMessage invalid = await anna.PostAsync("/factory/gates/item", Form(first, "approve", "99999"), token))
        {
            Assert.Equal(409, (int)invalid.StatusCode);
            Assert.Contains("Amount", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(2, (await plant.Ledger.Gates.WaitingAsync("acme-refunds")).Count);
        using (HttpResponseMessage approved = await anna.PostAsync("/factory/gates/item", Form(first, "approve", "150"), token))
        {
            Assert.Equal(200, (int)approved.StatusCode);
            Assert.Contains("approved by anna", await approved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (HttpResponseMessage noReason = await anna.PostAsync("/factory/gates/item", Form(second, "reject", "102"), token))
        {
            Assert.Equal(400, (int)noReason.StatusCode);
        }

        using (HttpResponseMessage rejected = await anna.PostAsync("/factory/gates/item", Form(second, "reject", "102", "not eligible"), token))
        {
            Assert.Equal(200, (int)rejected.StatusCode);
        }

        Assert.Empty(await plant.Ledger.Gates.WaitingAsync("acme-refunds"));
        IReadOnlyList<GateAuditEntry> attempts = await plant.Ledger.Gates.AuditAsync("acme-refunds");
        Assert.Contains(attempts, a => a.Actor == "anna" && a.Accepted && a.Verdict == "approve (edited)");
        Assert.Contains(attempts, a => a.Actor == "anna" && !a.Accepted);
        Assert.Contains(attempts, a => a.Actor == "anna" && a.Accepted && a.Verdict == "reject: not eligible");

        // The decisions are on the audit screen.
        string audit = await anna.GetTextAsync("/factory/audit?action=gate.decision");
        Assert.Contains("anna", audit, StringComparison.Ordinal);
        Assert.Contains("approve (edited)", audit, StringComparison.Ordinal);
    }

    private static async Task<long> NextSlowInAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: {\"paused\"", StringComparison.Ordinal))
            {
                using var json = System.Text.Json.JsonDocument.Parse(line["data: ".Length..]);
                return json.RootElement.GetProperty("stations").GetProperty("Slow").GetProperty("in").GetInt64();
            }
        }

        throw new InvalidOperationException("the event stream ended");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
