using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Running;
using TicketTriage.Serialization;
using TicketTriage.Stations;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>The program's run, in process: <see cref="TriageRunner"/> is what <c>Program.cs</c> calls after parsing the options.</summary>
public sealed class TriageRunnerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_writes_the_tickets_file_then_one_json_object_per_reply_or_escalation_with_its_kind()
    {
        // 1,600 tickets: 8 malformed, every kind once, so a few lines are not tickets.
        const int count = 1_600;
        string output = Path.Combine(folder, "nested", "outcomes.jsonl");
        Assert.True(TriageOptions.TryParse(["--count", "1600", "--out", output, "--plain"], out TriageOptions options, out string? error), error);

        int exit = await TriageRunner.RunAsync(options, CancellationToken.None);

        Assert.Equal(0, exit);

        // The tickets went through a file next to the outcomes: the sample's stream, broken lines and all.
        string tickets = Path.Combine(folder, "nested", TicketFile.FileName);
        IReadOnlyList<TicketLine> lines = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(count);
        string[] written = await File.ReadAllLinesAsync(tickets);
        Assert.Equal(count, written.Length);
        Assert.Equal(3, written.Count(line => !Inspect.IsTicketJson(line)));

        // Every well-formed ticket gets a reply or an escalation, but spam the model is sure of.
        var normalize = new Normalize();
        var redact = new Redact();
        var classify = new Classify(ShippedModel.Instance);
        var prioritize = new Prioritize();
        Dictionary<string, Triaged> triaged = lines
            .Where(l => l.BrokenText is null && Inspect.Malformed(l.Ticket) is null)
            .ToDictionary(l => l.Ticket.Id, l => prioritize.Process(classify.Process(redact.Process(normalize.Process(l.Ticket)))), StringComparer.Ordinal);
        Assert.Equal(count - 8, triaged.Count);
        Assert.Contains(triaged.Values, t => t is SpamTicket);
        Assert.Contains(triaged.Values, t => t is UrgentTicket);

        string content = await File.ReadAllTextAsync(output);
        Assert.EndsWith("\n", content, StringComparison.Ordinal);
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in content[..^1].Split('\n'))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.Equal("kind", root.EnumerateObject().First().Name);
            string kind = root.GetProperty("kind").GetString()!;
            string id = root.GetProperty("ticketId").GetString()!;
            kinds.Add(id, kind);
            Assert.Contains(root.GetProperty("category").GetString(), Categories.All);
            Assert.InRange(root.GetProperty("confidence").GetDouble(), 0.0, 1.0);
            Assert.True(Enum.TryParse(root.GetProperty("priority").GetString(), out Priority _));
            Assert.Equal(JsonValueKind.Array, root.GetProperty("priorityReasons").ValueKind);
            Assert.Equal(JsonValueKind.Object, root.GetProperty("redactions").ValueKind);
            if (kind == Reply.Kind)
            {
                Assert.False(string.IsNullOrEmpty(root.GetProperty("body").GetString()));
            }
            else
            {
                Assert.Equal(Escalation.Kind, kind);
                Assert.Contains(root.GetProperty("queue").GetString(), OnCallQueues.All);
                Assert.False(string.IsNullOrEmpty(root.GetProperty("note").GetString()));
            }

            // The line reads back as the record of its kind.
            TriageOutcome? outcome = JsonSerializer.Deserialize(line, TriageJsonContext.Lines.TriageOutcome);
            Assert.Equal(kind == Reply.Kind ? typeof(Reply) : typeof(Escalation), outcome?.GetType());
            Assert.Equal(id, outcome!.TicketId);
        }

        // Refunds above the threshold wait at the gate: no outcome yet.
        Assert.Contains(triaged.Values, t => t is RefundTicket);
        Dictionary<string, string> expected = triaged
            .Where(p => p.Value is not SpamTicket and not RefundTicket)
            .ToDictionary(p => p.Key, p => p.Value is UrgentTicket ? Escalation.Kind : Reply.Kind, StringComparer.Ordinal);
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), kinds.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_run_with_in_reads_that_file_and_writes_no_tickets_file()
    {
        string input = Path.Combine(folder, "mine.jsonl");
        string output = Path.Combine(folder, "out", "outcomes.jsonl");
        Directory.CreateDirectory(folder);
        await File.WriteAllLinesAsync(input,
        [
            """{"id":"M-1","body":"I was charged twice for my subscription this month, please refund one"}""",
            """{"id":"M-2","body":"URGENT: someone logged into my account without my permission"}""",
            """this line is not a ticket""",
            """{"id":"M-3","body":"Congratulations! You won a free iphone, claim it at https://win-prizes.test/abc123"}""",
            """{"id":"M-4","body":""}""",
        ]);
        Assert.True(TriageOptions.TryParse(["--in", input, "--out", output, "--plain"], out TriageOptions options, out string? error), error);

        int exit = await TriageRunner.RunAsync(options, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.False(File.Exists(Path.Combine(folder, "out", TicketFile.FileName)));
        TriageOutcome[] outcomes = (await File.ReadAllLinesAsync(output)).Select(l => JsonSerializer.Deserialize(l, TriageJsonContext.Lines.TriageOutcome)!).ToArray();
        Assert.Equal(["M-1", "M-2"], outcomes.Select(o => o.TicketId).Order(StringComparer.Ordinal));
        Assert.IsType<Reply>(outcomes.Single(o => o.TicketId == "M-1"));
        Escalation escalation = Assert.IsType<Escalation>(outcomes.Single(o => o.TicketId == "M-2"));
        Assert.Equal(OnCallQueues.Security, escalation.Queue);
        Assert.All(outcomes, o => Assert.Equal(string.Empty, o.ExpectedCategory));
    }

    [Fact]
    public async Task A_missing_training_file_fails_the_run_before_anything_is_written()
    {
        string output = Path.Combine(folder, "outcomes.jsonl");
        var options = new TriageOptions { Count = 10, OutputPath = output, TrainingPath = Path.Combine(folder, "no-such-file.jsonl"), Plain = true };

        int exit = await TriageRunner.RunAsync(options, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(Path.Combine(folder, TicketFile.FileName)));
    }

    [Fact]
    public async Task A_missing_input_file_fails_the_run()
    {
        var options = new TriageOptions { InputPath = Path.Combine(folder, "none.jsonl"), OutputPath = Path.Combine(folder, "outcomes.jsonl"), Plain = true };

        Assert.Equal(1, await TriageRunner.RunAsync(options, CancellationToken.None));
    }

    [Fact]
    public async Task Outcomes_that_would_overwrite_the_tickets_are_refused()
    {
        var options = new TriageOptions { Count = 10, OutputPath = Path.Combine(folder, TicketFile.FileName), Plain = true };

        Assert.Equal(2, await TriageRunner.RunAsync(options, CancellationToken.None));
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task A_run_cancelled_before_it_starts_exits_with_the_cancelled_code()
    {
        string output = Path.Combine(folder, "outcomes.jsonl");
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        int exit = await TriageRunner.RunAsync(new TriageOptions { Count = 500, OutputPath = output, Plain = true }, stop.Token);

        Assert.Equal(TriageRunner.Cancelled, exit);
        Assert.True(File.ReadAllLines(output).Length < 500);
    }

    [Theory]
    [InlineData(new[] { "--count", "50", "--out", "x.jsonl", "--plain" }, 50, null, "x.jsonl", true)]
    [InlineData(new[] { "--count", "10,000" }, 10_000, null, null, false)]
    [InlineData(new[] { "--in", "t.jsonl", "--out", "o.jsonl" }, null, "t.jsonl", "o.jsonl", false)]
    [InlineData(new string[0], null, null, null, false)]
    public void Options_are_parsed(string[] args, int? count, string? input, string? output, bool plain)
    {
        Assert.True(TriageOptions.TryParse(args, out TriageOptions options, out string? error), error);

        Assert.Null(error);
        Assert.Equal(count, options.Count);
        Assert.Equal(input, options.InputPath);
        Assert.Equal(output, options.OutputPath);
        Assert.Equal(plain, options.Plain);
    }

    [Theory]
    [InlineData("--count")]
    [InlineData("--count", "0")]
    [InlineData("--count", "many")]
    [InlineData("--out")]
    [InlineData("--out", "--plain")]
    [InlineData("--in")]
    [InlineData("--in", "t.jsonl", "--count", "5")]
    [InlineData("--bogus")]
    public void Bad_options_are_refused_with_a_message(params string[] args)
    {
        Assert.False(TriageOptions.TryParse(args, out _, out string? error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
