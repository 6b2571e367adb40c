using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Factory;
using Spectre.Console;
using TicketTriage.Stations;
using TicketTriage.Tickets;

namespace TicketTriage.Reporting;

/// <summary>
/// The end-of-run summary as Spectre.Console tables: the run, where every ticket went (escalated,
/// replied, discarded as spam, dead-lettered, or a line that was not a ticket), the classifier per
/// category against the known labels, the stations, the triage, and the failures grouped by reason
/// with examples. Tables render as plain text when output is redirected.
/// </summary>
public static class SummaryView
{
    /// <summary>Failure examples shown.</summary>
    public const int Examples = 8;

    /// <summary>Writes the summary to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(summary);
        console.WriteLine();
        console.Write(RunTable(summary));
        console.Write(RoutingTable(summary));
        console.Write(CategoryTable(summary.Tally));
        // On the broker the report has none (the stations ran in the workers): their counts come from the ledger.
        IReadOnlyList<StationReport> stations = summary.Stations ?? summary.Report.Stations;
        if (stations.Count > 0)
        {
            console.Write(StationTable(stations));
        }

        console.Write(TriageTable(summary.Tally));
        IReadOnlyList<Failure> failures = Failures(summary);
        if (failures.Count > 0)
        {
            console.Write(FailureTable(failures));
            console.Write(ExampleTable(failures));
        }
    }

    /// <summary>The line's dead letters and the file's bad lines, in one list.</summary>
    public static IReadOnlyList<Failure> Failures(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        string file = Path.GetFileName(summary.Input.File);
        // By input: on the broker, dead letters come back in the order the workers finish them.
        return summary.Report.DeadLetters.OrderBy(d => d.Root).ThenBy(d => d.MaterialId).Select(Failure.From)
            .Concat(summary.BadLines.Select(e => Failure.From(e, file)))
            .ToArray();
    }

    private static Table RunTable(RunSummary summary)
    {
        LineReport report = summary.Report;
        TriageTally tally = summary.Tally;
        TicketInput input = summary.Input;
        Table table = NewTable("Run").AddColumn("").AddColumn("");
        table.ShowHeaders = false;
        string tickets = input.Generated
            ? F($"{input.Lines:N0} generated to {Markup.Escape(input.File)} in {Ms(input.Generation)} (seed {input.Seed}), {input.MalformedOnPurpose:N0} malformed on purpose ({input.BrokenLinesOnPurpose:N0} of them lines that are not a ticket)")
            : F($"{input.Lines:N0} lines in {Markup.Escape(input.File)}");
        table.AddRow("Tickets", tickets);
        table.AddRow("Read", F($"JsonlSource: {report.In:N0} tickets into the line, {summary.BadLines.Count:N0} lines reported as not a ticket"));
        table.AddRow("Model", F($"{summary.Model}, {summary.TrainingExamples:N0} examples from {Markup.Escape(summary.TrainingFile)}, {summary.Vocabulary:N0} features, trained in {Ms(summary.Training)}"));
        table.AddRow("Outcome", F($"{report.Outcome} in {report.Duration.TotalSeconds:0.00} s: {tally.Escalations:N0} escalated, {tally.Replies:N0} replied, {Refunds(tally)}{report.Discarded:N0} discarded as spam, {report.DeadLettered:N0} dead letters"));
        table.AddRow("Throughput", F($"[bold]{summary.Throughput:N0} tickets/s[/]"));
        table.AddRow("Accuracy", tally.Labeled == 0
            ? "no known labels in the input"
            : F($"[bold]{tally.Accuracy:P1}[/] ({tally.Correct:N0} of {tally.Labeled:N0} classified tickets against the known labels)"));
        table.AddRow("Output", F($"{Markup.Escape(summary.OutputFile)} ({tally.Outcomes:N0} lines: replies, escalations and refunds, each with its \"kind\")"));
        return table;
    }

    private static Table RoutingTable(RunSummary summary)
    {
        LineReport report = summary.Report;
        TriageTally tally = summary.Tally;
        Table table = NewTable("Where the tickets went")
            .AddColumn("outcome")
            .AddColumn(new TableColumn("tickets").RightAligned())
            .AddColumn("how");
        table.AddRow("escalated", F($"{tally.Escalations:N0}"), F($"UrgentTicket -> {nameof(EscalationLine)}: an escalation note, assigned to an on-call queue"));
        table.AddRow("replied", F($"{tally.Replies:N0}"), F($"RoutineTicket -> {nameof(ReplyLine)}: a drafted reply"));
        string gate = F($"RefundTicket -> {nameof(RefundLine)}: refunds above {RefundRequests.GateAbove:0.00}");
        if (tally.Waiting > 0)
        {
            table.AddRow("awaiting decision", F($"{tally.Waiting:N0}"), F($"{gate}, waiting at the gate {nameof(ApproveRefund)} ({ApproveRefund.Permission})"));
        }

        if (tally.RefundsIssued > 0 || tally.RefundsDeclined > 0)
        {
            table.AddRow("refunded", F($"{tally.RefundsIssued:N0}"), F($"{gate}, approved at the gate, then {nameof(IssueRefund)}"));
            table.AddRow("refund declined", F($"{tally.RefundsDeclined:N0}"), F($"{gate}, rejected at the gate, then {nameof(ExplainDecline)}"));
        }

        table.AddRow(
            "discarded as spam",
            F($"{report.Discarded:N0}"),
            tally.DiscardedCustomers == 0
                ? "SpamTicket -> Discard (counted in the report, not dead letters)"
                : F($"SpamTicket -> Discard; [yellow]{tally.DiscardedCustomers:N0} of them were customers' tickets[/] by the known labels"));
        table.AddRow("dead letters", F($"{report.DeadLettered:N0}"), "malformed tickets, refused by a station");
        table.AddRow("not a ticket", F($"{summary.BadLines.Count:N0}"), "lines of the tickets file the JSONL source reported, with their line numbers");
        if (tally.AlreadyWritten > 0)
        {
            table.AddRow("answered before", F($"{tally.AlreadyWritten:N0}"), "in flight at the interruption: processed again, already in the outcomes file, not written twice");
        }

        if (summary.DoneBefore > 0)
        {
            table.AddRow("done before", F($"{summary.DoneBefore:N0}"), "resumed run: the ledger had their outcome, so they were skipped");
        }

        string check = summary.Accounted == summary.Input.Lines
            ? F($"every one of the {summary.Input.Lines:N0} lines, exactly once")
            : F($"[red]{summary.Input.Lines - summary.Accounted:N0} of {summary.Input.Lines:N0} lines unaccounted for[/]");
        table.AddRow("[bold]all[/]", F($"[bold]{summary.Accounted:N0}[/]"), check);
        return table;
    }

    private static Table CategoryTable(TriageTally tally)
    {
        Table table = NewTable("Categories (every classified ticket)")
            .AddColumn("category")
            .AddColumn(new TableColumn("predicted").RightAligned())
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

        table.AddRow("[bold]all[/]", F($"{tally.Classified:N0}"), F($"{tally.Labeled:N0}"), F($"{tally.Correct:N0}"), string.Empty, F($"[bold]{tally.Accuracy:P1}[/]"));
        return table;
    }

    private static Table StationTable(IReadOnlyList<StationReport> stations)
    {
        Table table = NewTable("Stations")
            .AddColumn("station")
            .AddColumn(new TableColumn("in").RightAligned())
            .AddColumn(new TableColumn("out").RightAligned())
            .AddColumn(new TableColumn("dead letters").RightAligned())
            .AddColumn(new TableColumn("retries").RightAligned());
        foreach (StationReport station in stations)
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
        table.AddRow("Priority", F($"urgent {tally.WithPriority(Priority.Urgent):N0}, high {tally.WithPriority(Priority.High):N0}, normal {tally.WithPriority(Priority.Normal):N0}, low {tally.WithPriority(Priority.Low):N0} (replies, escalations and refunds)"));
        IEnumerable<string> queues = OnCallQueues.All.Where(q => tally.InQueue(q) > 0).Select(q => F($"{q} {tally.InQueue(q):N0}"));
        table.AddRow("On call", tally.Escalations == 0 ? "no escalations" : string.Join(", ", queues));
        double reviewAccuracy = tally.NeedsReview == 0 ? 0 : (double)tally.NeedsReviewCorrect / tally.NeedsReview;
        table.AddRow("Needs review", F($"{tally.NeedsReview:N0} uncertain categories ({reviewAccuracy:P0} of them right)"));
        table.AddRow("Redacted", F($"{tally.Emails:N0} emails, {tally.Phones:N0} phone numbers, {tally.Cards:N0} card numbers"));
        table.AddRow("Duplicates", F($"{tally.Duplicates:N0} re-sent tickets (same normalized text)"));
        return table;
    }

    private static Table FailureTable(IReadOnlyList<Failure> failures)
    {
        Table table = NewTable("Dead letters and bad lines")
            .AddColumn("reason")
            .AddColumn("where")
            .AddColumn("exception")
            .AddColumn(new TableColumn("count").RightAligned());
        var groups = failures
            .GroupBy(f => (f.Reason, f.Where, f.Kind))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Reason, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            table.AddRow(
                Markup.Escape(group.Key.Reason),
                Markup.Escape(group.Key.Where),
                Markup.Escape(group.Key.Kind),
                F($"{group.Count():N0}"));
        }

        table.AddRow("[bold]all[/]", string.Empty, string.Empty, F($"[bold]{failures.Count:N0}[/]"));
        return table;
    }

    private static Table ExampleTable(IReadOnlyList<Failure> failures)
    {
        Table table = NewTable("Examples")
            .AddColumn("ticket")
            .AddColumn("where")
            .AddColumn("message");

        // One example per reason first, so every kind of problem shows up.
        IEnumerable<Failure> examples = failures
            .GroupBy(f => f.Reason)
            .Select(g => g.First())
            .Concat(failures)
            .Distinct()
            .Take(Examples);
        foreach (Failure failure in examples)
        {
            table.AddRow(Markup.Escape(failure.Item), Markup.Escape(failure.Where), Markup.Escape(failure.Message));
        }

        return table;
    }

    private static Table NewTable(string title) => new Table()
        .Title(F($"[bold]{Markup.Escape(title)}[/]"))
        .Border(TableBorder.Rounded);

    /// <summary>The refunds of the outcome line: what waits and what was decided, or nothing when no ticket asked for one.</summary>
    private static string Refunds(TriageTally tally)
    {
        string decided = tally.RefundsIssued + tally.RefundsDeclined == 0 ? string.Empty : F($"{tally.RefundsIssued:N0} refunded, {tally.RefundsDeclined:N0} refunds declined, ");
        return decided + (tally.Waiting == 0 ? string.Empty : F($"{tally.Waiting:N0} refunds awaiting decision, "));
    }

    private static string Ms(TimeSpan time) => F($"{time.TotalMilliseconds:N0} ms");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
