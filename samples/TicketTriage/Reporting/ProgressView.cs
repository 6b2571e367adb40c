using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using Factory;
using Spectre.Console;

namespace TicketTriage.Reporting;

/// <summary>
/// Shows a run's progress from the line's live station counts until the run is done: a Spectre.Console
/// progress display on an interactive terminal, or, when output is redirected, <c>CI=true</c>, or
/// <c>--plain</c>, a plain line every 10% (no cursor movement, so logs stay readable).
/// It only polls the counts; it never holds the line up.
/// </summary>
public sealed class ProgressView
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PlainHeartbeat = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<StationStatus> stations;
    private readonly IReadOnlyList<LineEdge> edges;
    private readonly long total;
    private readonly Func<long> done;
    private readonly Func<long> failed;
    private readonly long started = Stopwatch.GetTimestamp();

    /// <summary>Creates a view of a run of <paramref name="total"/> materials.</summary>
    /// <param name="stations">The run's live station counts, in the order of <paramref name="line"/>'s stations.</param>
    /// <param name="line">The line: its edges say which stations feed which, and which edges are routes.</param>
    /// <param name="total">How many materials the run takes (the lines of the tickets file).</param>
    /// <param name="done">How many have an outcome so far (left the line, discarded, dead-lettered or refused as input).</param>
    /// <param name="failed">How many of those failed (dead letters and bad input lines).</param>
    public ProgressView(IReadOnlyList<StationStatus> stations, LineDescriptor line, long total, Func<long> done, Func<long> failed)
    {
        ArgumentNullException.ThrowIfNull(stations);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(failed);
        this.stations = stations;
        // The live counts come in the descriptor's station order; if they ever did not, bars fill to the total.
        edges = stations.Count == line.Stations.Count ? line.Edges : [];
        this.total = Math.Max(1, total);
        this.done = done;
        this.failed = failed;
    }

    /// <summary>True when the live display fits <paramref name="console"/>: a terminal, not redirected, not CI, not asked to be plain.</summary>
    public static bool CanShowLive(IAnsiConsole console, bool forcePlain)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (forcePlain || Console.IsOutputRedirected || IsSet("CI") || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal))
        {
            return false;
        }

        return console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
    }

    /// <summary>Materials finished so far.</summary>
    public long Done => done();

    /// <summary>
    /// Shows progress on <paramref name="console"/> until <paramref name="finished"/> ends (however it ends):
    /// live when <paramref name="live"/>, else as plain lines on standard output.
    /// </summary>
    public Task ShowAsync(IAnsiConsole console, Task finished, bool live) =>
        live ? ShowLiveAsync(console, finished) : ShowPlainAsync(finished, Console.Out);

    /// <summary>Writes plain progress lines to <paramref name="output"/> until <paramref name="finished"/> ends.</summary>
    public async Task ShowPlainAsync(Task finished, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(finished);
        ArgumentNullException.ThrowIfNull(output);
        int lastDecile = -1;
        long lastDone = -1;
        long lastPrinted = Stopwatch.GetTimestamp();
        while (true)
        {
            bool last = finished.IsCompleted;
            long done = Done;
            int decile = (int)Math.Min(10, done * 10 / total);
            bool due = decile > lastDecile
                || Stopwatch.GetElapsedTime(lastPrinted) >= PlainHeartbeat
                || (last && done != lastDone);
            if (due)
            {
                output.WriteLine(PlainLine(done));
                lastDecile = decile;
                lastDone = done;
                lastPrinted = Stopwatch.GetTimestamp();
            }

            if (last)
            {
                return;
            }

            await Task.WhenAny(finished, Task.Delay(PlainInterval)).ConfigureAwait(false);
        }
    }

    /// <summary>One plain progress line: <c>[#####-----]  50%  5,000/10,000 tickets  12 failed  8,000/s</c>.</summary>
    public string PlainLine(long done)
    {
        const int width = 30;
        int filled = (int)Math.Min(width, done * width / total);
        long dead = failed();

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        double rate = seconds > 0 ? done / seconds : 0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', width - filled)}] {done * 100 / total,3}%  {done:N0}/{total:N0} tickets  {dead:N0} failed  {rate:N0}/s");
    }

    private async Task ShowLiveAsync(IAnsiConsole console, Task finished)
    {
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask overall = context.AddTask("[bold]tickets[/]", maxValue: total);
                var perStation = new ProgressTask[stations.Count];
                for (int i = 0; i < stations.Count; i++)
                {
                    perStation[i] = context.AddTask(Describe(stations[i]), maxValue: total);
                }

                while (true)
                {
                    bool last = finished.IsCompleted;
                    Update(overall, perStation, last);
                    context.Refresh();
                    if (last)
                    {
                        return;
                    }

                    await Task.WhenAny(finished, Task.Delay(LiveInterval)).ConfigureAwait(false);
                }
            })
            .ConfigureAwait(false);
    }

    private void Update(ProgressTask overall, ProgressTask[] perStation, bool last)
    {
        long done = Done;
        overall.Description = string.Create(CultureInfo.InvariantCulture, $"[bold]tickets[/] {done:N0}/{total:N0}");
        overall.Value = done;

        // A station can only see what reaches it: its bar fills to that (see Reaching).
        long[] reaching = Reaching();
        for (int i = 0; i < stations.Count; i++)
        {
            StationStatus station = stations[i];
            ProgressTask task = perStation[i];
            task.MaxValue = Math.Max(1, reaching[i]);
            task.Value = station.Out + station.DeadLettered;
            task.Description = Describe(station);
        }

        if (last)
        {
            // The counts are final: a finished run shows full bars, a cancelled one shows where it stopped.
            foreach (ProgressTask task in perStation)
            {
                task.StopTask();
            }

            overall.StopTask();
        }
    }

    /// <summary>
    /// How many materials can reach each station: all of them for the first; what the stations
    /// before it pass on (what they take, less their dead letters) for a station on a plain belt; and
    /// for a route's target, which gets only its case, what has reached it so far.
    /// </summary>
    private long[] Reaching()
    {
        var reaching = new long[stations.Count];
        for (int i = 0; i < stations.Count; i++)
        {
            long sum = 0;
            bool fed = false;
            bool routed = false;
            foreach (LineEdge edge in edges)
            {
                if (edge.To != i || edge.From >= i)
                {
                    continue;
                }

                fed = true;
                routed |= edge.Route is not null;
                sum += reaching[edge.From] - stations[edge.From].DeadLettered;
            }

            StationStatus station = stations[i];
            reaching[i] = !fed ? total
                : routed ? station.In + station.Queued
                : sum;
        }

        return reaching;
    }

    private static string Describe(StationStatus station) => string.Create(
        CultureInfo.InvariantCulture,
        $"  {Markup.Escape(station.Station.Path),-30} [grey]in[/] {station.In,6:N0} [grey]out[/] {station.Out,6:N0} [grey]queued[/] {station.Queued,4:N0}{(station.DeadLettered > 0 ? $" [red]dead {station.DeadLettered:N0}[/]" : string.Empty)}");

    private static bool IsSet(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
        && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)
        && value != "0";
}
