using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.AI;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Running;
using TicketTriage.Serialization;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>The ExtractPainPoints thinking unit and its run, offline against a loopback OpenAI-compatible server with a canned answer.</summary>
public sealed class PainPointTests : IDisposable
{
    private const string Canned = """{"summary":"The customer was charged twice and wants the money back.","severity":4,"area":"billing","points":["double charge","refund"]}""";

    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-pain-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_pain_points_parse_into_the_record_and_the_report_counts_the_canned_usage()
    {
        using var server = new LoopbackModelServer(Canned, promptTokens: 120, completionTokens: 40);
        ModelCatalog models = PainPointRunner.FromEnvironment(server.Environment)!;
        Assert.NotNull(models);
        IReadOnlyList<Ticket> tickets = WellFormed(8);

        PainPointResult result = await PainPointRunner.RunAsync(models, tickets.ToAsyncEnumerable(), 8, CancellationToken.None);

        Assert.Equal(LineOutcome.Completed, result.Report.Outcome);
        Assert.Empty(result.Report.DeadLetters);
        Assert.Equal(tickets.Select(t => t.Id), result.Found.Select(f => f.Ticket.Id));
        Assert.All(result.Found, f =>
        {
            Assert.Equal("The customer was charged twice and wants the money back.", f.PainPoints.Summary);
            Assert.Equal(4, f.PainPoints.Severity);
            Assert.Equal("billing", f.PainPoints.Area);
            Assert.Equal(["double charge", "refund"], f.PainPoints.Points);
        });

        // One call per ticket; the run report has the server's usage, and the job's budget held.
        Assert.Equal(8, server.Bodies.Count);
        Assert.Equal(8 * (120 + 40), result.Report.Tokens);
        StationReport unit = result.Report.Stations.Single(s => s.Name == nameof(Stations.ExtractPainPoints));
        Assert.Equal(8 * 120, unit.InputTokens);
        Assert.Equal(8 * 40, unit.OutputTokens);
        Assert.Equal(0m, result.Report.Cost);
        Assert.True(result.Report.Tokens <= result.Budget);
    }

    [Fact]
    public async Task No_personal_data_reaches_the_model_only_the_redacted_text()
    {
        using var server = new LoopbackModelServer(Canned, promptTokens: 120, completionTokens: 40);
        IReadOnlyList<Ticket> tickets = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(2_000)
            .Where(l => l.BrokenText is null && Inspect.Malformed(l.Ticket) is null)
            .Select(l => l.Ticket)
            .Where(t => Inspect.Emails(t.Body).Count > 0 || Inspect.Phones(t.Body).Count > 0 || Inspect.Cards(t.Body).Count > 0)
            .Take(6)
            .ToList();
        Assert.Equal(6, tickets.Count);

        PainPointResult result = await PainPointRunner.RunAsync(PainPointRunner.FromEnvironment(server.Environment)!, tickets.ToAsyncEnumerable(), 6, CancellationToken.None);

        Assert.Equal(6, result.Found.Count);
        string sent = string.Join("\n", server.Bodies);
        foreach (Ticket ticket in tickets)
        {
            Assert.Contains(ticket.Id, sent, StringComparison.Ordinal);
            foreach (string personal in Inspect.Emails(ticket.Body).Concat(Inspect.Phones(ticket.Body)).Concat(Inspect.Cards(ticket.Body)))
            {
                Assert.DoesNotContain(personal, sent, StringComparison.Ordinal);
            }
        }

        Assert.Matches(@"\[(email|phone|card)\]", sent);
    }

    [Fact]
    public async Task The_prompt_has_the_ticket_text_with_only_the_personal_data_replaced_and_not_the_known_label()
    {
        const string Label = "label-zq7-billing";
        using var server = new LoopbackModelServer(Canned, promptTokens: 120, completionTokens: 40);
        var ticket = new Ticket(
            "T-PII-1",
            "please refund me, i was charged twice on card 4111 1111 1111 1111 and my email is anna.smith@example.com, call me on +44 20 7946 0958 before friday",
            Label);

        PainPointResult result = await PainPointRunner.RunAsync(PainPointRunner.FromEnvironment(server.Environment)!, new[] { ticket }.ToAsyncEnumerable(), 1, CancellationToken.None);

        Assert.Single(result.Found);
        JsonElement[] messages = [.. JsonDocument.Parse(Assert.Single(server.Bodies)).RootElement.GetProperty("messages").EnumerateArray()];
        string prompt = messages[1].GetProperty("content").GetString()!;

        // Each piece of personal data is gone, and every word around it is still there, in place.
        Assert.StartsWith(
            "Ticket T-PII-1:\nplease refund me, i was charged twice on card [card] and my email is [email], call me on [phone] before friday\n\n",
            prompt,
            StringComparison.Ordinal);
        string sent = server.Bodies[0];
        foreach (string personal in new[] { "4111", "anna.smith", "example.com", "7946", "0958" })
        {
            Assert.DoesNotContain(personal, sent, StringComparison.Ordinal);
        }

        // The known label is carried through the line but is no part of the prompt.
        Assert.DoesNotContain(Label, sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_breaks_the_data_annotations_is_asked_again_then_becomes_a_dead_letter()
    {
        using var server = new LoopbackModelServer("""{"summary":"Angry.","severity":9,"area":"weather","points":[]}""", promptTokens: 100, completionTokens: 20);

        PainPointResult result = await PainPointRunner.RunAsync(PainPointRunner.FromEnvironment(server.Environment)!, WellFormed(1).ToAsyncEnumerable(), 1, CancellationToken.None);

        Assert.Empty(result.Found);
        DeadLetter letter = Assert.Single(result.Report.DeadLetters);
        Assert.Equal(nameof(Stations.ExtractPainPoints), letter.Station);
        Assert.Contains("Severity", letter.Message, StringComparison.Ordinal);
        Assert.Contains("Area", letter.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Bodies.Count); // the first answer and one repair (MaxRepairs = 1)
        Assert.Equal(2 * 120, result.Report.Tokens);
    }

    [Fact]
    public async Task The_program_runs_the_pain_points_after_the_triage_when_a_model_is_configured()
    {
        using var server = new LoopbackModelServer(Canned, promptTokens: 120, completionTokens: 40);
        string output = Path.Combine(folder, "outcomes.jsonl");
        Assert.True(TriageOptions.TryParse(["--count", "200", "--out", output, "--plain", "--no-ledger", "--pain-points", "5"], out TriageOptions options, out string? error), error);

        Assert.Equal(0, await TriageRunner.RunAsync(options, server.Environment, CancellationToken.None));

        // The first five lines of the tickets file (well-formed ones), one call each.
        Assert.Equal(5, server.Bodies.Count);
        Assert.All(server.Bodies, body => Assert.Equal("canned-model", JsonDocument.Parse(body).RootElement.GetProperty("model").GetString()));
    }

    [Fact]
    public void Without_an_endpoint_there_is_no_model_and_the_run_says_how_to_set_one()
    {
        Assert.Null(PainPointRunner.FromEnvironment(_ => null));
        Assert.Contains("FACTORY_AI_ENDPOINT", PainPointRunner.SkippedMessage, StringComparison.Ordinal);
        Assert.Contains("FACTORY_AI_MODEL", PainPointRunner.SkippedMessage, StringComparison.Ordinal);
        Assert.True(TriageOptions.TryParse([], out TriageOptions options, out _));
        Assert.Equal(20, options.PainPoints);
        Assert.True(TriageOptions.TryParse(["--pain-points", "0"], out options, out _));
        Assert.Equal(0, options.PainPoints);
    }

    [Fact]
    public void The_output_record_is_in_the_samples_json_context()
    {
        Assert.NotNull(TriageJsonContext.Default.PainPoints);
        PainPoints parsed = JsonSerializer.Deserialize(Canned, TriageJsonContext.Default.PainPoints)!;
        Assert.Equal(4, parsed.Severity);
    }

    private static IReadOnlyList<Ticket> WellFormed(int count) =>
        new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(count * 2)
            .Where(l => l.BrokenText is null && Inspect.Malformed(l.Ticket) is null)
            .Select(l => l.Ticket)
            .Take(count)
            .ToList();
}
