using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TicketTriage.Cli;

namespace TicketTriage.Running;

/// <summary>
/// The worker processes a run on the broker starts (<c>--broker URI --workers N</c>): this program again
/// with <c>--worker</c> and the run's broker, ledger, outputs, training file and classifier. Each says it is
/// ready before the run starts; disposing closes their input, and each stops (killed if it has not within 10 s).
/// </summary>
public sealed class BrokerWorkers : IAsyncDisposable
{
    private readonly List<Process> processes;

    private BrokerWorkers(List<Process> processes)
    {
        this.processes = processes;
    }

    /// <summary>The workers' process ids.</summary>
    public IReadOnlyList<int> Ids => processes.Select(p => p.Id).ToArray();

    /// <summary>Starts <see cref="TriageOptions.Workers"/> worker processes and waits until each is ready (at most 60 s).</summary>
    public static async Task<BrokerWorkers> StartAsync(TriageOptions options, string ledger, string outputFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = new BrokerWorkers([]);
        try
        {
            for (int i = 0; i < options.Workers; i++)
            {
                started.processes.Add(Start(options, ledger, outputFile));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await Task.WhenAll(started.processes.Select(p => ReadyAsync(p, timeout.Token))).ConfigureAwait(false);
            return started;
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes each worker's input and waits for it to stop; one that does not within 10 s is killed.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (Process process in processes)
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (Exception closed) when (closed is IOException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        foreach (Process process in processes)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(patience.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        processes.Clear();
    }

    private static Process Start(TriageOptions options, string ledger, string outputFile)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };

        // This program's own executable; under the dotnet host (dotnet run, a test), its assembly next to this one.
        string host = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(host) == "TicketTriage")
        {
            start.FileName = host;
        }
        else
        {
            start.FileName = Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TicketTriage.dll"));
        }

        foreach (string argument in Arguments(options, ledger, outputFile))
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker process.");
    }

    private static IEnumerable<string> Arguments(TriageOptions options, string ledger, string outputFile)
    {
        yield return "--worker";
        yield return "--broker";
        yield return options.Broker!.OriginalString;
        yield return "--ledger";
        yield return ledger;
        yield return "--out";
        yield return outputFile;
        yield return "--classifier";
        yield return options.Classifier.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (options.TrainingPath is { } training)
        {
            yield return "--train";
            yield return training;
        }
    }

    /// <summary>Waits for the worker's ready line; what it writes after is read and dropped (its errors go to this process's error output).</summary>
    private static async Task ReadyAsync(Process process, CancellationToken cancellationToken)
    {
        while (true)
        {
            string? line = await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                throw new InvalidOperationException(FormattableString.Invariant($"Worker process {process.Id} exited before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)})."));
            }

            if (line == TriageWorker.Ready)
            {
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                return;
            }
        }
    }
}
