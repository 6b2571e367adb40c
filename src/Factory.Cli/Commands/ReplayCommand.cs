using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Output;
using Factory.Cli.Replay;
using Factory.Ledger;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory dead-letters replay</c>. <c>--dry-run</c> shows how many letters, from which stations, of
/// which line and its descriptor hash, and changes nothing. A replay itself runs the letters' inputs
/// through the line's code, so it runs only where that code is: an application's own entry point that
/// registered the line (<see cref="CliHost.Replays"/>). The <c>factory</c> tool refuses it saying so.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var ids = new Argument<long[]>("ID") { Description = "The dead letters' ids (or --run).", Arity = ArgumentArity.ZeroOrMore };
        var run = new Option<string?>("--run") { Description = "Every open dead letter of this run." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be replayed; change nothing." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation." };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded with each letter and in the audit)." };
        var command = new Command("replay", "Replay dead letters through their line as a new run.\nExample: factory dead-letters replay --run triage-1 --dry-run --ledger factory.db --tenant acme") { ids, run, dryRun, yes, reason };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            List<DeadLetterRecord> letters = await LettersAsync(session, parse.GetValue(ids) ?? [], parse.GetValue(run), cancellationToken).ConfigureAwait(false);
            Dictionary<string, RunRecord> runs = await RunsAsync(session, letters, cancellationToken).ConfigureAwait(false);
            Describe(session.Screen, letters, runs);
            if (parse.GetValue(dryRun))
            {
                return ExitCode.Ok;
            }

            DeadLetterRecord[] replayable = [.. letters.Where(l => l.CanReplay)];
            if (replayable.Length == 0)
            {
                throw CliException.Refused("None of these dead letters can be replayed (see above).");
            }

            Dictionary<string, LineReplay> lines = Lines(session.Host, replayable);
            if (!parse.GetValue(yes) && !Confirmed(session.Host, replayable.Length))
            {
                throw CliException.Refused("Not replayed: not confirmed. Answer y, or pass --yes.");
            }

            foreach (DeadLetterRecord letter in replayable)
            {
                var replayOptions = new ReplayOptions { Actor = session.Actor, Reason = parse.GetValue(reason) };
                string replayRun = await lines[letter.Line].ReplayAsync(session.Ledger, letter.Id, replayOptions, cancellationToken).ConfigureAwait(false);
                session.Host.Out.WriteLine($"dead letter {letter.Id} replayed by {session.Actor} as run {replayRun}");
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static async Task<List<DeadLetterRecord>> LettersAsync(Session session, long[] ids, string? runId, CancellationToken cancellationToken)
    {
        if (ids.Length == 0 && runId is null)
        {
            throw CliException.Usage("Which dead letters? Give their ids (factory dead-letters replay 17 18) or --run RUNID.");
        }

        var letters = new List<DeadLetterRecord>();
        foreach (long id in ids)
        {
            letters.Add(await DeadLettersCommand.FindAsync(session, id, cancellationToken).ConfigureAwait(false));
        }

        if (runId is not null)
        {
            RunRecord run = await RunCommand.FindAsync(session, runId, cancellationToken).ConfigureAwait(false);
            letters.AddRange(await session.View.ListDeadLettersAsync(new DeadLetterQuery { RunId = run.RunId, Limit = 100_000 }, cancellationToken).ConfigureAwait(false));
        }

        return letters;
    }

    private static async Task<Dictionary<string, RunRecord>> RunsAsync(Session session, List<DeadLetterRecord> letters, CancellationToken cancellationToken)
    {
        var runs = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        foreach (string runId in letters.Select(l => l.RunId).Distinct(StringComparer.Ordinal))
        {
            runs[runId] = await RunCommand.FindAsync(session, runId, cancellationToken).ConfigureAwait(false);
        }

        return runs;
    }

    /// <summary>What a replay would take: per line and hash, per station, and what it would leave and why.</summary>
    private static void Describe(Screen screen, List<DeadLetterRecord> letters, Dictionary<string, RunRecord> runs)
    {
        DeadLetterRecord[] replayable = [.. letters.Where(l => l.CanReplay)];
        var groups = replayable
            .GroupBy(l => (l.Line, runs[l.RunId].LineHash, l.Station, l.StationVersion, l.InputType))
            .OrderBy(g => g.Key.Line, StringComparer.Ordinal).ThenBy(g => g.Key.Station, StringComparer.Ordinal)
            .ToArray();
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteNumber("replayable", replayable.Length);
                json.WriteStartArray("groups");
                foreach (var group in groups)
                {
                    json.WriteStartObject();
                    json.WriteString("line", group.Key.Line);
                    json.WriteString("lineHash", group.Key.LineHash);
                    json.WriteString("station", group.Key.Station);
                    json.WriteString("stationVersion", group.Key.StationVersion);
                    json.WriteString("inputType", group.Key.InputType);
                    json.WriteNumber("count", group.Count());
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("skipped");
                foreach (DeadLetterRecord letter in letters.Where(l => !l.CanReplay))
                {
                    json.WriteStartObject();
                    json.WriteNumber("id", letter.Id);
                    json.WriteString("reason", Why(letter));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        screen.Line($"{replayable.Length} dead letter(s) can be replayed:");
        foreach (var group in groups)
        {
            screen.Line($"  {group.Count()} from station {group.Key.Station} v{group.Key.StationVersion} of line {group.Key.Line} (descriptor hash {group.Key.LineHash}), input {group.Key.InputType}");
        }

        foreach (DeadLetterRecord letter in letters.Where(l => !l.CanReplay))
        {
            screen.Line($"  dead letter {letter.Id} cannot: {Why(letter)}");
        }
    }

    private static string Why(DeadLetterRecord letter) =>
        letter.Status != DeadLetterStatus.Open
            ? $"it is {Words.Of(letter.Status)}"
            : $"the ledger holds no input for it ({Words.Of(letter.InputStatus)})";

    /// <summary>The registered line of every letter, or a refusal naming the lines this process cannot run.</summary>
    private static Dictionary<string, LineReplay> Lines(CliHost host, DeadLetterRecord[] letters)
    {
        var lines = new Dictionary<string, LineReplay>(StringComparer.Ordinal);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in letters.Select(l => l.Line).Distinct(StringComparer.Ordinal))
        {
            if (host.Replays.Find(line) is { } replay)
            {
                lines[line] = replay;
            }
            else
            {
                missing.Add(line);
            }
        }

        return missing.Count == 0
            ? lines
            : throw CliException.Refused(
                $"This process does not have the code of line {string.Join(", ", missing)}, and a replay runs the letters through it. "
                + "Replay from the application that hosts the line: its own entry point on Factory.Cli with the line registered (CliHost.Replays, docs/cli.md#replay), "
                + "or ledger.ReplayAsync in its code. Nothing was changed.");
    }

    private static bool Confirmed(CliHost host, int count)
    {
        if (!host.IsTerminal)
        {
            throw CliException.Refused($"Replaying {count.ToString(CultureInfo.InvariantCulture)} dead letter(s) needs a confirmation, and there is no terminal to ask at: pass --yes.");
        }

        host.Out.Write($"Replay {count.ToString(CultureInfo.InvariantCulture)} dead letter(s)? [y/N] ");
        string? answer = host.In.ReadLine();
        return answer is not null && answer.Trim().StartsWith('y');
    }
}
