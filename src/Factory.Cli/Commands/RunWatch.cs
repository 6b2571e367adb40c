using System;
using System.CommandLine;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Output;
using Factory.Ledger;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory run watch RUNID</c>: the run's live counts — inputs in, inputs done, dead letters — a line
/// each time they change, read from the ledger every <c>--interval</c>, until the run is no longer running.
/// </summary>
internal static class RunWatch
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var runId = new Argument<string>("RUNID") { Description = "The run's id." };
        var interval = new Option<double>("--interval") { Description = "Seconds between looks at the ledger.", DefaultValueFactory = _ => 1 };
        var watch = new Command("watch", "A run's live counts until it ends.\nExample: factory run watch triage-2026-12-07 --ledger factory.db --tenant acme") { runId, interval };
        watch.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            double seconds = parse.GetValue(interval);
            if (seconds is <= 0 or > 3600)
            {
                throw CliException.Usage($"--interval {seconds.ToString(CultureInfo.InvariantCulture)} is not between 0 and 3600 seconds.");
            }

            RunRecord run = await RunCommand.FindAsync(session, parse.GetValue(runId)!, cancellationToken).ConfigureAwait(false);
            string? last = null;
            while (true)
            {
                string line = Describe(run);
                if (line != last)
                {
                    session.Screen.Line($"{Words.Time(DateTimeOffset.UtcNow)}  {line}");
                    last = line;
                }

                if (run.Status != RunStatus.Running)
                {
                    return ExitCode.Ok;
                }

                await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
                run = await RunCommand.FindAsync(session, run.RunId, cancellationToken).ConfigureAwait(false);
            }
        }));
        return watch;
    }

    private static string Describe(RunRecord run) =>
        $"{Words.Of(run.Status)}: {Words.Number(run.InputsDone)} of {Words.Number(run.Inputs)} inputs done, {Words.Number(run.DeadLetters)} dead letters, start {run.Starts.ToString(CultureInfo.InvariantCulture)}";
}
