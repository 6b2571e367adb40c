using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Factory;
using Spectre.Console;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Model;
using TicketTriage.Reporting;
using TicketTriage.Serialization;
using TicketTriage.Stations;
using TicketTriage.Text;
using TicketTriage.Tickets;

namespace TicketTriage.Running;

/// <summary>
/// One triage run: train the classifier on the shipped training set, generate the tickets, start the
/// line, feed it from one task, read its replies into the JSON Lines file on another, show progress
/// from the live station counts, and print the summary.
/// </summary>
public static class TriageRunner
{
    /// <summary>Exit code of a run that was cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;

    /// <summary>Runs the sample; returns the process exit code.</summary>
    public static async Task<int> RunAsync(TriageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        IAnsiConsole console = TriageConsole.Create();
        int count = options.Count ?? TriageOptions.DefaultCount;
        string trainingFile = options.TrainingPath ?? SamplePaths.ShippedTrainingFile;
        string outputFile = options.OutputPath ?? SamplePaths.DefaultOutput;

        console.MarkupLine("[bold]Factory sample: ticket triage[/]");

        long clock = Stopwatch.GetTimestamp();
        NaiveBayesClassifier model;
        try
        {
            model = Train(trainingFile);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            console.MarkupLine(Invariant($"[red]Cannot train the classifier:[/] {Markup.Escape(exception.Message)}"));
            return 1;
        }

        TimeSpan training = Stopwatch.GetElapsedTime(clock);
        Console.WriteLine(Invariant($"trained naive Bayes on {model.TrainingExamples:N0} examples from {SamplePaths.Display(trainingFile)} in {training.TotalMilliseconds:N0} ms"));

        var generator = new TicketGenerator(TicketGenerator.TicketSeed);
        clock = Stopwatch.GetTimestamp();
        IReadOnlyList<Ticket> tickets = generator.Generate(count);
        TimeSpan generation = Stopwatch.GetElapsedTime(clock);
        Console.WriteLine(Invariant($"generated {tickets.Count:N0} tickets in {generation.TotalMilliseconds:N0} ms (seed {TicketGenerator.TicketSeed})"));

        var line = new TicketTriageLine(new Normalize(), new Redact(), new Classify(model), new Prioritize(), new DraftReply());
        LineRun<Ticket, Reply> run = line.Start(job: null, cancellationToken);
        Console.WriteLine(Invariant($"line: {string.Join(" -> ", run.Stations.Select(s => s.Station.Path))}"));

        var tally = new TriageTally();
        Task feeding = FeedAsync(run.Input, tickets, cancellationToken);
        Task<long> draining = DrainAsync(run.Output, outputFile, tally, cancellationToken);
        var progress = new ProgressView(run.Stations, tickets.Count);
        await progress.ShowAsync(console, Task.WhenAll(run.Completion, draining), ProgressView.CanShowLive(console, options.Plain)).ConfigureAwait(false);

        LineReport report;
        try
        {
            report = await run.Completion.ConfigureAwait(false);
            await feeding.ConfigureAwait(false);
            await draining.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            console.MarkupLine(Invariant($"[red]The run failed:[/] {Markup.Escape(exception.Message)}"));
            return 1;
        }

        var summary = new RunSummary(
            report,
            tally,
            tickets.Count,
            TicketGenerator.TicketSeed,
            generation,
            generator.MalformedCountFor(tickets.Count),
            SamplePaths.Display(trainingFile),
            model.TrainingExamples,
            training,
            model.Vocabulary,
            SamplePaths.Display(outputFile));
        SummaryView.Write(console, summary);

        if (report.Outcome == LineOutcome.Cancelled)
        {
            console.MarkupLine("[yellow]Cancelled: the replies file holds the replies drafted before the stop.[/]");
            return Cancelled;
        }

        Console.WriteLine(Invariant($"wrote {tally.Replies:N0} replies to {SamplePaths.Display(outputFile)}"));
        return 0;
    }

    /// <summary>Reads the training file and trains the classifier on texts prepared as the line prepares tickets.</summary>
    public static NaiveBayesClassifier Train(string trainingFile)
    {
        IReadOnlyList<TrainingExample> examples = TrainingData.Read(trainingFile);
        return NaiveBayesClassifier.Train(examples.Select(e => new LabeledText(TicketText.Prepare(e.Text), e.Category)));
    }

    /// <summary>Writes every ticket to the line, then completes its input.</summary>
    private static async Task FeedAsync(ChannelWriter<Ticket> input, IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken)
    {
        try
        {
            foreach (Ticket ticket in tickets)
            {
                if (!input.TryWrite(ticket))
                {
                    await input.WriteAsync(ticket, cancellationToken).ConfigureAwait(false);
                }
            }

            input.Complete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            input.TryComplete();
        }
        catch (ChannelClosedException)
        {
            // The run ended early (cancelled or failed); its completion says why.
        }
    }

    /// <summary>Reads every reply off the line into the JSON Lines file and the tally.</summary>
    private static async Task<long> DrainAsync(ChannelReader<Reply> output, string path, TriageTally tally, CancellationToken cancellationToken)
    {
        using var writer = new JsonLinesWriter<Reply>(path, TriageJsonContext.Lines.Reply);
        try
        {
            while (await output.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (output.TryRead(out Reply? reply))
                {
                    writer.Write(reply);
                    tally.Add(reply);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled: keep what was written.
        }

        return writer.Count;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
