using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Factory;
using Factory.AI;
using Factory.Jsonl;
using Factory.Ledger;
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
/// One triage run: train the classifier on the shipped training set; generate the tickets into a
/// JSON Lines file (or take the file given with <c>--in</c>); start the line and feed it from one
/// task that reads the file with the library's <see cref="JsonlSource"/> (lines that are not a
/// ticket are reported with their line numbers); write what leaves the line (replies and
/// escalations) with <see cref="JsonlSink"/> on another; show progress from the live station
/// counts; and print the summary, where every line of the file is accounted for, and a per-station
/// table from Factory's metrics (<see cref="StationMetrics"/>). With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// set, the run's traces and metrics are exported over OTLP (<see cref="OtlpExport"/>).
/// </summary>
public static class TriageRunner
{
    /// <summary>Exit code of a run that was cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;

    /// <summary>Runs the sample; returns the process exit code.</summary>
    public static Task<int> RunAsync(TriageOptions options, CancellationToken cancellationToken) =>
        RunAsync(options, environment: null, cancellationToken);

    /// <summary>
    /// Runs the sample, reading the model's <c>FACTORY_AI_*</c> settings through <paramref name="environment"/>
    /// (the process environment when null); returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(TriageOptions options, Func<string, string?>? environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        IAnsiConsole console = TriageConsole.Create();
        string trainingFile = options.TrainingPath ?? SamplePaths.ShippedTrainingFile;
        string outputFile = options.OutputPath ?? SamplePaths.DefaultOutput;
        string ticketsFile = options.InputPath ?? SamplePaths.TicketsFileFor(outputFile);

        console.MarkupLine("[bold]Factory sample: ticket triage[/]");
        if (SamplePaths.SameFile(ticketsFile, outputFile))
        {
            console.MarkupLine(Invariant($"[red]The outcomes would overwrite the tickets:[/] choose another --out than {Markup.Escape(SamplePaths.Display(ticketsFile))}."));
            return 2;
        }

        if (options.InputPath is not null && !File.Exists(ticketsFile))
        {
            console.MarkupLine(Invariant($"[red]No tickets file at[/] {Markup.Escape(SamplePaths.Display(ticketsFile))}."));
            return 1;
        }

        // Traces and metrics go out over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; disposing sends the last of them.
        using OtlpExport? export = OtlpExport.FromEnvironment(console);
        long clock = Stopwatch.GetTimestamp();
        TrainedClassifier model;
        try
        {
            model = TrainedClassifier.Train(options.Classifier, trainingFile);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            console.MarkupLine(Invariant($"[red]Cannot train the classifier:[/] {Markup.Escape(exception.Message)}"));
            return 1;
        }

        TimeSpan training = Stopwatch.GetElapsedTime(clock);
        Console.WriteLine(Invariant($"trained {model.Name} on {model.Examples:N0} examples from {SamplePaths.Display(trainingFile)} in {training.TotalMilliseconds:N0} ms"));

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputFile))!);
        bool resuming = options.ResumeRunId is not null;
        if (resuming && !File.Exists(ticketsFile))
        {
            console.MarkupLine(Invariant($"[red]No tickets file to resume over at[/] {Markup.Escape(SamplePaths.Display(ticketsFile))}."));
            return 1;
        }

        // A resumed run reads the tickets file the interrupted run wrote: the same tickets in the same order.
        TicketInput input = options.InputPath is null && !resuming
            ? Generate(options.Count ?? TriageOptions.DefaultCount, ticketsFile)
            : new TicketInput(SamplePaths.Display(ticketsFile), TicketFile.CountLines(ticketsFile), Seed: null, TimeSpan.Zero, 0, 0);
        Console.WriteLine(input.Generated
            ? Invariant($"generated {input.Lines:N0} tickets to {input.File} in {input.Generation.TotalMilliseconds:N0} ms (seed {input.Seed}; {input.MalformedOnPurpose} malformed, {input.BrokenLinesOnPurpose} of them not JSON tickets)")
            : Invariant($"reading {input.Lines:N0} lines from {input.File}"));

        // The ledger: a SQLite file (or a PostgreSQL database) that records the run, every ticket's one outcome and the dead letters; it lets a run be resumed.
        string? ledgerName = options.NoLedger ? null : options.LedgerPath ?? SamplePaths.LedgerFileFor(outputFile);
        string ledgerShown = string.Empty;
        await using ILedger? ledger = ledgerName is null ? null : SampleLedger.Open(ledgerName, out ledgerShown);
        string runId = options.ResumeRunId ?? NewRunId();
        long doneBefore = 0;
        if (ledger is not null && resuming)
        {
            RunRecord? before = await ledger.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (before is null)
            {
                console.MarkupLine(Invariant($"[red]No run[/] {Markup.Escape(runId)} [red]in the ledger[/] {Markup.Escape(ledgerShown)}."));
                return 1;
            }

            doneBefore = before.InputsDone;
            Console.WriteLine(Invariant($"resuming run {runId} ({Shown(before.Status)}, started {before.Starts} time(s)): {before.InputsDone:N0} of its tickets have their outcome and are skipped"));
        }

        Console.WriteLine(ledger is null
            ? "ledger: off (--no-ledger); this run cannot be resumed"
            : Invariant($"ledger: {ledgerShown}, run id {runId}"));

        // The per-station table at the end is built from Factory's meter, heard from before the line starts.
        using var metrics = new StationMetrics(model.LineName);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Approved refunds are issued into refunds.jsonl next to the outcomes, once per run and material.
        ILine<Ticket, TriageOutcome> line = model.NewLine(new RefundBook(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputFile))!, RefundBook.FileName)));
        // --broker: the stations run in worker processes on RabbitMQ, recording into this ledger; the gate's refunds wait there too.
        await using BrokerRun? broker = options.Broker is not null && ledgerName is not null
            ? await BrokerRun.StartAsync(options, ledgerName, outputFile, cancellationToken).ConfigureAwait(false)
            : null;
        if (broker is not null)
        {
            Console.WriteLine(Invariant($"broker: {options.Broker!.Host}, {options.Workers} worker processes ({broker.Workers})"));
        }

        var runOptions = new RunOptions
        {
            RunId = runId,

            // The job is the run (a resume is the same job), for the default tenant, submitted by the OS user.
            Job = new JobOrder(runId) { Submitter = Environment.UserName },
            Observers = ledger is null ? [] : [ledger.Observe(new LedgerObserveOptions { Actor = Environment.UserName })],

            // Refunds above the threshold wait here; --approve and --reject decide in the same ledger.
            Gates = ledger?.Gates,

            // 2% of the classifications go to the ledger's review queue; --answer-reviews answers them.
            Sampling = ledger is null ? null : TriageSampling.Create(),
            Transport = broker?.Transport,
        };
        if (ledger is not null && !ledger.Gates.IsDurable)
        {
            Console.WriteLine("gates: this ledger keeps waiting refunds in this process's memory: decisions from another process do not reach them");
        }

        // --serve: the control room on this ledger, on loopback, showing the run live and staying up after it.
        await using ServedConsole? served = options.ServePort is { } port && ledger is not null
            ? await ServedConsole.StartAsync(ledger, port, cancellationToken).ConfigureAwait(false)
            : null;
        LineRun<Ticket, TriageOutcome> run = line.Start(runOptions, interrupt.Token);
        served?.Show(run);
        Console.WriteLine(Invariant($"line: {LineText.Describe(run.Line)}"));

        // On a resume the outcomes file is added to; a reply or escalation it already holds is not written again.
        OutcomesFile outcomes = resuming ? OutcomesFile.Reopen(outputFile) : OutcomesFile.Create(outputFile);
        var badLines = new BadLines();
        var tally = new TriageTally();
        Action? stopAfter = options.StopAfter is { } most
            ? () =>
            {
                if (tally.Outcomes >= most && !interrupt.IsCancellationRequested)
                {
                    interrupt.Cancel();
                }
            }
            : null;
        Task feeding = FeedAsync(run.Input, TicketFile.ReadAsync(ticketsFile, badLines.Add, interrupt.Token), interrupt.Token);
        Task<long> draining = DrainAsync(run.Output, outcomes, tally, stopAfter, interrupt.Token);
        var progress = new ProgressView(
            run.Stations,
            run.Line,
            input.Lines - doneBefore,
            done: () => tally.Outcomes + tally.AlreadyWritten + run.Discards.Count + run.DeadLetters.Count + badLines.Count,
            failed: () => run.DeadLetters.Count + badLines.Count);
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

        foreach (DiscardedMaterial discard in report.Discards)
        {
            // On the broker, a discard's value comes back as JSON.
            if (discard.Value is Triaged ticket)
            {
                tally.AddDiscarded(ticket);
            }
            else if (discard.Value is JsonElement { ValueKind: JsonValueKind.Object } json && json.Deserialize(TriageJsonContext.Lines.SpamTicket) is { } spam)
            {
                tally.AddDiscarded(spam);
            }
        }

        foreach (Factory.Gates.GateItem item in report.AwaitingDecision)
        {
            if (WaitingRefunds.Draft(item) is { } draft)
            {
                tally.AddWaiting(draft.Ticket);
            }
        }

        // On the broker the stations' figures are in the ledger, once every worker has stopped (see RecordedStations).
        RecordedStations? recorded = null;
        if (broker is not null && ledger is not null)
        {
            await broker.StopWorkersAsync().ConfigureAwait(false);
            recorded = await RecordedStations.ReadAsync(ledger, report, CancellationToken.None).ConfigureAwait(false);
        }

        var summary = new RunSummary(
            report,
            tally,
            input,
            badLines.ToList(),
            SamplePaths.Display(trainingFile),
            model.Examples,
            training,
            model.Vocabulary,
            SamplePaths.Display(outputFile))
        {
            Model = model.Name,
            DoneBefore = doneBefore,
            Stations = recorded?.Report,
        };
        SummaryView.Write(console, summary);
        if (recorded is null)
        {
            StationTable.Write(console, metrics.Snapshot(), report.Line);
        }
        else
        {
            // The stations ran in the workers: their figures are in the ledger, not in this process's meter.
            StationTable.WriteRecorded(console, recorded.Stats, report.Line);
            long left = await broker!.LeftInQueuesAsync(report.Line, CancellationToken.None).ConfigureAwait(false);
            if (left > 0)
            {
                console.MarkupLine(Invariant($"[yellow]{left:N0} messages went back to the stations' queues unacknowledged as the workers stopped (or another run left them there): the tables may miss their attempts.[/]"));
            }
        }

        if (ledger is not null)
        {
            await ledger.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            RunRecord? record = await ledger.GetRunAsync(runId, CancellationToken.None).ConfigureAwait(false);
            if (record is not null)
            {
                string state = Shown(record.Status);
                Console.WriteLine(Invariant($"ledger: run {runId} is {state}: {record.InputsDone:N0} of {record.Inputs:N0} tickets have their outcome, {record.DeadLetters:N0} dead letters (in {ledgerShown})"));
            }
        }

        if (tally.AlreadyWritten > 0)
        {
            Console.WriteLine(Invariant($"{tally.AlreadyWritten:N0} outcomes were already in {SamplePaths.Display(outputFile)} and were not written again"));
        }

        if (report.Outcome == LineOutcome.Cancelled)
        {
            console.MarkupLine("[yellow]Cancelled: the outcomes file holds what the line gave before the stop.[/]");
            if (ledger is not null)
            {
                Console.WriteLine(Invariant($"resume it with: --resume {runId}{(options.InputPath is null ? string.Empty : " --in " + SamplePaths.Display(ticketsFile))}{(options.OutputPath is null ? string.Empty : " --out " + SamplePaths.Display(outputFile))}"));
            }

            return Cancelled;
        }

        Console.WriteLine(Invariant($"wrote {tally.Escalations:N0} escalations, {tally.Replies:N0} replies and {tally.RefundsIssued + tally.RefundsDeclined:N0} refund answers to {SamplePaths.Display(outputFile)}"));
        if (options.PainPoints > 0)
        {
            await PainPointsAsync(console, options.PainPoints, ticketsFile, environment, cancellationToken).ConfigureAwait(false);
        }

        // Last, so the run's final lines say what waits and how to go on.
        if (report.Outcome == LineOutcome.AwaitingDecision)
        {
            AwaitingDecision(options, runId, report.AwaitingDecision, ledger is not null);
        }

        if (served is not null)
        {
            await served.KeepUpAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The thinking unit's run over the first tickets, when a model is configured; a message saying how to configure one otherwise.</summary>
    private static async Task PainPointsAsync(IAnsiConsole console, int count, string ticketsFile, Func<string, string?>? environment, CancellationToken cancellationToken)
    {
        ModelCatalog? models = PainPointRunner.FromEnvironment(environment);
        if (models is null)
        {
            Console.WriteLine(PainPointRunner.SkippedMessage);
            return;
        }

        ModelEntry model = models.Resolve(ModelCatalog.DefaultName);
        Console.WriteLine(Invariant($"pain points: the first {count:N0} tickets through Normalize -> Redact -> ExtractPainPoints on model {model.ModelId}"));
        try
        {
            PainPointResult result = await PainPointRunner.RunAsync(models, TicketFile.ReadAsync(ticketsFile, _ => { }, cancellationToken), count, cancellationToken).ConfigureAwait(false);
            PainPointRunner.Write(console, result);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            console.MarkupLine(Invariant($"[red]The pain-point run failed:[/] {Markup.Escape(exception.Message)}"));
        }
    }

    /// <summary>The end of a run whose refunds wait at the gate: the items, the commands that decide them, and the one that finishes the run.</summary>
    private static void AwaitingDecision(TriageOptions options, string runId, IReadOnlyList<Factory.Gates.GateItem> waiting, bool recorded)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"awaiting decision: {waiting.Count:N0} refunds above {RefundRequests.GateAbove:0.00} wait at gate {WaitingRefunds.GatePath} for someone with {ApproveRefund.Permission}:"));
        WaitingRefunds.Write(Console.Out, waiting.Take(WaitingRefunds.Shown).ToArray());
        if (waiting.Count > WaitingRefunds.Shown)
        {
            Console.WriteLine(Invariant($"  … and {waiting.Count - WaitingRefunds.Shown:N0} more: --waiting {runId} lists them all"));
        }

        if (!recorded)
        {
            Console.WriteLine(Invariant($"run {runId} ended awaiting decision; with --no-ledger its refunds waited in this process only and cannot be decided"));
            return;
        }

        string ledgerArgs = GateCommands.LedgerArguments(options);
        Console.WriteLine("decide each one (as the OS user, who holds refunds:approve for the run's tenant here; --as NAME to name someone else):");
        Console.WriteLine(Invariant($"  {GateCommands.Command} -- --approve ITEM [--edit-amount X]{ledgerArgs}"));
        Console.WriteLine(Invariant($"  {GateCommands.Command} -- --reject ITEM --reason TEXT{ledgerArgs}"));
        Console.WriteLine("then finish the run (each decided refund goes on to IssueRefund or ExplainDecline):");
        Console.WriteLine(Invariant($"  {GateCommands.Command} -- --resume {runId}{GateCommands.ResumeArguments(options)}"));
        Console.WriteLine(Invariant($"run {runId} is awaiting decision on {waiting.Count:N0} refunds"));
    }

    /// <summary>A new run id: the time it started and a few random letters, readable enough to type after <c>--resume</c>.</summary>
    public static string NewRunId() =>
        Invariant($"triage-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");

    /// <summary>
    /// The line with its stations: the escalation, refund and reply lines are the targets of its routes.
    /// Approved refunds are issued through <paramref name="refunds"/> (a book in memory when null).
    /// </summary>
    public static TicketTriageLine NewLine(NaiveBayesClassifier model, RefundBook? refunds = null) =>
        new(
            new Normalize(),
            new Redact(),
            new Classify(model),
            new Prioritize(),
            new EscalationLine(new DraftEscalation(), new AssignOnCall()),
            new RefundLine(new DraftRefund(), new ApproveRefund(), new IssueRefund(refunds ?? new RefundBook()), new ExplainDecline()),
            new ReplyLine(new DraftReply()));

    /// <summary>The line with version 2 of Classify (<c>--classifier 2</c>); otherwise as <see cref="NewLine"/>.</summary>
    public static TicketTriageLineV2 NewLineV2(LogisticRegressionClassifier model, RefundBook? refunds = null) =>
        new(
            new Normalize(),
            new Redact(),
            new ClassifyV2(model),
            new Prioritize(),
            new EscalationLine(new DraftEscalation(), new AssignOnCall()),
            new RefundLine(new DraftRefund(), new ApproveRefund(), new IssueRefund(refunds ?? new RefundBook()), new ExplainDecline()),
            new ReplyLine(new DraftReply()));

    /// <summary>Reads the training file and trains the classifier on texts prepared as the line prepares tickets.</summary>
    public static NaiveBayesClassifier Train(string trainingFile)
    {
        IReadOnlyList<TrainingExample> examples = TrainingData.Read(trainingFile);
        return NaiveBayesClassifier.Train(examples.Select(e => new LabeledText(TicketText.Prepare(e.Text), e.Category)));
    }

    /// <summary>Reads the training file and trains version 2 of the classifier (logistic regression) on the same prepared texts.</summary>
    public static LogisticRegressionClassifier TrainVersion2(string trainingFile)
    {
        IReadOnlyList<TrainingExample> examples = TrainingData.Read(trainingFile);
        return LogisticRegressionClassifier.Train(examples.Select(e => new LabeledText(TicketText.Prepare(e.Text), e.Category)));
    }

    /// <summary>Generates <paramref name="count"/> tickets of the sample's stream into <paramref name="path"/>.</summary>
    private static TicketInput Generate(int count, string path)
    {
        long clock = Stopwatch.GetTimestamp();
        var generator = new TicketGenerator(TicketGenerator.TicketSeed);
        IReadOnlyList<TicketLine> lines = generator.GenerateLines(count);
        TicketFile.Write(path, lines);
        int malformed = lines.Count(l => l.Malformed is not null);
        int broken = lines.Count(l => l.Malformed is { } kind && kind.IsBrokenLine());
        return new TicketInput(SamplePaths.Display(path), lines.Count, TicketGenerator.TicketSeed, Stopwatch.GetElapsedTime(clock), malformed, broken);
    }

    /// <summary>Writes every ticket read to the line, then completes its input; a failed read fails the run.</summary>
    private static async Task FeedAsync(ChannelWriter<Ticket> input, IAsyncEnumerable<Ticket> tickets, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (Ticket ticket in tickets.ConfigureAwait(false))
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
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonlException)
        {
            // The file could not be read on: the run fails with the reason, nothing is left waiting.
            input.TryComplete(exception);
            throw;
        }
    }

    /// <summary>Writes every outcome off the line into the JSON Lines file (once per ticket), counting it in the tally as it goes.</summary>
    private static Task<long> DrainAsync(ChannelReader<TriageOutcome> output, OutcomesFile file, TriageTally tally, Action? written, CancellationToken cancellationToken) =>
        // The write itself is not cancelled: a cancelled run completes its output, and what it gave is kept.
        JsonlSink.WriteAsync(Tallied(output, file, tally, written, cancellationToken), file.Stream, TriageJsonContext.Lines.TriageOutcome, cancellationToken: CancellationToken.None);

    /// <summary>What leaves the line, counted; ends quietly when the run was cancelled (its output then completes with the cancellation).</summary>
    private static async IAsyncEnumerable<TriageOutcome> Tallied(ChannelReader<TriageOutcome> output, OutcomesFile file, TriageTally tally, Action? written, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await MoreAsync(output, cancellationToken).ConfigureAwait(false))
        {
            while (output.TryRead(out TriageOutcome? outcome))
            {
                if (!file.Claim(outcome.TicketId))
                {
                    // Written by the start before (a resumed run): idempotent, keyed by the ticket id.
                    tally.AddAlreadyWritten();
                    continue;
                }

                tally.Add(outcome);
                yield return outcome;
                written?.Invoke();
            }
        }
    }

    private static async Task<bool> MoreAsync(ChannelReader<TriageOutcome> output, CancellationToken cancellationToken)
    {
        try
        {
            return await output.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>The lines the JSONL source reported: added on the reading task, counted by the progress display, read after the run.</summary>
    private sealed class BadLines
    {
        private readonly List<JsonlError> errors = [];
        private readonly Lock gate = new();

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return errors.Count;
                }
            }
        }

        public void Add(JsonlError error)
        {
            lock (gate)
            {
                errors.Add(error);
            }
        }

        public List<JsonlError> ToList()
        {
            lock (gate)
            {
                return [.. errors];
            }
        }
    }

    /// <summary>A run's status as the sample prints it ("awaiting decision", "completed", ...).</summary>
    private static string Shown(RunStatus status) => status == RunStatus.AwaitingDecision ? "awaiting decision" : status.ToString().ToLowerInvariant();
}
