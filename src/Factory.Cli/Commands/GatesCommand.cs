using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Output;
using Factory.Gates;
using Factory.Ledger;
using Spectre.Console;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory gates list|approve|reject</c>: what waits at gates, and deciding it through the ledger's
/// gate store (<see cref="ILedger.Gates"/>), which judges every attempt by the gate rules and audits it.
/// The operator acts as <c>--as</c>, holding the <c>--permission</c>s given, for the tenant of the scope.
/// </summary>
internal static class GatesCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var gates = new Command("gates", "Materials waiting at gates, and deciding them.");
        gates.Add(List(host, options));
        gates.Add(Decide(host, options, approve: true));
        gates.Add(Decide(host, options, approve: false));
        return gates;
    }

    private static Command List(CliHost host, GlobalOptions options)
    {
        var run = new Option<string?>("--run") { Description = "Only this run's items." };
        var command = new Command("list", "What waits for a decision.\nExample: factory gates list --ledger factory.db --tenant acme") { run };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            IReadOnlyList<GateItem> waiting = await WaitingAsync(session, parse.GetValue(run), cancellationToken).ConfigureAwait(false);
            Print(session, waiting);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Decide(CliHost host, GlobalOptions options, bool approve)
    {
        var runId = new Argument<string>("RUNID") { Description = "The run's id." };
        var materialId = new Argument<long>("MATERIAL") { Description = "The waiting material's id (factory gates list)." };
        var gate = new Option<string?>("--gate") { Description = "The gate's path, when the material waits at more than one (or was decided already)." };
        var permission = new Option<string[]>("--permission")
        {
            Description = "A permission the operator holds, e.g. refunds:approve (repeat it). Default: FACTORY_PERMISSIONS, comma-separated.",
            AllowMultipleArgumentsPerToken = false,
        };
        var reason = new Option<string?>("--reason") { Description = approve ? "Why (recorded in the audit)." : "Why it is rejected (required)." };
        var set = new Option<string[]>("--set") { Description = "Approve an edited payload: Field=Value (repeat it; a dotted path reaches nested fields)." };
        Command command = approve
            ? new Command("approve", "Approve a waiting material, as it is or edited.\nExample: factory gates approve refunds-1 11 --set Amount=120 --permission refunds:approve --tenant acme --ledger factory.db") { runId, materialId, gate, permission, reason, set }
            : new Command("reject", "Reject a waiting material.\nExample: factory gates reject refunds-1 11 --reason \"duplicate\" --permission refunds:approve --tenant acme --ledger factory.db") { runId, materialId, gate, permission, reason };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            string why = parse.GetValue(reason) ?? string.Empty;
            if (!approve && string.IsNullOrWhiteSpace(why))
            {
                throw CliException.Usage("A rejection needs --reason TEXT: it goes to the approvers' record and the audit.");
            }

            RunRecord run = await RunCommand.FindAsync(session, parse.GetValue(runId)!, cancellationToken).ConfigureAwait(false);
            long id = parse.GetValue(materialId);
            GateItemKey key = await KeyAsync(session, run, id, parse.GetValue(gate), cancellationToken).ConfigureAwait(false);
            GateItem? item = (await WaitingAsync(session, run.RunId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(i => i.Key == key);
            GateVerdict verdict = approve ? Approval(session, item, parse.GetValue(set) ?? []) : GateVerdict.Reject(why);
            var actor = new GateActor(session.Actor, Permissions(session.Host, parse.GetValue(permission)), [session.Scope.Tenant ?? run.Job.Tenant]);
            GateDecisionResult result = await session.Ledger.Gates.DecideAsync(key, actor, verdict, cancellationToken).ConfigureAwait(false);
            return Report(session, key, result);
        }));
        return command;
    }

    /// <summary>Items waiting, of the scope's tenant only: another tenant's read as not there.</summary>
    internal static async Task<IReadOnlyList<GateItem>> WaitingAsync(Session session, string? runId, CancellationToken cancellationToken)
    {
        IReadOnlyList<GateItem> waiting = await session.Ledger.Gates.WaitingAsync(runId, cancellationToken).ConfigureAwait(false);
        return session.Scope.Tenant is { } tenant ? [.. waiting.Where(item => item.Tenant == tenant)] : waiting;
    }

    /// <summary>The item's key: the gate the material waits at, or the one <c>--gate</c> names.</summary>
    private static async Task<GateItemKey> KeyAsync(Session session, RunRecord run, long id, string? gate, CancellationToken cancellationToken)
    {
        if (gate is not null)
        {
            return new GateItemKey(run.RunId, gate, id);
        }

        GateItem[] at = [.. (await WaitingAsync(session, run.RunId, cancellationToken).ConfigureAwait(false)).Where(item => item.Key.MaterialId == id)];
        return at.Length switch
        {
            1 => at[0].Key,
            0 => throw CliException.NotFound($"Material {id} of run {run.RunId} waits at no gate: list what waits with 'factory gates list --run {run.RunId}' (for one decided already, give --gate GATE to see its decision)."),
            _ => throw CliException.Usage($"Material {id} of run {run.RunId} waits at {at.Length} gates ({string.Join(", ", at.Select(i => i.Key.Gate))}): say which with --gate."),
        };
    }

    /// <summary>Approve as it is, or the payload with the <c>--set</c> edits, read back as its type when this process knows it.</summary>
    private static GateVerdict Approval(Session session, GateItem? item, string[] sets)
    {
        if (sets.Length == 0 || item is null)
        {
            // Not waiting (decided, or not this tenant's): the store refuses before it looks at an edit.
            return GateVerdict.Approve();
        }

        string json = GatePayloads.Json(item.Payload, session.Host.Inputs)
            ?? throw CliException.Refused($"This process cannot write the payload of {item.Key} ({item.Payload?.GetType().FullName}) as JSON to edit it: approve it as it is, or edit it from the application's own entry point (docs/cli.md#edits).");
        JsonNode edited = PayloadEdit.Apply(json, sets);
        object? typed = item.Payload is JsonElement ? null : GatePayloads.Read(edited, item.Payload!.GetType(), session.Host.Inputs);

        // Unknown type: the edit goes to the store as JSON, which refuses it (and audits the attempt) saying why.
        return GateVerdict.ApproveEdited(typed ?? JsonSerializer.SerializeToElement(edited, GateJsonContext.Default.JsonNode));
    }

    private static string[] Permissions(CliHost host, string[]? given) =>
        given is { Length: > 0 }
            ? given
            : (host.Environment("FACTORY_PERMISSIONS") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Report(Session session, GateItemKey key, GateDecisionResult result)
    {
        if (session.Screen.IsJson)
        {
            session.Screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteString("runId", key.RunId);
                json.WriteString("gate", key.Gate);
                json.WriteNumber("materialId", key.MaterialId);
                json.WriteBoolean("accepted", result.Accepted);
                json.WriteString("decision", result.Decision?.Describe());
                json.WriteBoolean("edited", result.Decision?.IsEdited ?? false);
                json.WriteString("refusal", result.Refusal);
                json.WriteStartArray("problems");
                foreach (string problem in result.Problems)
                {
                    json.WriteStringValue(problem);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
        }

        if (!result.Accepted)
        {
            session.Host.Error.WriteLine("factory: refused: " + result.Refusal);
            foreach (string problem in result.Problems)
            {
                session.Host.Error.WriteLine("  - " + problem);
            }

            if (result.Refusal!.Contains("cannot check an edit", StringComparison.Ordinal))
            {
                session.Host.Error.WriteLine("factory: the factory tool has none of your line's types: edit from your application's own entry point on Factory.Cli (docs/cli.md#edits), or approve as it is.");
            }

            return ExitCode.Refused;
        }

        if (!session.Screen.IsJson)
        {
            string edited = result.Decision!.IsEdited ? ", edited" : string.Empty;
            session.Screen.Line($"{key} is {result.Decision.Describe()}{edited}; the run takes it when it next looks (a finished run: start it again with its id)");
        }

        return ExitCode.Ok;
    }

    private static void Print(Session session, IReadOnlyList<GateItem> waiting)
    {
        Screen screen = session.Screen;
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("waiting");
                foreach (GateItem item in waiting)
                {
                    json.WriteStartObject();
                    json.WriteString("runId", item.Key.RunId);
                    json.WriteString("gate", item.Key.Gate);
                    json.WriteNumber("materialId", item.Key.MaterialId);
                    json.WriteString("tenant", item.Tenant);
                    json.WriteString("submitter", item.Submitter);
                    json.WriteStartArray("approvers");
                    foreach (string approver in item.Approvers)
                    {
                        json.WriteStringValue(approver);
                    }

                    json.WriteEndArray();
                    json.WriteBoolean("fourEyes", item.FourEyes);
                    json.WriteString("parked", Words.Time(item.Parked));
                    RecordJson.Time(json, "deadline", item.Deadline);
                    json.WritePropertyName("payload");
                    RecordJson.Value(json, GatePayloads.Json(item.Payload, session.Host.Inputs));
                    json.WriteString("presented", Presented(item, session.Host));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        if (waiting.Count == 0)
        {
            screen.Line("nothing waits at a gate");
            return;
        }

        Table table = Screen.Table("run", "gate", "material", "tenant", "approvers", "parked", "deadline", "shown to approvers");
        foreach (GateItem item in waiting)
        {
            Screen.Row(
                table,
                Screen.Cell(item.Key.RunId),
                Screen.Cell(item.Key.Gate),
                Screen.Cell(item.Key.MaterialId.ToString(CultureInfo.InvariantCulture)),
                Screen.Cell(item.Tenant),
                Screen.Cell(string.Join(", ", item.Approvers) + (item.FourEyes ? " (four eyes)" : string.Empty)),
                Screen.Cell(Words.Time(item.Parked)),
                Screen.Cell(Words.Time(item.Deadline)),
                Screen.Cell(Presented(item, session.Host)));
        }

        screen.Write(table);
    }

    private static string? Presented(GateItem item, CliHost host) => item.Presented switch
    {
        null => null,
        string text => text,
        JsonElement element => element.GetRawText(),
        object value when ReferenceEquals(value, item.Payload) => GatePayloads.Json(value, host.Inputs),
        object value => GatePayloads.Json(value, host.Inputs) ?? value.ToString(),
    };
}
