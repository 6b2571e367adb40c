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
    public async Task A_run_writes_one_json_object_per_reply_to_the_output_file()
    {
        const int count = 300;
        string output = Path.Combine(folder, "nested", "replies.jsonl");
        Assert.True(TriageOptions.TryParse(["--count", "300", "--out", output, "--plain"], out TriageOptions options, out string? error), error);

        int exit = await TriageRunner.RunAsync(options, CancellationToken.None);

        Assert.Equal(0, exit);
        // The runner triages the sample's ticket stream: every well-formed ticket gets a reply.
        string[] expectedIds = new TicketGenerator(TicketGenerator.TicketSeed).Generate(count)
            .Where(t => Inspect.Malformed(t) is null)
            .Select(t => t.Id)
            .ToArray();
        Assert.True(expectedIds.Length < count, "the first 300 tickets should include a malformed one");

        string content = await File.ReadAllTextAsync(output);
        Assert.EndsWith("\n", content, StringComparison.Ordinal);
        string[] lines = content[..^1].Split('\n');
        Assert.Equal(expectedIds.Length, lines.Length);

        var ids = new List<string>(lines.Length);
        foreach (string line in lines)
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            ids.Add(root.GetProperty("ticketId").GetString()!);
            Assert.Contains(root.GetProperty("category").GetString(), Categories.All);
            Assert.InRange(root.GetProperty("confidence").GetDouble(), 0.0, 1.0);
            Assert.True(Enum.TryParse(root.GetProperty("priority").GetString(), out Priority _));
            Assert.Equal(JsonValueKind.Array, root.GetProperty("priorityReasons").ValueKind);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("body").GetString()));
            Assert.Equal(JsonValueKind.Object, root.GetProperty("redactions").ValueKind);

            Reply? reply = JsonSerializer.Deserialize(line, TriageJsonContext.Lines.Reply);
            Assert.NotNull(reply);
            Assert.Equal(ids[^1], reply.TicketId);
        }

        Assert.Equal(expectedIds, ids);
    }

    [Fact]
    public async Task A_missing_training_file_fails_the_run_before_anything_is_written()
    {
        string output = Path.Combine(folder, "replies.jsonl");
        var options = new TriageOptions { Count = 10, OutputPath = output, TrainingPath = Path.Combine(folder, "no-such-file.jsonl"), Plain = true };

        int exit = await TriageRunner.RunAsync(options, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_run_cancelled_before_it_starts_exits_with_the_cancelled_code()
    {
        string output = Path.Combine(folder, "replies.jsonl");
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        int exit = await TriageRunner.RunAsync(new TriageOptions { Count = 500, OutputPath = output, Plain = true }, stop.Token);

        Assert.Equal(TriageRunner.Cancelled, exit);
        Assert.True(File.ReadAllLines(output).Length < 500);
    }

    [Theory]
    [InlineData(new[] { "--count", "50", "--out", "x.jsonl", "--plain" }, 50, "x.jsonl", true)]
    [InlineData(new[] { "--count", "10,000" }, 10_000, null, false)]
    [InlineData(new string[0], null, null, false)]
    public void Options_are_parsed(string[] args, int? count, string? output, bool plain)
    {
        Assert.True(TriageOptions.TryParse(args, out TriageOptions options, out string? error), error);

        Assert.Null(error);
        Assert.Equal(count, options.Count);
        Assert.Equal(output, options.OutputPath);
        Assert.Equal(plain, options.Plain);
    }

    [Theory]
    [InlineData("--count")]
    [InlineData("--count", "0")]
    [InlineData("--count", "many")]
    [InlineData("--out")]
    [InlineData("--out", "--plain")]
    [InlineData("--bogus")]
    public void Bad_options_are_refused_with_a_message(params string[] args)
    {
        Assert.False(TriageOptions.TryParse(args, out _, out string? error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
