using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>
/// The exact source emitted for one reference line and its three stations, compared with the files in
/// Golden/. After an intended change to the emitters, run the tests once with FACTORY_UPDATE_GOLDEN=1
/// to rewrite the files in the source tree, read the diff, and commit it. Normal runs never rewrite.
/// </summary>
public sealed class GoldenTests
{
    private const string UpdateVariable = "FACTORY_UPDATE_GOLDEN";

    /// <summary>The reference line: the design's ticket triage, with options and a constructor parameter.</summary>
    private const string TicketTriage = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Factory;

        namespace Support;

        public sealed record Ticket(string Id, string Body);
        public sealed record Scored(Ticket Ticket, string Category, double Confidence);
        public sealed record Reply(string TicketId, string Text);

        public sealed class Classifier
        {
            public Scored Score(Ticket ticket) => new(ticket, "billing", 0.9);
        }

        [Station]
        public sealed partial class Redact
        {
            public Ticket Process(Ticket input) => input with { Body = input.Body.Replace("@", "(at)") };
        }

        [Station(Parallelism = 4, MaxAttempts = 3, TimeoutMs = 2_000, Version = "2", Requires = new[] { "tickets.read" })]
        public sealed partial class Classify(Classifier model)
        {
            public Task<Scored> ProcessAsync(Ticket input, CancellationToken cancellationToken) => Task.FromResult(model.Score(input));
        }

        [Station(Name = "draft")]
        public sealed partial class DraftReply
        {
            public async IAsyncEnumerable<Reply> ProcessAsync(Scored input, StationContext context)
            {
                await Task.Yield();
                yield return new Reply(input.Ticket.Id, $"About your {input.Category} question (attempt {context.Attempt}).");
            }
        }

        [Line]
        [Step<Redact>]
        [Step<Classify>]
        [Step<DraftReply>]
        public sealed partial class TicketTriage;
        """;

    [Theory]
    [InlineData("Support.TicketTriage.Line.g.cs")]
    [InlineData("Support.Redact.Station.g.cs")]
    [InlineData("Support.Classify.Station.g.cs")]
    [InlineData("Support.DraftReply.Station.g.cs")]
    public void Emits_the_reference_line_exactly(string hintName)
    {
        Generated generated = GeneratorHarness.RunClean(TicketTriage);
        Assert.True(generated.Sources.TryGetValue(hintName, out string? actual), $"{hintName} was not generated; got {string.Join(", ", generated.Sources.Keys)}.");

        string file = hintName + ".txt";
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), file), actual);
            return;
        }

        string expectedPath = Path.Combine(AppContext.BaseDirectory, "Golden", file);
        Assert.True(File.Exists(expectedPath), $"{file} is missing; run the tests with {UpdateVariable}=1 to write it, then review and commit it.");
        string expected = File.ReadAllText(expectedPath);
        AssertSameText(file, expected, actual!);
    }

    [Fact]
    public void Emits_only_the_reference_files()
    {
        Generated generated = GeneratorHarness.RunClean(TicketTriage);

        Assert.Equal(
            new[] { "Support.Classify.Station.g.cs", "Support.DraftReply.Station.g.cs", "Support.Redact.Station.g.cs", "Support.TicketTriage.Line.g.cs" },
            generated.Sources.Keys.Order(StringComparer.Ordinal));
    }

    private static void AssertSameText(string file, string expected, string actual)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }

        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        string Show(string[] lines) => line < lines.Length ? $"\"{lines[line].Replace("\r", "\\r", StringComparison.Ordinal)}\"" : "(end of file)";
        Assert.Fail(
            $"{file} differs from the emitted source at line {line + 1}:\n" +
            $"  golden:  {Show(expectedLines)}\n" +
            $"  emitted: {Show(actualLines)}\n" +
            $"If the change is intended, run the tests with {UpdateVariable}=1, review the diff of Golden/ and commit it.");
    }

    private static string SourceDirectory() =>
        typeof(GoldenTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GoldenSourceDirectory").Value!;
}
