using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Output;
using Factory.Ledger;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory run watch RUNID</c>: the run's live counts — inputs in, inputs done, dead letters, and per
/// station its attempts and failures, dead letters and the materials waiting at its gate — each time they
/// change, read from the ledger every <c>--interval</c>, until the run is no longer running. Per station it
/// reads only what the ledger keeps small (station totals, dead letters, gate items), so a look costs the
/// same on a run of any size.
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
                string line = Describe(run) + await StationsAsync(session, run.RunId, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// One line per station, by path: "\n    Normalize: 300 attempts, 2 failed, 2 dead letters" and
    /// "\n    RefundLine/ApproveRefund: 3 waiting". Attempts and failures come from the ledger's station
    /// totals (as of the recorder's last heartbeat), one row per station however large the run.
    /// </summary>
    private static async Task<string> StationsAsync(Session session, string runId, CancellationToken cancellationToken)
    {
        var totals = await session.View.ListStationTotalsAsync([runId], cancellationToken).ConfigureAwait(false);
        var letters = await session.View.ListDeadLettersAsync(new DeadLetterQuery { RunId = runId, Status = null, Limit = 100_000 }, cancellationToken).ConfigureAwait(false);
        var waiting = await GatesCommand.WaitingAsync(session, runId, cancellationToken).ConfigureAwait(false);
        var counts = new SortedDictionary<string, Counts>(StringComparer.Ordinal);
        Counts At(string station) => counts.TryGetValue(station, out Counts? found) ? found : counts[station] = new Counts();
        foreach (StationTotalsRecord total in totals)
        {
            At(total.Station).Attempts = total.Attempts;
            At(total.Station).Failed = total.Failed;
        }

        foreach (DeadLetterRecord letter in letters)
        {
            At(letter.Station).Dead++;
        }

        foreach (Factory.Gates.GateItem item in waiting)
        {
            At(item.Key.Gate).Waiting++;
        }

        var text = new System.Text.StringBuilder();
        foreach ((string station, Counts count) in counts)
        {
            text.Append("\n    ").Append(station).Append(": ").Append(count);
        }

        return text.ToString();
    }

    /// <summary>What one station shows: only the counts it has.</summary>
    private sealed class Counts
    {
        public long? Attempts { get; set; }

        public long Failed { get; set; }

        public long Dead { get; set; }

        public long Waiting { get; set; }

        public override string ToString()
        {
            var parts = new List<string>(4);
            if (Attempts is { } attempts)
            {
                parts.Add($"{Words.Number(attempts)} attempts");
                parts.Add($"{Words.Number(Failed)} failed");
            }

            if (Dead > 0)
            {
                parts.Add($"{Words.Number(Dead)} dead letters");
            }

            if (Waiting > 0)
            {
                parts.Add($"{Words.Number(Waiting)} waiting");
            }

            return string.Join(", ", parts);
        }
    }

    private static string Describe(RunRecord run) =>
        $"{Words.Of(run.Status)}: {Words.Number(run.InputsDone)} of {Words.Number(run.Inputs)} inputs done, {Words.Number(run.DeadLetters)} dead letters, start {run.Starts.ToString(CultureInfo.InvariantCulture)}";
}
