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

public sealed class SourceTests
{
    [Fact]
    public async Task Malformed_lines_are_reported_with_their_line_numbers_and_everything_else_arrives()
    {
        string text = string.Join('\n',
            """{"id":"1","body":"a"}""",      // 1
            """{"id":"2","body":""",          // 2: cut short
            "",                               // 3: blank
            """{"id":"3","body":"c"}""",      // 4
            "null",                           // 5: null
            """{"id":"4","body":"d"} {"x":1}""", // 6: two values
            "[1,2,3]",                        // 7: wrong shape
            """{"id":"5"}""",                 // 8: missing a required property
            "   ",                            // 9: blank
            """{"id":"6","body":"f"}""");     // 10, no final line break
        var errors = new List<JsonlError>();

        List<Ticket> tickets = await Streams.ToListAsync(
            JsonlSource.ReadAsync(Streams.Utf8(text), TestJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add }));

        Assert.Equal(["1", "3", "6"], tickets.Select(t => t.Id));
        Assert.Equal([2L, 5L, 6L, 7L, 8L], errors.Select(e => e.LineNumber));
        Assert.Equal(
            [JsonlErrorKind.Malformed, JsonlErrorKind.Null, JsonlErrorKind.Malformed, JsonlErrorKind.Malformed, JsonlErrorKind.Malformed],
            errors.Select(e => e.Kind));
        Assert.Equal("""{"id":"2","body":""", errors[0].RawText);
        Assert.IsType<JsonException>(errors[0].Exception, exactMatch: false);
        Assert.False(string.IsNullOrWhiteSpace(errors[0].Message));
        Assert.Equal("null", errors[1].RawText);
        Assert.Equal("[1,2,3]", errors[3].RawText);

        // Offsets point at the start of each bad line in the input.
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        foreach (JsonlError error in errors)
        {
            Assert.Equal(error.RawText, Encoding.UTF8.GetString(bytes, (int)error.ByteOffset, (int)error.LineLength));
        }
    }

    [Fact]
    public async Task Without_an_error_handler_the_first_bad_line_ends_the_read_with_its_number()
    {
        string text = "{\"id\":\"1\",\"body\":\"a\"}\n\n{oops}\n{\"id\":\"2\",\"body\":\"b\"}\n";
        var read = new List<Ticket>();

        JsonlException thrown = await Assert.ThrowsAsync<JsonlException>(async () =>
        {
            await foreach (Ticket ticket in JsonlSource.ReadAsync(Streams.Utf8(text), TestJson.Default.Ticket))
            {
                read.Add(ticket);
            }
        });

        Assert.Equal(3, thrown.Error.LineNumber);
        Assert.Contains("Line 3", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("1", Assert.Single(read).Id);
    }

    [Fact]
    public async Task More_bad_lines_than_allowed_end_the_read()
    {
        string text = "x\ny\n{\"id\":\"1\",\"body\":\"a\"}\nz\n";
        var errors = new List<JsonlError>();

        JsonlException thrown = await Assert.ThrowsAsync<JsonlException>(() => Streams.ToListAsync(
            JsonlSource.ReadAsync(Streams.Utf8(text), TestJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add, MaxErrors = 2 })));

        Assert.Equal(4, thrown.Error.LineNumber);
        Assert.Equal([1L, 2L], errors.Select(e => e.LineNumber));
    }

    [Fact]
    public async Task Crlf_line_breaks_are_read_and_not_part_of_the_reported_text()
    {
        string text = "\uFEFF{\"id\":\"1\",\"body\":\"a\"}\r\n\r\nbad\r\n{\"id\":\"2\",\"body\":\"b\\r\\n\"}\r\n{\"id\":\"3\",\"body\":\"c\"}";
        var errors = new List<JsonlError>();

        List<Ticket> tickets = await Streams.ToListAsync(
            JsonlSource.ReadAsync(Streams.Utf8(text), TestJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add }));

        Assert.Equal([new Ticket("1", "a"), new Ticket("2", "b\r\n"), new Ticket("3", "c")], tickets);
        JsonlError error = Assert.Single(errors);
        Assert.Equal(3, error.LineNumber);
        Assert.Equal("bad", error.RawText);
        Assert.Equal(3, error.LineLength);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Lines_split_across_reads_are_put_back_together(int chunk)
    {
        // Multi-byte characters, CRLF and a byte order mark all fall across reads at some chunk size.
        Ticket[] expected = [new("é1", "naïve ☃ body"), new("2", "x"), new("3", "emoji 🎉 end")];
        string text = "\uFEFF" + string.Join("\r\n", expected.Select(t => JsonSerializer.Serialize(t, TestJson.Default.Ticket))) + "\r\n";
        using var trickle = new TrickleStream(Streams.Utf8(text), chunk);
        var errors = new List<JsonlError>();

        List<Ticket> tickets = await Streams.ToListAsync(
            JsonlSource.ReadAsync(trickle, TestJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add, BufferSize = 4 }));

        Assert.Equal(expected, tickets);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_line_longer_than_the_pipe_buffer_is_read_whole()
    {
        string body = new('x', 200_000);
        string text = $"{{\"id\":\"1\",\"body\":\"a\"}}\n{{\"id\":\"long\",\"body\":\"{body}\"}}\n{{\"id\":\"3\",\"body\":\"c\"}}\n";
        var errors = new List<JsonlError>();

        List<Ticket> tickets = await Streams.ToListAsync(
            JsonlSource.ReadAsync(Streams.Utf8(text), TestJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add, BufferSize = 256 }));

        Assert.Equal(["1", "long", "3"], tickets.Select(t => t.Id));
        Assert.Equal(body, tickets[1].Body);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_line_over_the_limit_is_reported_and_skipped_without_losing_the_count()
    {
        string body = new('y', 10_000);
        string text = $"{{\"id\":\"1\",\"body\":\"a\"}}\n{{\"id\":\"big\",\"body\":\"{body}\"}}\n{{\"id\":\"3\",\"body\":\"c\"}}\nbad\n";
        var errors = new List<JsonlError>();

        List<Ticket> tickets = await Streams.ToListAsync(
            JsonlSource.ReadAsync(Streams.Utf8(text), TestJson.Default.Ticket, new JsonlReadOptions
            {
                OnError = errors.Add,
                BufferSize = 128,
                MaxLineLength = 1_000,
                MaxErrorTextLength = 20,
            }));

        Assert.Equal(["1", "3"], tickets.Select(t => t.Id));
        Assert.Equal([2L, 4L], errors.Select(e => e.LineNumber));
        Assert.Equal(JsonlErrorKind.TooLong, errors[0].Kind);
        Assert.True(errors[0].IsTruncated);
        Assert.Equal("{\"id\":\"big\",\"body\":\"", errors[0].RawText);
        Assert.Equal(JsonlErrorKind.Malformed, errors[1].Kind);
        Assert.Equal(text.IndexOf("bad", StringComparison.Ordinal), errors[1].ByteOffset);
    }

    [Fact]
    public async Task Reported_text_is_cut_at_a_character_boundary()
    {
        // "é" is two bytes: a cut after 3 bytes would split the second one.
        string text = "éééé not json\n";
        var errors = new List<JsonlError>();

        await Streams.ToListAsync(JsonlSource.ReadAsync(Streams.Utf8(text), TestJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add, MaxErrorTextLength = 3 }));

        JsonlError error = Assert.Single(errors);
        Assert.Equal("é", error.RawText);
        Assert.True(error.IsTruncated);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData(" \r\n\t\r\n")]
    [InlineData("\uFEFF")]
    public async Task Empty_or_blank_input_gives_nothing_and_no_errors(string text)
    {
        var errors = new List<JsonlError>();

        List<Ticket> tickets = await Streams.ToListAsync(
            JsonlSource.ReadAsync(Streams.Utf8(text), TestJson.Default.Ticket, new JsonlReadOptions { OnError = errors.Add }));

        Assert.Empty(tickets);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_empty_file_gives_nothing()
    {
        string path = Path.GetTempFileName();
        try
        {
            List<Ticket> tickets = await Streams.ToListAsync(JsonlSource.ReadAsync(path, TestJson.Default.Ticket));
            Assert.Empty(tickets);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Values_of_value_types_and_null_for_nullable_ones_are_read()
    {
        List<int> numbers = await Streams.ToListAsync(JsonlSource.ReadAsync(Streams.Utf8("1\n2\n 3 \n"), TestJson.Default.Int32));

        Assert.Equal([1, 2, 3], numbers);
    }

    [Fact]
    public async Task Cancelling_ends_a_read_that_is_waiting_for_input()
    {
        byte[] first = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"body\":\"a\"}\n{\"id\":\"2\"");
        using var cancel = new CancellationTokenSource();
        var read = new List<Ticket>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Ticket ticket in JsonlSource.ReadAsync(new EndlessStream(first), TestJson.Default.Ticket, cancellationToken: cancel.Token))
            {
                read.Add(ticket);
                cancel.CancelAfter(TimeSpan.FromMilliseconds(50));
            }
        }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("1", Assert.Single(read).Id);
    }

    [Fact]
    public async Task Cancelling_between_values_stops_before_the_next_one()
    {
        string text = string.Concat(Enumerable.Range(0, 100).Select(i => $"{{\"id\":\"{i}\",\"body\":\"b\"}}\n"));
        using var cancel = new CancellationTokenSource();
        var read = new List<Ticket>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (Ticket ticket in JsonlSource.ReadAsync(Streams.Utf8(text), TestJson.Default.Ticket).WithCancellation(cancel.Token))
            {
                read.Add(ticket);
                if (read.Count == 10)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(10, read.Count);
    }

    [Fact]
    public async Task The_stream_is_disposed_at_the_end_unless_left_open()
    {
        using var owned = new TrickleStream(Streams.Utf8("1\n"), 64);
        using var kept = new TrickleStream(Streams.Utf8("1\n"), 64);

        await Streams.ToListAsync(JsonlSource.ReadAsync(owned, TestJson.Default.Int32));
        await Streams.ToListAsync(JsonlSource.ReadAsync(kept, TestJson.Default.Int32, new JsonlReadOptions { LeaveOpen = true }));

        Assert.True(owned.Disposed);
        Assert.False(kept.Disposed);
    }

    [Fact]
    public async Task Leaving_early_disposes_the_stream()
    {
        using var stream = new TrickleStream(Streams.Utf8("1\n2\n3\n"), 64);

        await foreach (int value in JsonlSource.ReadAsync(stream, TestJson.Default.Int32))
        {
            Assert.Equal(1, value);
            break;
        }

        Assert.True(stream.Disposed);
    }

    [Fact]
    public void Bad_options_are_refused_when_called()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonlSource.ReadAsync(Stream.Null, TestJson.Default.Int32, new JsonlReadOptions { MaxLineLength = 0 }));
        Assert.Throws<ArgumentNullException>(() => JsonlSource.ReadAsync((Stream)null!, TestJson.Default.Int32));
    }

    [Fact]
    public void An_error_becomes_a_dead_letter_with_its_line_number()
    {
        var error = new JsonlError(7, 120, 5, JsonlErrorKind.Malformed, "bad", "{oops", isTruncated: false, new JsonException("bad"));

        DeadLetter letter = error.ToDeadLetter("tickets.jsonl");

        Assert.Equal(7, letter.MaterialId);
        Assert.Equal("tickets.jsonl", letter.Station);
        Assert.Equal("{oops", letter.Input);
        Assert.Equal(typeof(JsonException).FullName, letter.ExceptionType);
        Assert.Contains("line 7", letter.Message, StringComparison.Ordinal);
    }
}
