using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TicketTriage.Cli;

/// <summary>The command line of the sample.</summary>
public sealed record TriageOptions
{
    /// <summary>The default number of tickets triaged.</summary>
    public const int DefaultCount = 10_000;

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: dotnet run --project samples/TicketTriage -- [options]

          --count N                 tickets to generate and triage (default 10,000); they are
                                    written to tickets.jsonl next to the output, then read back
          --in PATH                 triage the tickets of this JSON Lines file instead
                                    (one {"id","body","expectedCategory"} object per line)
          --out PATH                where to write the replies and escalations as JSON Lines
                                    (default samples/TicketTriage/out/outcomes.jsonl)
          --train PATH              training file (default: data/train.jsonl shipped with the sample)
          --ledger PATH|CONNECTION  the run's ledger: a SQLite file (default ledger.db next to
                                    the output: samples/TicketTriage/out/ledger.db), or a
                                    PostgreSQL connection string ("Host=...;Database=...")
          --no-ledger               record nothing, resume nothing
          --resume RUNID            start run RUNID again over the same tickets file: tickets
                                    that already have an outcome in the ledger are skipped, and
                                    the outcomes file is added to, never a ticket twice
          --stop-after N            cancel the run once N outcomes are written (an interruption
                                    to try --resume on)
          --serve [PORT]            keep the control room up on http://127.0.0.1:PORT/factory
                                    (default 5080) while the run goes and after, until Ctrl+C;
                                    the sign-in token is printed at start
          --broker URI              run the line's stations on RabbitMQ (e.g. amqp://localhost),
                                    in worker processes this run starts, recording into its ledger
          --workers N               with --broker: how many worker processes (default 3)

        Refunds above 200.00 wait at the ApproveRefund gate; decide them in the run's ledger
        (give the same --ledger or --out as the run), then finish the run with --resume RUNID:
          --waiting [RUNID]         list the refunds waiting for a decision (of one run, or all)
          --approve ITEM            approve a waiting refund; ITEM is RUNID/MATERIAL as listed
          --edit-amount X           with --approve: refund X instead of the amount asked for
          --reject ITEM             reject a waiting refund
          --reason TEXT             with --reject: why (recorded with the decision)
          --as NAME                 decide as NAME instead of the OS user; either holds
                                    refunds:approve for the run's tenant (the sample has no sign-in)
          --pain-points N           run the ExtractPainPoints thinking unit over the first N
                                    tickets (default 20; 0 turns it off); needs a model endpoint
          --plain                   plain progress lines instead of the live bar
                                    (automatic when output is redirected or CI=true)
          --classifier 1|2          version of Classify the line runs with: 1 naive Bayes
                                    (default), 2 logistic regression
          --compare                 run version 1 (naive Bayes) and version 2 (logistic
                                    regression) of Classify over the same tickets (10,000, or
                                    --count N, or --in PATH) as an experiment and print the
                                    comparison (accuracy, agreement, McNemar, latency)
          --answer-reviews          answer the run's sampled classifications (2% go to review)
                                    from the tickets' known labels, then print the defect rate
                                    per Classify version (give the same --ledger or --out)
          --mermaid                 print the line as a Mermaid flowchart and exit
          --make-training-data [PATH]
                                    regenerate the training set (3,000 examples, or --count N)
                                    to PATH (default samples/TicketTriage/data/train.jsonl) and exit
          -h, --help                show this help

        Environment:
          OTEL_EXPORTER_OTLP_ENDPOINT   export the run's traces and metrics over OTLP to this
                                        collector (e.g. http://localhost:4317 for Jaeger); the
                                        exporter also reads OTEL_EXPORTER_OTLP_PROTOCOL
                                        (grpc or http/protobuf), OTEL_SERVICE_NAME (default
                                        ticket-triage) and the other OTEL_* variables
          FACTORY_AI_ENDPOINT           an OpenAI-compatible endpoint (e.g. Ollama's
          FACTORY_AI_MODEL              http://localhost:11434/v1) and model id for the pain
          FACTORY_AI_API_KEY            points; the key only when the server needs one
          FACTORY_AI_CASSETTE           record the model's answers to this JSONL file, or replay
          FACTORY_AI_CASSETTE_MODE      them offline with Replay
        """;

    /// <summary>The RabbitMQ broker the line's stations run on (<c>--broker</c>), or null to run them in this process.</summary>
    public Uri? Broker { get; init; }

    /// <summary>Worker processes a run on the broker starts (<c>--workers</c>).</summary>
    public int Workers { get; init; } = DefaultWorkers;

    /// <summary>The worker processes a run on the broker starts when <c>--workers</c> is not given.</summary>
    public const int DefaultWorkers = 3;

    /// <summary>True in a worker process a run on the broker started (<c>--worker</c>, not for people): it hosts the line's stations until its input closes.</summary>
    public bool Worker { get; init; }

    /// <summary>Tickets to triage, or examples to make with <see cref="MakeTrainingData"/>.</summary>
    public int? Count { get; init; }

    /// <summary>A tickets file to triage instead of generated tickets; null to generate them.</summary>
    public string? InputPath { get; init; }

    /// <summary>The outcomes file; the sample's <c>out/outcomes.jsonl</c> when null.</summary>
    public string? OutputPath { get; init; }

    /// <summary>The training file; the shipped one when null.</summary>
    public string? TrainingPath { get; init; }

    /// <summary>Regenerate the training file instead of running the line.</summary>
    public bool MakeTrainingData { get; init; }

    /// <summary>Where <see cref="MakeTrainingData"/> writes; the sample's <c>data/train.jsonl</c> when null.</summary>
    public string? TrainingDataOutput { get; init; }

    /// <summary>The default number of tickets whose pain points are extracted when a model is configured.</summary>
    public const int DefaultPainPoints = 20;

    /// <summary>The ledger file; <c>ledger.db</c> next to the output when null.</summary>
    public string? LedgerPath { get; init; }

    /// <summary>Run without a ledger.</summary>
    public bool NoLedger { get; init; }

    /// <summary>The loopback port to serve the control room on while the run goes and after; null for none (0 picks a free one).</summary>
    public int? ServePort { get; init; }

    /// <summary>The port <c>--serve</c> takes when none is given.</summary>
    public const int DefaultServePort = 5080;

    /// <summary>The id of an interrupted run to start again; null for a new run.</summary>
    public string? ResumeRunId { get; init; }

    /// <summary>Cancel the run once this many outcomes are written (to try <see cref="ResumeRunId"/>); null to run to the end.</summary>
    public int? StopAfter { get; init; }

    /// <summary>How many tickets the pain-point thinking unit reads (when a model is configured); 0 for none.</summary>
    public int PainPoints { get; init; } = DefaultPainPoints;

    /// <summary>Use plain progress lines even on an interactive terminal.</summary>
    public bool Plain { get; init; }

    /// <summary>The version of Classify the line runs with: 1 (naive Bayes) or 2 (logistic regression).</summary>
    public int Classifier { get; init; } = 1;

    /// <summary>Compare the two versions of Classify over the same tickets and exit.</summary>
    public bool Compare { get; init; }

    /// <summary>Answer the review queue from the known labels, print the defect rates and exit.</summary>
    public bool AnswerReviews { get; init; }

    /// <summary>Print the line's Mermaid diagram and exit.</summary>
    public bool Mermaid { get; init; }

    /// <summary>Show the usage and exit.</summary>
    public bool Help { get; init; }

    /// <summary>List the refunds waiting at the gate instead of running the line.</summary>
    public bool Waiting { get; init; }

    /// <summary>With <see cref="Waiting"/>: only this run's; every run's when null.</summary>
    public string? WaitingRunId { get; init; }

    /// <summary>A waiting refund to approve instead of running the line.</summary>
    public ItemId? Approve { get; init; }

    /// <summary>With <see cref="Approve"/>: the amount to refund instead of the one asked for.</summary>
    public decimal? EditAmount { get; init; }

    /// <summary>A waiting refund to reject instead of running the line.</summary>
    public ItemId? Reject { get; init; }

    /// <summary>With <see cref="Reject"/>: why.</summary>
    public string? Reason { get; init; }

    /// <summary>Who decides; the OS user when null.</summary>
    public string? Actor { get; init; }

    /// <summary>True when the command decides or lists at the gate rather than running the line.</summary>
    public bool IsGateCommand => Waiting || Approve is not null || Reject is not null;

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out TriageOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        options = new TriageOptions();
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--count":
                    if (!TryValue(args, ref i, out string? count) || !int.TryParse(count, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out int n) || n < 1)
                    {
                        error = "--count needs a whole number of at least 1.";
                        return false;
                    }

                    options = options with { Count = n };
                    break;
                case "--in":
                    if (!TryValue(args, ref i, out string? input))
                    {
                        error = "--in needs a file path.";
                        return false;
                    }

                    options = options with { InputPath = input };
                    break;
                case "--out":
                    if (!TryValue(args, ref i, out string? output))
                    {
                        error = "--out needs a file path.";
                        return false;
                    }

                    options = options with { OutputPath = output };
                    break;
                case "--train":
                    if (!TryValue(args, ref i, out string? train))
                    {
                        error = "--train needs a file path.";
                        return false;
                    }

                    options = options with { TrainingPath = train };
                    break;
                case "--make-training-data":
                    options = options with { MakeTrainingData = true };
                    if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        options = options with { TrainingDataOutput = args[++i] };
                    }

                    break;
                case "--ledger":
                    if (!TryValue(args, ref i, out string? ledger))
                    {
                        error = "--ledger needs a file path or a PostgreSQL connection string.";
                        return false;
                    }

                    options = options with { LedgerPath = ledger };
                    break;
                case "--no-ledger":
                    options = options with { NoLedger = true };
                    break;
                case "--serve":
                    int port = DefaultServePort;
                    if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                        && !(int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65_535))
                    {
                        error = $"--serve takes a port number (0 to 65535), not '{args[i]}'.";
                        return false;
                    }

                    options = options with { ServePort = port };
                    break;
                case "--resume":
                    if (!TryValue(args, ref i, out string? runId) || string.IsNullOrWhiteSpace(runId))
                    {
                        error = "--resume needs the run id the interrupted run printed.";
                        return false;
                    }

                    options = options with { ResumeRunId = runId };
                    break;
                case "--stop-after":
                    if (!TryValue(args, ref i, out string? stop) || !int.TryParse(stop, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out int most) || most < 1)
                    {
                        error = "--stop-after needs a whole number of at least 1.";
                        return false;
                    }

                    options = options with { StopAfter = most };
                    break;
                case "--pain-points":
                    if (!TryValue(args, ref i, out string? pains) || !int.TryParse(pains, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out int few) || few < 0)
                    {
                        error = "--pain-points needs a whole number (0 turns it off).";
                        return false;
                    }

                    options = options with { PainPoints = few };
                    break;
                case "--plain":
                    options = options with { Plain = true };
                    break;
                case "--waiting":
                    options = options with { Waiting = true };
                    if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        options = options with { WaitingRunId = args[++i] };
                    }

                    break;
                case "--approve" or "--reject":
                    if (!TryValue(args, ref i, out string? item) || !ItemId.TryParse(item, out ItemId id))
                    {
                        error = $"{arg} needs a waiting item: {ItemId.Shape}.";
                        return false;
                    }

                    options = arg == "--approve" ? options with { Approve = id } : options with { Reject = id };
                    break;
                case "--edit-amount":
                    if (!TryValue(args, ref i, out string? edit) || !decimal.TryParse(edit, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal amount))
                    {
                        error = "--edit-amount needs an amount such as 180 or 180.50.";
                        return false;
                    }

                    options = options with { EditAmount = amount };
                    break;
                case "--reason":
                    if (!TryValue(args, ref i, out string? reason) || string.IsNullOrWhiteSpace(reason))
                    {
                        error = "--reason needs a text: why the refund is rejected.";
                        return false;
                    }

                    options = options with { Reason = reason };
                    break;
                case "--as":
                    if (!TryValue(args, ref i, out string? actor) || string.IsNullOrWhiteSpace(actor))
                    {
                        error = "--as needs the name of the person deciding.";
                        return false;
                    }

                    options = options with { Actor = actor };
                    break;
                case "--classifier":
                    if (!TryValue(args, ref i, out string? version) || version is not ("1" or "2"))
                    {
                        error = "--classifier needs the version of Classify: 1 (naive Bayes) or 2 (logistic regression).";
                        return false;
                    }

                    options = options with { Classifier = version[0] - '0' };
                    break;
                case "--compare":
                    options = options with { Compare = true };
                    break;
                case "--broker":
                    if (!TryValue(args, ref i, out string? broker) || !Uri.TryCreate(broker, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("amqp" or "amqps"))
                    {
                        error = "--broker needs the broker's URI, e.g. amqp://localhost or amqp://user:password@host:5672/.";
                        return false;
                    }

                    options = options with { Broker = uri };
                    break;
                case "--workers":
                    if (!TryValue(args, ref i, out string? workers) || !int.TryParse(workers, NumberStyles.None, CultureInfo.InvariantCulture, out int processes) || processes is < 1 or > 32)
                    {
                        error = "--workers needs a number of worker processes from 1 to 32.";
                        return false;
                    }

                    options = options with { Workers = processes };
                    break;
                case "--worker":
                    options = options with { Worker = true };
                    break;
                case "--answer-reviews":
                    options = options with { AnswerReviews = true };
                    break;
                case "--mermaid":
                    options = options with { Mermaid = true };
                    break;
                case "-h" or "--help" or "-?":
                    options = options with { Help = true };
                    break;
                default:
                    error = $"Unknown option '{arg}'.";
                    return false;
            }
        }

        if (options.InputPath is not null && options.Count is not null && !options.MakeTrainingData)
        {
            error = "--count makes tickets and --in reads them: give one or the other.";
            return false;
        }

        if (options.NoLedger && options.ResumeRunId is not null)
        {
            error = "--resume needs the ledger: leave out --no-ledger.";
            return false;
        }

        if (options.NoLedger && options.ServePort is not null)
        {
            error = "--serve shows the run's ledger: leave out --no-ledger.";
            return false;
        }

        if (options.NoLedger && options.LedgerPath is not null)
        {
            error = "--ledger and --no-ledger: give one or the other.";
            return false;
        }

        if (options.ResumeRunId is not null && options.Count is not null)
        {
            error = "--resume reads the interrupted run's tickets file again: leave out --count.";
            return false;
        }

        if (options.Compare && (options.AnswerReviews || options.ResumeRunId is not null || options.IsGateCommand))
        {
            error = "--compare runs the two classifiers over a tickets file: leave out --answer-reviews, --resume and the gate commands.";
            return false;
        }

        if (options.AnswerReviews && (options.NoLedger || options.Count is not null || options.InputPath is not null || options.ResumeRunId is not null || options.IsGateCommand))
        {
            error = "--answer-reviews works on the ledger's review queue and runs nothing: give only --ledger or --out.";
            return false;
        }

        error = GateCommandConflict(options) ?? BrokerConflict(args, options);
        return error is null;
    }

    /// <summary>What is wrong with <c>--broker</c>, <c>--workers</c> and <c>--worker</c> in <paramref name="options"/>, or null.</summary>
    private static string? BrokerConflict(IReadOnlyList<string> args, TriageOptions options)
    {
        if (options.Broker is null)
        {
            return args.Contains("--workers") || options.Worker ? "--workers and --worker go with --broker URI." : null;
        }

        if (options.NoLedger)
        {
            return "--broker: the workers record into the run's ledger, and the gate's refunds wait there: leave out --no-ledger.";
        }

        if (options.Compare || options.AnswerReviews || options.IsGateCommand || options.ServePort is not null)
        {
            return "--broker runs the triage (or resumes it, with --resume): leave out --compare, --answer-reviews, --serve and the gate commands.";
        }

        return null;
    }

    /// <summary>What is wrong with the gate commands of <paramref name="options"/>, or null.</summary>
    private static string? GateCommandConflict(TriageOptions options)
    {
        int commands = (options.Waiting ? 1 : 0) + (options.Approve is null ? 0 : 1) + (options.Reject is null ? 0 : 1);
        if (commands > 1)
        {
            return "--waiting, --approve and --reject: give one at a time.";
        }

        if (options.EditAmount is not null && options.Approve is null)
        {
            return "--edit-amount goes with --approve ITEM.";
        }

        if (options.Reason is not null && options.Reject is null)
        {
            return "--reason goes with --reject ITEM.";
        }

        if (options.Reject is not null && options.Reason is null)
        {
            return "--reject needs --reason TEXT: the decision records why.";
        }

        if (options.Actor is not null && options.Approve is null && options.Reject is null)
        {
            return "--as goes with --approve or --reject.";
        }

        if (commands == 1 && (options.Count is not null || options.InputPath is not null || options.ResumeRunId is not null || options.StopAfter is not null
            || options.NoLedger || options.MakeTrainingData || options.Mermaid))
        {
            return "--waiting, --approve and --reject work on the ledger and run nothing: leave out --count, --in, --resume, --stop-after, --no-ledger, --mermaid and --make-training-data.";
        }

        return null;
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, out string? value)
    {
        if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            value = args[++i];
            return true;
        }

        value = null;
        return false;
    }
}
