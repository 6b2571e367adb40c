using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Jsonl;
using TicketTriage.Data;
using TicketTriage.Tickets;
using Xunit;

namespace TicketTriage.Tests;

public sealed class TicketFileTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"tickettriage-file-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(file);

    [Fact]
    public async Task Generated_lines_are_read_back_as_their_tickets_and_the_broken_ones_are_reported_at_their_line_numbers()
    {
        IReadOnlyList<TicketLine> lines = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(3_000);
        TicketFile.Write(file, lines);

        var errors = new List<JsonlError>();
        List<Ticket> read = await TicketFile.ReadAsync(file, errors.Add).ToListAsync();

        Assert.Equal(lines.Where(l => l.BrokenText is null).Select(l => l.Ticket), read);
        Assert.Equal(
            lines.Select((l, i) => (l.BrokenText, Number: i + 1L)).Where(p => p.BrokenText is not null).Select(p => p.Number),
            errors.Select(e => e.LineNumber));
        Assert.NotEmpty(errors);
        Assert.Equal(3_000, TicketFile.CountLines(file));
        Assert.Equal(3_000, File.ReadLines(file).Count());
    }

    [Fact]
    public void Writing_the_same_lines_twice_gives_the_same_bytes()
    {
        IReadOnlyList<TicketLine> lines = new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(500);
        TicketFile.Write(file, lines);
        byte[] first = File.ReadAllBytes(file);
        TicketFile.Write(file, new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(500));

        Assert.Equal(first, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Blank_lines_are_not_counted_and_a_ticket_without_a_label_is_read_with_none()
    {
        await File.WriteAllTextAsync(file, "{\"id\":\"A-1\",\"body\":\"my parcel is late\"}\n\n   \r\n{\"id\":\"A-2\",\"body\":\"refund please\",\"expectedCategory\":\"billing\"}");

        var errors = new List<JsonlError>();
        List<Ticket> read = await TicketFile.ReadAsync(file, errors.Add).ToListAsync();

        Assert.Empty(errors);
        Assert.Equal(["A-1", "A-2"], read.Select(t => t.Id));
        Assert.Null(read[0].ExpectedCategory);
        Assert.Equal(2, TicketFile.CountLines(file));
    }

    [Fact]
    public void A_raw_line_cannot_hold_a_line_break()
    {
        Assert.Throws<ArgumentException>(() => TicketFile.Write(file, [new TicketLine(new Ticket("T-1", "x", "billing"), MalformedKind.NotJson, "a\nb")]));
    }
}
