using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.RabbitMQ;
using TicketTriage.Cli;
using TicketTriage.Serialization;
using TicketTriage.Stations;

namespace TicketTriage.Running;

/// <summary>
/// A worker process of a run on the broker (<c>--worker</c>, started by <see cref="BrokerWorkers"/>): trains
/// the same classifier, hosts every station of the line as a competing consumer of its queue, recording
/// into the run's ledger, says <see cref="Ready"/> on its output, and stops when its input closes.
/// </summary>
public static class TriageWorker
{
    /// <summary>The line a worker writes once it consumes from every station's queue.</summary>
    public const string Ready = "worker ready";

    /// <summary>Runs the worker until <paramref name="input"/> ends; returns the process exit code.</summary>
    public static async Task<int> RunAsync(TriageOptions options, TextReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(input);
        Uri broker = options.Broker ?? throw new ArgumentException("A worker needs --broker.", nameof(options));
        string outputFile = options.OutputPath ?? SamplePaths.DefaultOutput;
        TrainedClassifier model = TrainedClassifier.Train(options.Classifier, options.TrainingPath ?? SamplePaths.ShippedTrainingFile);
        await using ILedger ledger = SampleLedger.Open(options.LedgerPath ?? SamplePaths.LedgerFileFor(outputFile), out _);
        var refunds = new RefundBook(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outputFile))!, RefundBook.FileName));
        var worker = LineWorker.For(model.NewLine(refunds), new LineWorkerOptions
        {
            Broker = broker,
            Json = TriageJsonContext.Lines,
            Ledger = ledger,
            Name = FormattableString.Invariant($"tickettriage worker {Environment.ProcessId}"),
        });
        await worker.StartAsync(cancellationToken).ConfigureAwait(false);
        await worker.Started.WaitAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(Ready);
        try
        {
            await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop as when the run closes our input.
        }

        await worker.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await ledger.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
