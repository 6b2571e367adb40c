using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Factory;
using TicketTriage.Model;
using TicketTriage.Stations;
using TicketTriage.Tickets;

namespace TicketTriage.Tests;

/// <summary>Runs tickets through the generated line the way <c>TriageRunner</c> does: one task feeds, the caller drains.</summary>
internal static class LineHarness
{
    public static TicketTriageLine NewLine(NaiveBayesClassifier model) =>
        new(new Normalize(), new Redact(), new Classify(model), new Prioritize(), new DraftReply());

    public static async Task<(List<Reply> Replies, LineReport Report)> RunAsync(IReadOnlyList<Ticket> tickets, NaiveBayesClassifier model)
    {
        // A guard against a hung line, not a timing assertion: a stuck run ends Cancelled and the checks fail.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        LineRun<Ticket, Reply> run = NewLine(model).Start(job: null, stop.Token);
        Task feeding = FeedAsync(run.Input, tickets, stop.Token);

        var replies = new List<Reply>(tickets.Count);
        while (await run.Output.WaitToReadAsync(CancellationToken.None))
        {
            while (run.Output.TryRead(out Reply? reply))
            {
                replies.Add(reply);
            }
        }

        LineReport report = await run.Completion;
        await feeding;
        return (replies, report);
    }

    private static async Task FeedAsync(ChannelWriter<Ticket> input, IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken)
    {
        foreach (Ticket ticket in tickets)
        {
            await input.WriteAsync(ticket, cancellationToken);
        }

        input.Complete();
    }
}
