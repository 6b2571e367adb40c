using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Factory;
using Spectre.Console;
using TicketTriage.Tickets;

namespace TicketTriage.Reporting;

/// <summary>
/// The end-of-run summary as Spectre.Console tables: the run, the classifier per category against the
/// known labels, the stations, the triage outcome, and the dead letters grouped by reason with examples.
/// Tables render as plain text when output is redirected.
/// </summary>
public static class SummaryView
{
    /// <summary>Dead-letter examples shown.</summary>
    public const int Examples = 5;

    /// <summary>Writes the summary to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(summary);
        console.WriteLine();
        console.Write(RunTable(summary));
        console.Write(CategoryTable(summary.Tally));
        console.Write(StationTable(summary.Report));
        console.Write(TriageTable(summary.Tally));
        if (summary.Report.DeadLetters.Count > 0)
        {
            console.Write(DeadLetterTable(summary.Report.DeadLetters));
            console.Write(ExampleTable(summary.Report.DeadLetters));
        }
    }

    /// <summary>The reason of a dead letter: its message without the details in parentheses.</summary>
    public static string ReasonOf(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return MalformedTicketException.ReasonOf(letter.Message);
    }

    private static Table RunTable(RunSummary summary)
    {
        LineReport report = summary.Report;
        TriageTally tally = summary.Tally;
        Table table = NewTable("Run").AddColumn("").AddColumn("");
        table.ShowHeaders = false;
        table.AddRow("Tickets", F($"{summary.Tickets:N0} generated in {Ms(summary.Generation)} (seed {summary.Seed}), {summary.ExpectedMalformed:N0} malformed on purpose"));
        table.AddRow("Model", F($"naive Bayes, {summary.TrainingExamples:N0} examples from {Markup.Escape(summary.TrainingFile)}, {summary.Vocabulary:N0} features, trained in {Ms(summary.Training)}"));
        table.AddRow("Outcome", F($"{report.Outcome} in {report.Duration.TotalSeconds:0.00} s: {report.In:N0} in, {report.Out:N0} replies, {report.DeadLetters.Count:N0} dead letters"));
        table.AddRow("Throughput", F($"[bold]{summary.Throughput:N0} tickets/s[/]"));
        table.AddRow("Accuracy", F($"[bold]{tally.Accuracy:P1}[/] ({tally.Correct:N0} of {tally.Replies:N0} against the known labels)"));
        table.AddRow("Replies", F($"{Markup.Escape(summary.OutputFile)}"));
        return table;
    }

    private static Table CategoryTable(TriageTally tally)
    {
        Table table = NewTable("Categories")
            .AddColumn("category")
            .AddColumn(new TableColumn("replies").RightAligned())
            .AddColumn(new TableColumn("known").RightAligned())
            .AddColumn(new TableColumn("correct").RightAligned())
            .AddColumn(new TableColumn("precision").RightAligned())
            .AddColumn(new TableColumn("recall").RightAligned());
        foreach (string category in tally.Categories())
        {
            table.AddRow(
                Markup.Escape(category),
                F($"{tally.Predicted(category):N0}"),
                F($"{tally.Known(category):N0}"),
                F($"{tally.Hits(category):N0}"),
                F($"{tally.Precision(category):P1}"),
                F($"{tally.Recall(category):P1}"));
        }

        table.AddRow("[bold]all[/]", F($"{tally.Replies:N0}"), F($"{tally.Replies:N0}"), F($"{tally.Correct:N0}"), string.Empty, F($"[bold]{tally.Accuracy:P1}[/]"));
        return table;
    }

    private static Table StationTable(LineReport report)
    {
        Table table = NewTable("Stations")
            .AddColumn("station")
            .AddColumn(new TableColumn("in").RightAligned())
            .AddColumn(new TableColumn("out").RightAligned())
            .AddColumn(new TableColumn("dead letters").RightAligned())
            .AddColumn(new TableColumn("retries").RightAligned());
        foreach (StationReport station in report.Stations)
        {
            table.AddRow(
                Markup.Escape(station.Name),
                F($"{station.In:N0}"),
                F($"{station.Out:N0}"),
                station.DeadLettered > 0 ? F($"[red]{station.DeadLettered:N0}[/]") : "0",
                F($"{station.Retries:N0}"));
        }

        return table;
    }

    private static Table TriageTable(TriageTally tally)
    {
        Table table = NewTable("Triage").AddColumn("").AddColumn("");
        table.ShowHeaders = false;
        table.AddRow("Priority", F($"urgent {tally.WithPriority(Priority.Urgent):N0}, high {tally.WithPriority(Priority.High):N0}, normal {tally.WithPriority(Priority.Normal):N0}, low {tally.WithPriority(Priority.Low):N0}"));
        double reviewAccuracy = tally.NeedsReview == 0 ? 0 : (double)tally.NeedsReviewCorrect / tally.NeedsReview;
        table.AddRow("Needs review", F($"{tally.NeedsReview:N0} uncertain categories ({reviewAccuracy:P0} of them right)"));
        table.AddRow("Redacted", F($"{tally.Emails:N0} emails, {tally.Phones:N0} phone numbers, {tally.Cards:N0} card numbers"));
        table.AddRow("Duplicates", F($"{tally.Duplicates:N0} re-sent tickets (same normalized text)"));
        return table;
    }

    private static Table DeadLetterTable(IReadOnlyList<DeadLetter> letters)
    {
        Table table = NewTable("Dead letters")
            .AddColumn("reason")
            .AddColumn("station")
            .AddColumn("exception")
            .AddColumn(new TableColumn("count").RightAligned());
        var groups = letters
            .GroupBy(l => (Reason: ReasonOf(l), l.Station, Type: ShortType(l.ExceptionType)))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Reason, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            table.AddRow(
                Markup.Escape(group.Key.Reason),
                Markup.Escape(group.Key.Station),
                Markup.Escape(group.Key.Type),
                F($"{group.Count():N0}"));
        }

        table.AddRow("[bold]all[/]", string.Empty, string.Empty, F($"[bold]{letters.Count:N0}[/]"));
        return table;
    }

    private static Table ExampleTable(IReadOnlyList<DeadLetter> letters)
    {
        Table table = NewTable("Dead-letter examples")
            .AddColumn("ticket")
            .AddColumn("station")
            .AddColumn("message");

        // One example per reason first, so every kind of problem shows up.
        IEnumerable<DeadLetter> examples = letters
            .GroupBy(ReasonOf)
            .Select(g => g.First())
            .Concat(letters)
            .Distinct()
            .Take(Examples);
        foreach (DeadLetter letter in examples)
        {
            string ticket = letter.Input is Ticket { Id.Length: > 0 } input ? input.Id : F($"(no id, material {letter.MaterialId})");
            table.AddRow(Markup.Escape(ticket), Markup.Escape(letter.Station), Markup.Escape(letter.Message));
        }

        return table;
    }

    private static Table NewTable(string title) => new Table()
        .Title(F($"[bold]{title}[/]"))
        .Border(TableBorder.Rounded)
        .LeftAligned();

    private static string ShortType(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return dot < 0 ? typeName : typeName[(dot + 1)..];
    }

    private static string Ms(TimeSpan time) => F($"{time.TotalMilliseconds:N0} ms");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
