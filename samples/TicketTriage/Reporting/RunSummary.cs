using System;
using Factory;

namespace TicketTriage.Reporting;

/// <summary>Everything the summary shows about one run.</summary>
/// <param name="Report">The line's report.</param>
/// <param name="Tally">What the replies add up to.</param>
/// <param name="Tickets">Tickets generated and fed to the line.</param>
/// <param name="Seed">The seed they were generated from.</param>
/// <param name="Generation">How long generating them took.</param>
/// <param name="ExpectedMalformed">How many of them the generator made malformed.</param>
/// <param name="TrainingFile">The training file, as shown to the user.</param>
/// <param name="TrainingExamples">Examples the classifier learned from.</param>
/// <param name="Training">How long reading and training took.</param>
/// <param name="Vocabulary">Distinct hashed features seen in training.</param>
/// <param name="OutputFile">The replies file, as shown to the user.</param>
public sealed record RunSummary(
    LineReport Report,
    TriageTally Tally,
    int Tickets,
    ulong Seed,
    TimeSpan Generation,
    int ExpectedMalformed,
    string TrainingFile,
    int TrainingExamples,
    TimeSpan Training,
    int Vocabulary,
    string OutputFile)
{
    /// <summary>Materials per second through the whole line.</summary>
    public double Throughput => Report.Duration.TotalSeconds > 0 ? Report.In / Report.Duration.TotalSeconds : 0;
}
