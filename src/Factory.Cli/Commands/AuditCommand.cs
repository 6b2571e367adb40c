using System.Collections.Generic;
using System.CommandLine;
using Factory.Cli.Output;
using Factory.Ledger;
using Spectre.Console;

namespace Factory.Cli.Commands;

/// <summary><c>factory audit</c>: the scope's audit entries, oldest first.</summary>
internal static class AuditCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. dead-letter.discard, gate.decision, run.resume." };
        var target = new Option<string?>("--target") { Description = "Only this target: a run id, dead-letter:ID, ledger." };
        var after = new Option<long>("--after") { Description = "Only entries after this id (to follow the audit)." };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 1000 };
        var command = new Command("audit", "Who did what: the append-only audit.\nExample: factory audit --action dead-letter.discard --ledger factory.db --tenant acme") { action, target, after, limit };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            var query = new AuditQuery { Action = parse.GetValue(action), Target = parse.GetValue(target), After = parse.GetValue(after), Limit = parse.GetValue(limit) };
            IReadOnlyList<AuditEntry> entries = await session.View.ListAuditAsync(query, cancellationToken).ConfigureAwait(false);
            Print(session.Screen, entries);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static void Print(Screen screen, IReadOnlyList<AuditEntry> entries)
    {
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("entries");
                foreach (AuditEntry entry in entries)
                {
                    RecordJson.Audit(json, entry);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        if (entries.Count == 0)
        {
            screen.Line("no audit entries");
            return;
        }

        Table table = Screen.Table("id", "time", "actor", "action", "tenant", "target", "detail");
        foreach (AuditEntry entry in entries)
        {
            Screen.Row(
                table,
                Screen.Cell(entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Screen.Cell(Words.Time(entry.Time)),
                Screen.Cell(entry.Actor),
                Screen.Cell(entry.Action),
                Screen.Cell(entry.Tenant),
                Screen.Cell(entry.Target),
                Screen.Cell(entry.Detail));
        }

        screen.Write(table);
    }
}
