using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.AI;
using Spectre.Console;
using TicketTriage.Data;
using TicketTriage.Stations;
using TicketTriage.Tickets;

namespace TicketTriage.Running;

/// <summary>The outcome of a pain-point run: the pain points found, by ticket, and the line's report (tokens, cost, dead letters).</summary>
/// <param name="Report">The pain-point line's report.</param>
/// <param name="Found">Each ticket whose pain points the model gave, in input order.</param>
/// <param name="Budget">The job order's token budget.</param>
public sealed record PainPointResult(LineReport Report, IReadOnlyList<(Ticket Ticket, PainPoints PainPoints)> Found, long Budget);

/// <summary>
/// The pain-point run: the first tickets through the small <see cref="PainPointLine"/> (Normalize,
/// Redact, the <see cref="ExtractPainPoints"/> thinking unit), under a job order whose token budget
/// holds, when a model endpoint is configured; skipped with a message otherwise.
/// </summary>
public static class PainPointRunner
{
    /// <summary>What the run says when no model is configured.</summary>
    public const string SkippedMessage = "pain points skipped: set FACTORY_AI_ENDPOINT and FACTORY_AI_MODEL (see README)";

    /// <summary>Tokens the job may spend per ticket: each call reserves what it sends (prompt and output schema, a token per UTF-8 byte) plus 300 for the answer.</summary>
    public const long TokensPerTicket = 2_000;

    /// <summary>The model catalog from the environment (<c>FACTORY_AI_ENDPOINT</c>, <c>FACTORY_AI_MODEL</c>, <c>FACTORY_AI_API_KEY</c>, <c>FACTORY_AI_CASSETTE</c>), or null when none is configured.</summary>
    public static ModelCatalog? FromEnvironment(Func<string, string?>? read = null)
    {
        var catalog = new ModelCatalog();
        return catalog.TryAddFromEnvironment(read) ? catalog : null;
    }

    /// <summary>Runs the first <paramref name="count"/> tickets of <paramref name="tickets"/> through the pain-point line.</summary>
    public static async Task<PainPointResult> RunAsync(ModelCatalog models, IAsyncEnumerable<Ticket> tickets, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(tickets);
        var first = new List<Ticket>(count);
        await foreach (Ticket ticket in tickets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (first.Count == count)
            {
                break;
            }

            first.Add(ticket);
        }

        long budget = TokensPerTicket * Math.Max(1, first.Count);
        var job = new JobOrder("pain-points") { Budget = new JobBudget(MaxTokens: budget) };
        var line = new PainPointLine(new Normalize(), new Redact(), new ExtractPainPoints(models), new NumberPainPoints());
        LineRun<Ticket, TicketPainPoints> run = line.Start(new RunOptions { Job = job }, cancellationToken);
        foreach (Ticket ticket in first)
        {
            await run.Input.WriteAsync(ticket, cancellationToken).ConfigureAwait(false);
        }

        run.Input.Complete();
        var found = new List<(Ticket, PainPoints)>();
        await foreach (TicketPainPoints tagged in run.Output.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add((first[(int)(tagged.MaterialId - 1)], tagged.PainPoints));
        }

        LineReport report = await run.Completion.ConfigureAwait(false);
        return new PainPointResult(report, found, budget);
    }

    /// <summary>Prints the pain points, the dead letters and what the run spent.</summary>
    public static void Write(IAnsiConsole console, PainPointResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        LineReport report = result.Report;
        Table table = new Table().Border(TableBorder.Rounded).Title("Pain points (ExtractPainPoints, a thinking unit)")
            .AddColumn("ticket")
            .AddColumn("area")
            .AddColumn(new TableColumn("severity").RightAligned())
            .AddColumn("summary and pain points");
        foreach ((Ticket ticket, PainPoints points) in result.Found)
        {
            string text = Markup.Escape(points.Summary ?? string.Empty);
            if (points.Points.Count > 0)
            {
                text += Environment.NewLine + Markup.Escape(string.Join("; ", points.Points));
            }

            table.AddRow(Markup.Escape(ticket.Id), Markup.Escape(points.Area ?? string.Empty), points.Severity.ToString(CultureInfo.InvariantCulture), text);
        }

        console.Write(table);
        foreach (IGrouping<string, DeadLetter> group in report.DeadLetters.GroupBy(d => d.Station + ": " + Shorten(d.Message)))
        {
            console.WriteLine(Invariant($"  dead letters, {group.Count()}x {group.Key}"));
        }

        console.WriteLine(Invariant($"pain points: {result.Found.Count} of {report.In} tickets in {report.Duration.TotalSeconds:0.00} s; {report.Tokens:N0} tokens of the job's {result.Budget:N0}, cost {report.Cost:0.####} (the model's configured price; free unless set); {report.DeadLettered} dead letters"));
    }

    private static string Shorten(string message)
    {
        string line = message.Split('\n')[0];
        return line.Length <= 120 ? line : line[..117] + "...";
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
