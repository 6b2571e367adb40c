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
    private readonly long total;
    private readonly long started = Stopwatch.GetTimestamp();

    /// <summary>Creates a view of <paramref name="stations"/> for a run of <paramref name="total"/> materials.</summary>
    public ProgressView(IReadOnlyList<StationStatus> stations, long total)
    {
        ArgumentNullException.ThrowIfNull(stations);
        this.stations = stations;
        this.total = Math.Max(1, total);
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

    /// <summary>Materials finished so far: out of the last station, or dead-lettered anywhere.</summary>
    public long Done
    {
        get
        {
            long done = stations.Count == 0 ? 0 : stations[^1].Out;
            foreach (StationStatus station in stations)
            {
                done += station.DeadLettered;
            }

            return done;
        }
    }

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

    /// <summary>One plain progress line: <c>[#####-----]  50%  5,000/10,000 tickets  12 dead  8,000/s</c>.</summary>
    public string PlainLine(long done)
    {
        const int width = 30;
        int filled = (int)Math.Min(width, done * width / total);
        long dead = 0;
        foreach (StationStatus station in stations)
        {
            dead += station.DeadLettered;
        }

        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        double rate = seconds > 0 ? done / seconds : 0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', width - filled)}] {done * 100 / total,3}%  {done:N0}/{total:N0} tickets  {dead:N0} dead  {rate:N0}/s");
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

        // A station can only see what the stations before it passed on: its bar fills to that.
        long reaching = total;
        for (int i = 0; i < stations.Count; i++)
        {
            StationStatus station = stations[i];
            ProgressTask task = perStation[i];
            task.MaxValue = Math.Max(1, reaching);
            task.Value = station.Out + station.DeadLettered;
            task.Description = Describe(station);
            reaching -= station.DeadLettered;
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

    private static string Describe(StationStatus station) => string.Create(
        CultureInfo.InvariantCulture,
        $"  {Markup.Escape(station.Station.Path),-11} [grey]in[/] {station.In,6:N0} [grey]out[/] {station.Out,6:N0} [grey]queued[/] {station.Queued,4:N0}{(station.DeadLettered > 0 ? $" [red]dead {station.DeadLettered:N0}[/]" : string.Empty)}");

    private static bool IsSet(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
        && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)
        && value != "0";
}
