using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Factory.Jsonl;

namespace Factory.Benchmarks;

public sealed record Ticket(string Id, string Body);

public sealed record Triaged(string Id, bool Urgent, int Length);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(Triaged))]
internal sealed partial class TicketJson : JsonSerializerContext;

/// <summary>S6's one station: flag urgent tickets.</summary>
[Station]
public sealed partial class TriageTicket
{
    public Triaged Process(Ticket input) =>
        new(input.Id, input.Body.Contains("urgent", StringComparison.Ordinal), input.Body.Length);
}

[Line]
[Step<TriageTicket>]
public sealed partial class TicketLine;

/// <summary>
/// S6: a JSONL file of 1,000,000 tickets through one station into a JSONL file. The usual way
/// (File.ReadLines, a string per line, JsonSerializer per line, a string per output line) against
/// Factory's JsonlSource/JsonlSink (bytes from a pipe straight into Utf8JsonReader and out of
/// Utf8JsonWriter), with and without a line in between. All use the same source-generated
/// JsonTypeInfo, so the difference is the I/O and the strings. The baseline here is the usual way:
/// there is no hand-written channels variant of file I/O.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("S6")]
public class S6Jsonl
{
    private readonly TriageTicket triage = new();
    private string directory = null!;
    private string input = null!;
    private string output = null!;
    private int count;
    private long expectedLength;
    private TicketLine line = null!;

    [GlobalSetup]
    public void Setup()
    {
        count = Scale.Tickets;
        directory = Path.Combine(Path.GetTempPath(), $"factory-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        input = Path.Combine(directory, "tickets.jsonl");
        output = Path.Combine(directory, "triaged.jsonl");
        line = new TicketLine(triage);
        using (var writer = new StreamWriter(input, append: false, new UTF8Encoding(false), 1 << 16))
        {
            for (int i = 0; i < count; i++)
            {
                writer.Write(JsonSerializer.Serialize(Make(i), TicketJson.Default.Ticket));
                writer.Write('\n');
            }
        }

        // Every variant must write exactly what the usual way writes.
        ReadLinesPerLine();
        expectedLength = new FileInfo(output).Length;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(directory, recursive: true);

    /// <summary>File.ReadLines + JsonSerializer.Deserialize(string) per line + Serialize to a string per line + StreamWriter.</summary>
    [PerMaterial(Scenario.Tickets, Baseline = true, Description = "File.ReadLines + per-line JsonSerializer")]
    public long ReadLinesPerLine()
    {
        long written = 0;
        using (var writer = new StreamWriter(output, append: false, new UTF8Encoding(false), 1 << 16))
        {
            foreach (string text in File.ReadLines(input))
            {
                if (text.Length == 0)
                {
                    continue;
                }

                Ticket ticket = JsonSerializer.Deserialize(text, TicketJson.Default.Ticket)!;
                writer.Write(JsonSerializer.Serialize(triage.Process(ticket), TicketJson.Default.Triaged));
                writer.Write('\n');
                written++;
            }
        }

        return Check(written);
    }

    /// <summary>JsonlSource -> the station called in an async iterator -> JsonlSink: the JSONL I/O alone.</summary>
    [PerMaterial(Scenario.Tickets, Description = "JsonlSource -> station -> JsonlSink (no line)")]
    public async Task<long> JsonlNoLine()
    {
        var errors = new List<JsonlError>();
        IAsyncEnumerable<Ticket> tickets = JsonlSource.ReadAsync(input, TicketJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add });
        long written = await JsonlSink.WriteAsync(Triage(tickets), output, TicketJson.Default.Triaged).ConfigureAwait(false);
        return Check(written, errors);
    }

    /// <summary>JsonlSource -> the Factory line's RunAsync -> JsonlSink.</summary>
    [PerMaterial(Scenario.Tickets, Description = "JsonlSource -> Factory line -> JsonlSink")]
    public async Task<long> JsonlFactoryLine()
    {
        var errors = new List<JsonlError>();
        IAsyncEnumerable<Ticket> tickets = JsonlSource.ReadAsync(input, TicketJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add });
        long written = await JsonlSink.WriteAsync(line.RunAsync(tickets), output, TicketJson.Default.Triaged).ConfigureAwait(false);
        return Check(written, errors);
    }

    private static Ticket Make(int i)
    {
        string id = "T" + i.ToString("D7", CultureInfo.InvariantCulture);
        string body = (i % 7) switch
        {
            0 => $"urgent: order {i % 9973} arrived broken, please call me back today",
            1 => $"Where is my refund for order {i % 9973}? It has been two weeks.",
            2 => "Thanks, all good now.",
            3 => $"The app crashes when I open \"settings\" (build {i % 97}).\nSteps: open, tap, crash.",
            _ => $"Customer {i} asks about delivery times for postcode {10000 + (i % 89999)}.",
        };
        return new Ticket(id, body);
    }

    private async IAsyncEnumerable<Triaged> Triage(IAsyncEnumerable<Ticket> tickets, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (Ticket ticket in tickets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return triage.Process(ticket);
        }
    }

    private long Check(long written, List<JsonlError>? errors = null)
    {
        if (written != count || errors is { Count: > 0 })
        {
            throw new InvalidOperationException($"Wrote {written} of {count} tickets; {errors?.Count ?? 0} bad lines.");
        }

        long length = new FileInfo(output).Length;
        if (expectedLength != 0 && length != expectedLength)
        {
            throw new InvalidOperationException($"Output is {length} bytes; the usual way wrote {expectedLength}.");
        }

        return written;
    }
}
