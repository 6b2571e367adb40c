using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Factory;
using Factory.Jsonl;
using TicketTriage.Data;
using TicketTriage.Model;
using TicketTriage.Running;
using TicketTriage.Tickets;

namespace TicketTriage.Tests;

/// <summary>What a run through the line gave: its outcomes in output order, its report, and the file's bad lines.</summary>
internal sealed record LineResult(List<TriageOutcome> Outcomes, LineReport Report, List<JsonlError> BadLines);

/// <summary>
/// Runs tickets through the generated line the way <c>TriageRunner</c> does: the lines are written to
/// a JSONL file, one task reads it with the JSONL source and feeds the line, the caller drains it.
/// </summary>
internal static class LineHarness
{
    public static async Task<LineResult> RunAsync(IReadOnlyList<TicketLine> lines, NaiveBayesClassifier model)
    {
        string file = Path.Combine(Path.GetTempPath(), $"tickettriage-harness-{Guid.NewGuid():N}.jsonl");
        try
        {
            TicketFile.Write(file, lines);

            // A guard against a hung line, not a timing assertion: a stuck run ends Cancelled and the checks fail.
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            LineRun<Ticket, TriageOutcome> run = TriageRunner.NewLine(model).Start(job: null, stop.Token);
            var badLines = new List<JsonlError>();
            Task feeding = FeedAsync(run.Input, TicketFile.ReadAsync(file, badLines.Add, stop.Token), stop.Token);

            var outcomes = new List<TriageOutcome>(lines.Count);
            while (await run.Output.WaitToReadAsync(CancellationToken.None))
            {
                while (run.Output.TryRead(out TriageOutcome? outcome))
                {
                    outcomes.Add(outcome);
                }
            }

            LineReport report = await run.Completion;
            await feeding;
            return new LineResult(outcomes, report, badLines);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task FeedAsync(ChannelWriter<Ticket> input, IAsyncEnumerable<Ticket> tickets, CancellationToken cancellationToken)
    {
        await foreach (Ticket ticket in tickets)
        {
            await input.WriteAsync(ticket, cancellationToken);
        }

        input.Complete();
    }
}
