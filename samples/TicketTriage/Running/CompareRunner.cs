using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Experiments;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Model;
using TicketTriage.Stations;
using TicketTriage.Tickets;

namespace TicketTriage.Running;

/// <summary>
/// <c>--compare</c>: version 1 (naive Bayes) and version 2 (logistic regression) of the Classify
/// station over the same recorded tickets, through the library's <see cref="Experiment{TIn, TOut}"/>:
/// accuracy against the known labels with Wilson intervals, agreement, McNemar's exact test, the
/// bootstrap interval of the difference, and each version's time per ticket.
/// </summary>
public static class CompareRunner
{
    /// <summary>The experiment's name (its runs are <c>classify-v1-v2-a</c> and <c>-b</c>).</summary>
    public const string ExperimentName = "classify-v1-v2";

    /// <summary>Runs the comparison over the tickets file of <paramref name="options"/> (generated as a run generates it); returns the exit code.</summary>
    public static async Task<int> RunAsync(TriageOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        string trainingFile = options.TrainingPath ?? SamplePaths.ShippedTrainingFile;
        string ticketsFile = options.InputPath ?? SamplePaths.TicketsFileFor(options.OutputPath ?? SamplePaths.DefaultOutput);
        if (options.InputPath is null)
        {
            int count = options.Count ?? TriageOptions.DefaultCount;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ticketsFile))!);
            TicketFile.Write(ticketsFile, new TicketGenerator(TicketGenerator.TicketSeed).GenerateLines(count));
            output.WriteLine(Invariant($"generated {count:N0} tickets to {SamplePaths.Display(ticketsFile)} (seed {TicketGenerator.TicketSeed})"));
        }
        else if (!File.Exists(ticketsFile))
        {
            output.WriteLine(Invariant($"No tickets file at {SamplePaths.Display(ticketsFile)}."));
            return 1;
        }

        var tickets = new List<Ticket>();
        int notTickets = 0;
        await foreach (Ticket ticket in TicketFile.ReadAsync(ticketsFile, _ => notTickets++, cancellationToken).ConfigureAwait(false))
        {
            tickets.Add(ticket);
        }

        output.WriteLine(Invariant($"read {tickets.Count:N0} tickets from {SamplePaths.Display(ticketsFile)} ({notTickets:N0} lines that are not a ticket left out)"));
        ExperimentReport report = await CompareAsync(trainingFile, tickets, output, cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        output.Write(report.ToMarkdown());
        output.WriteLine();
        output.WriteLine(report.IsNotWorse()
            ? Invariant($"version 2 is not worse than version 1 on these tickets (the difference's interval lies above 0)")
            : Invariant($"version 2 may be worse than version 1 on these tickets (the difference's interval reaches below 0)"));
        return 0;
    }

    /// <summary>Trains both versions on <paramref name="trainingFile"/> and compares them on <paramref name="tickets"/>, scored against their known labels.</summary>
    public static async Task<ExperimentReport> CompareAsync(string trainingFile, IReadOnlyList<Ticket> tickets, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(output);
        long clock = Stopwatch.GetTimestamp();
        NaiveBayesClassifier bayes = TriageRunner.Train(trainingFile);
        output.WriteLine(Invariant($"version 1: trained naive Bayes on {bayes.TrainingExamples:N0} examples in {Stopwatch.GetElapsedTime(clock).TotalMilliseconds:N0} ms"));
        clock = Stopwatch.GetTimestamp();
        LogisticRegressionClassifier regression = TriageRunner.TrainVersion2(trainingFile);
        output.WriteLine(Invariant($"version 2: trained logistic regression on {regression.TrainingExamples:N0} examples ({regression.Epochs} epochs) in {Stopwatch.GetElapsedTime(clock).TotalMilliseconds:N0} ms"));

        var experiment = new Experiment<Ticket, string>(
            ExperimentName,
            new ClassifyLine(new Normalize(), new Redact(), new Classify(bayes), new TakeCategory()),
            new ClassifyLineV2(new Normalize(), new Redact(), new ClassifyV2(regression), new TakeCategory()))
        {
            NameOfA = "v1 naive Bayes",
            NameOfB = "v2 logistic regression",
        };
        return await experiment.RunAsync(tickets, Scorers.ExactMatch<Ticket, string>(t => t.ExpectedCategory, StringComparer.Ordinal, "category = known label"), cancellationToken).ConfigureAwait(false);
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
