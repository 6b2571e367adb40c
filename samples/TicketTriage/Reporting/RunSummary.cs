using System;
using System.Collections.Generic;
using Factory;
using Factory.Jsonl;

namespace TicketTriage.Reporting;

/// <summary>Everything the summary shows about one run.</summary>
/// <param name="Report">The line's report (its dead letters and route discards included).</param>
/// <param name="Tally">What the replies, escalations and discards add up to.</param>
/// <param name="Input">Where the tickets came from.</param>
/// <param name="BadLines">Lines of the tickets file that were not a ticket, as the JSONL source reported them.</param>
/// <param name="TrainingFile">The training file, as shown to the user.</param>
/// <param name="TrainingExamples">Examples the classifier learned from.</param>
/// <param name="Training">How long reading and training took.</param>
/// <param name="Vocabulary">Distinct hashed features seen in training.</param>
/// <param name="OutputFile">The outcomes file, as shown to the user.</param>
public sealed record RunSummary(
    LineReport Report,
    TriageTally Tally,
    TicketInput Input,
    IReadOnlyList<JsonlError> BadLines,
    string TrainingFile,
    int TrainingExamples,
    TimeSpan Training,
    int Vocabulary,
    string OutputFile)
{
    /// <summary>Lines read per second, from the line's start to its last output.</summary>
    public double Throughput => Report.Duration.TotalSeconds > 0 ? (Report.In + BadLines.Count) / Report.Duration.TotalSeconds : 0;

    /// <summary>On a resumed run, the tickets the ledger already had an outcome for: skipped, not processed again.</summary>
    public long DoneBefore { get; init; }

    /// <summary>
    /// The "Stations" table's rows: the report's, or, when the stations worked in other processes (<c>--broker</c>),
    /// what they recorded in the ledger (<see cref="RecordedStations.Report"/>).
    /// </summary>
    public IReadOnlyList<StationReport>? Stations { get; init; }

    /// <summary>The classifier's kind (version 1 is naive Bayes, version 2 logistic regression).</summary>
    public string Model { get; init; } = "naive Bayes";

    /// <summary>
    /// Every line of the input accounted for: escalated, replied, refunded or declined, waiting at the
    /// gate, discarded, dead-lettered, reported as not a ticket, or (on a resume) done before.
    /// </summary>
    public long Accounted => Tally.Escalations + Tally.Replies + Tally.RefundsIssued + Tally.RefundsDeclined + Tally.Waiting + Tally.AlreadyWritten
        + Report.Discarded + Report.DeadLettered + BadLines.Count + DoneBefore;
}
