using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Output;
using Factory.Ledger;
using Spectre.Console;

namespace Factory.Cli.Commands;

/// <summary><c>factory runs</c>: the runs the operator may see, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var line = new Option<string?>("--line") { Description = "Only runs of this line (its name)." };
        var state = new Option<string?>("--state") { Description = "Only runs in this state: running, completed, cancelled, deadline-exceeded, failed, awaiting-decision." };
        var since = new Option<string?>("--since") { Description = "Only runs started since: a UTC time (2026-12-07T06:00Z) or a span back from now (30m, 12h, 7d)." };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 100 };
        var command = new Command("runs", "List runs, newest first.\nExample: factory runs --ledger factory.db --tenant acme --state failed --since 7d") { line, state, since, limit };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            DateTimeOffset? from = Since(parse.GetValue(since), DateTimeOffset.UtcNow);
            var query = new RunQuery
            {
                Line = parse.GetValue(line),
                Status = parse.GetValue(state) is { } word ? Words.ParseRunStatus(word) : null,
                Limit = Math.Max(1, parse.GetValue(limit)),
            };
            IReadOnlyList<RunRecord> runs = await session.View.ListRunsAsync(query, cancellationToken).ConfigureAwait(false);
            Print(session.Screen, [.. runs.Where(run => from is null || run.Started >= from)]);
            return ExitCode.Ok;
        }));
        return command;
    }

    /// <summary>The time <c>--since</c> names: an absolute time, or a span back from <paramref name="now"/>.</summary>
    internal static DateTimeOffset? Since(string? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }

        if (Span(value) is { } back)
        {
            return now - back;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
        {
            return time;
        }

        throw CliException.Usage($"--since {value} is neither a time (2026-12-07T06:00Z) nor a span back from now (30m, 12h, 7d).");
    }

    /// <summary>A span written as minutes, hours or days (30m, 12h, 7d), or null when it is not one.</summary>
    internal static TimeSpan? Span(string value) =>
        value.Length > 1 && long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long count)
            ? value[^1] switch
            {
                'm' => TimeSpan.FromMinutes(count),
                'h' => TimeSpan.FromHours(count),
                'd' => TimeSpan.FromDays(count),
                _ => null,
            }
            : null;

    private static void Print(Screen screen, IReadOnlyList<RunRecord> runs)
    {
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("runs");
                foreach (RunRecord run in runs)
                {
                    RecordJson.Run(json, run);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        if (runs.Count == 0)
        {
            screen.Line("no runs");
            return;
        }

        Table table = Screen.Table("run", "line", "tenant", "status", "started", "ended", "inputs", "done", "dead letters");
        foreach (RunRecord run in runs)
        {
            Screen.Row(
                table,
                Screen.Cell(run.RunId),
                Screen.Cell(run.Line),
                Screen.Cell(run.Job.Tenant),
                Screen.Word(Words.Of(run.Status)),
                Screen.Cell(Words.Time(run.Started)),
                Screen.Cell(Words.Time(run.Ended)),
                Screen.Cell(Words.Number(run.Inputs)),
                Screen.Cell(Words.Number(run.InputsDone)),
                Screen.Cell(Words.Number(run.DeadLetters)));
        }

        screen.Write(table);
    }
}
