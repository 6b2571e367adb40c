using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Jsonl.Tests;

public sealed class SinkTests
{
    private static readonly Ticket[] Tickets =
    [
        new("1", "plain"),
        new("2", "line one\nline two\r\nand \"quotes\""),
        new("3", "naïve ☃ 🎉"),
        new("4", ""),
    ];

    [Fact]
    public async Task Values_round_trip_through_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"factory-jsonl-{Guid.NewGuid():N}.jsonl");
        try
        {
            long written = await JsonlSink.WriteAsync(Streams.Async(Tickets), path, TestJson.Default.Ticket);
            List<Ticket> read = await Streams.ToListAsync(JsonlSource.ReadAsync(path, TestJson.Default.Ticket));

            Assert.Equal(Tickets.Length, written);
            Assert.Equal(Tickets, read);

            // One compact value per line, each ended by \n.
            string[] lines = File.ReadAllText(path).Split('\n');
            Assert.Equal(Tickets.Length + 1, lines.Length);
            Assert.Equal(string.Empty, lines[^1]);
            Assert.Equal("{\"id\":\"1\",\"body\":\"plain\"}", lines[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Many_values_round_trip_through_a_stream_across_flushes()
    {
        Ticket[] many = Enumerable.Range(0, 20_000).Select(i => new Ticket(i.ToString(System.Globalization.CultureInfo.InvariantCulture), new string('b', i % 97))).ToArray();
        using var stream = new MemoryStream();

        long written = await JsonlSink.WriteAsync(Streams.Async(many), stream, TestJson.Default.Ticket, new JsonlWriteOptions { LeaveOpen = true, FlushThreshold = 1_000 });
        stream.Position = 0;
        List<Ticket> read = await Streams.ToListAsync(JsonlSource.ReadAsync(stream, TestJson.Default.Ticket, new JsonlReadOptions { BufferSize = 512 }));

        Assert.Equal(many.Length, written);
        Assert.Equal(many, read);
    }

    [Fact]
    public async Task Output_is_compact_even_when_the_options_ask_for_indentation()
    {
        var indented = new TestJson(new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        using var stream = new MemoryStream();

        await JsonlSink.WriteAsync(Streams.Async(Tickets.Take(2)), stream, indented.Ticket, new JsonlWriteOptions { LeaveOpen = true });

        string text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal(2, text.Count(c => c == '\n'));
    }

    [Fact]
    public async Task Nothing_to_write_gives_an_empty_output()
    {
        using var stream = new MemoryStream();

        long written = await JsonlSink.WriteAsync(Streams.Async(Array.Empty<Ticket>()), stream, TestJson.Default.Ticket, new JsonlWriteOptions { LeaveOpen = true });

        Assert.Equal(0, written);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public async Task Cancelling_ends_the_write()
    {
        using var cancel = new CancellationTokenSource();
        using var stream = new MemoryStream();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => JsonlSink.WriteAsync(Endless(cancel), stream, TestJson.Default.Ticket, cancellationToken: cancel.Token));

        static async IAsyncEnumerable<Ticket> Endless(CancellationTokenSource cancel)
        {
            for (int i = 0; ; i++)
            {
                if (i == 100)
                {
                    await cancel.CancelAsync();
                }

                await Task.Yield();
                yield return new Ticket("x", "y");
            }
        }
    }

    [Fact]
    public async Task The_stream_is_disposed_at_the_end_unless_left_open()
    {
        var owned = new MemoryStream();
        using var kept = new MemoryStream();

        await JsonlSink.WriteAsync(Streams.Async(Tickets), owned, TestJson.Default.Ticket);
        await JsonlSink.WriteAsync(Streams.Async(Tickets), kept, TestJson.Default.Ticket, new JsonlWriteOptions { LeaveOpen = true });

        Assert.False(owned.CanRead);
        Assert.True(kept.CanRead);
    }

    [Fact]
    public async Task Tickets_run_from_a_jsonl_file_through_a_line_into_a_jsonl_file()
    {
        string input = Path.Combine(Path.GetTempPath(), $"factory-in-{Guid.NewGuid():N}.jsonl");
        string output = Path.Combine(Path.GetTempPath(), $"factory-out-{Guid.NewGuid():N}.jsonl");
        try
        {
            var text = new StringBuilder();
            for (int i = 0; i < 5_000; i++)
            {
                text.Append(i == 17 ? "{broken\n" : $"{{\"id\":\"{i}\",\"body\":\"{(i % 10 == 0 ? "urgent" : "calm")}\"}}\n");
            }

            await File.WriteAllTextAsync(input, text.ToString());
            var errors = new List<JsonlError>();
            var line = new TriageLine(new Triage());

            long written = await JsonlSink.WriteAsync(
                line.RunAsync(JsonlSource.ReadAsync(input, TestJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add })),
                output,
                TestJson.Default.Triaged);

            List<Triaged> results = await Streams.ToListAsync(JsonlSource.ReadAsync(output, TestJson.Default.Triaged));
            Assert.Equal(4_999, written);
            Assert.Equal(18, Assert.Single(errors).LineNumber);
            Assert.Equal(Enumerable.Range(0, 5_000).Where(i => i != 17).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), results.Select(r => r.Id));
            Assert.Equal(500, results.Count(r => r.Urgent));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }
}
