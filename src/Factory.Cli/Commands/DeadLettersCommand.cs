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

/// <summary><c>factory dead-letters list|show|discard|replay</c>, through the operator's view of the ledger.</summary>
internal static class DeadLettersCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var command = new Command("dead-letters", "Materials that failed all attempts: list, show, discard, replay.");
        command.Add(List(host, options));
        command.Add(Show(host, options));
        command.Add(Discard(host, options));
        command.Add(ReplayCommand.Create(host, options));
        return command;
    }

    /// <summary>The letter, or exit 2 (another tenant's reads as none).</summary>
    public static async Task<DeadLetterRecord> FindAsync(Session session, long id, CancellationToken cancellationToken) =>
        await session.View.GetDeadLetterAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw CliException.NotFound($"No dead letter {id} {session.Where}: list them with 'factory dead-letters list'.");

    private static Command List(CliHost host, GlobalOptions options)
    {
        var run = new Option<string?>("--run") { Description = "Only this run's." };
        var station = new Option<string?>("--station") { Description = "Only those that failed at this station (its path)." };
        var status = new Option<string>("--status") { Description = "open (default), replayed, discarded or all.", DefaultValueFactory = _ => "open" };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "Dead letters, oldest first (open ones by default).\nExample: factory dead-letters list --run triage-1 --ledger factory.db --tenant acme") { run, station, status, limit };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            var query = new DeadLetterQuery { RunId = parse.GetValue(run), Station = parse.GetValue(station), Status = Words.ParseDeadLetterStatus(parse.GetValue(status)!), Limit = parse.GetValue(limit) };
            IReadOnlyList<DeadLetterRecord> letters = await session.View.ListDeadLettersAsync(query, cancellationToken).ConfigureAwait(false);
            PrintList(session.Screen, letters);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Show(CliHost host, GlobalOptions options)
    {
        var id = new Argument<long>("ID") { Description = "The dead letter's id." };
        var command = new Command("show", "One dead letter: its cause and its input as JSON.\nExample: factory dead-letters show 17 --ledger factory.db --tenant acme") { id };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            DeadLetterRecord letter = await FindAsync(session, parse.GetValue(id), cancellationToken).ConfigureAwait(false);
            PrintOne(session.Screen, letter);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Discard(CliHost host, GlobalOptions options)
    {
        var id = new Argument<long>("ID") { Description = "The dead letter's id." };
        var reason = new Option<string?>("--reason") { Description = "Why (required; recorded with the letter and in the audit)." };
        var command = new Command("discard", "Mark an open dead letter discarded, audited with the operator (--as).\nExample: factory dead-letters discard 17 --reason \"customer withdrew\" --ledger factory.db --tenant acme") { id, reason };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            string? why = parse.GetValue(reason);
            if (string.IsNullOrWhiteSpace(why))
            {
                throw CliException.Usage("A discard needs --reason TEXT: it is recorded with the letter and in the audit.");
            }

            DeadLetterRecord letter = await FindAsync(session, parse.GetValue(id), cancellationToken).ConfigureAwait(false);
            if (letter.Status != DeadLetterStatus.Open)
            {
                throw CliException.Refused($"Dead letter {letter.Id} is {Words.Of(letter.Status)} (by {letter.ResolvedBy} at {Words.Time(letter.ResolvedAt)}), not open: only an open letter can be discarded.");
            }

            try
            {
                await session.View.DiscardDeadLetterAsync(letter.Id, session.Actor, why, cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerException refused)
            {
                // Someone resolved it in between: the ledger's own words say how.
                throw CliException.Refused(refused.Message);
            }

            if (session.Screen.IsJson)
            {
                DeadLetterRecord after = await FindAsync(session, letter.Id, cancellationToken).ConfigureAwait(false);
                session.Screen.Json(json => RecordJson.DeadLetter(json, after, withInput: false));
            }
            else
            {
                session.Screen.Line($"dead letter {letter.Id} discarded by {session.Actor}: {why}");
            }

            return ExitCode.Ok;
        }));
        return command;
    }

    private static void PrintList(Screen screen, IReadOnlyList<DeadLetterRecord> letters)
    {
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("deadLetters");
                foreach (DeadLetterRecord letter in letters)
                {
                    RecordJson.DeadLetter(json, letter, withInput: false);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        if (letters.Count == 0)
        {
            screen.Line("no dead letters");
            return;
        }

        Table table = Screen.Table("id", "run", "material", "station", "attempts", "error", "time", "status");
        foreach (DeadLetterRecord letter in letters)
        {
            Screen.Row(
                table,
                Screen.Cell(letter.Id.ToString(CultureInfo.InvariantCulture)),
                Screen.Cell(letter.RunId),
                Screen.Cell(letter.MaterialId.ToString(CultureInfo.InvariantCulture)),
                Screen.Cell($"{letter.Station} v{letter.StationVersion}"),
                Screen.Cell(letter.Attempts.ToString(CultureInfo.InvariantCulture)),
                Screen.Cell($"{letter.ExceptionType}: {letter.Message}"),
                Screen.Cell(Words.Time(letter.Time)),
                Screen.Word(Words.Of(letter.Status)));
        }

        screen.Write(table);
    }

    private static void PrintOne(Screen screen, DeadLetterRecord letter)
    {
        if (screen.IsJson)
        {
            screen.Json(json => RecordJson.DeadLetter(json, letter, withInput: true));
            return;
        }

        screen.Fields(
            $"dead letter {letter.Id}",
            [
                ("run", letter.RunId),
                ("tenant", letter.Tenant),
                ("line", letter.Line),
                ("material", $"{letter.MaterialId} (input {letter.Root})"),
                ("station", $"{letter.Station} v{letter.StationVersion}"),
                ("attempts", letter.Attempts.ToString(CultureInfo.InvariantCulture)),
                ("error", $"{letter.ExceptionType}: {letter.Message}"),
                ("time", Words.Time(letter.Time)),
                ("status", Words.Of(letter.Status) + (letter.ResolvedBy is null ? string.Empty : $" by {letter.ResolvedBy} at {Words.Time(letter.ResolvedAt)}: {letter.Reason}")),
                ("replay run", letter.ReplayRunId),
                ("input type", letter.InputType),
            ]);
        screen.Heading("input:");
        screen.Line(letter.InputJson is null ? $"(no value: {Words.Of(letter.InputStatus)})" : Screen.Pretty(letter.InputJson));
    }
}
