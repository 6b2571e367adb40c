using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Factory.Gates;
using TicketTriage.Cli;
using TicketTriage.Serialization;
using TicketTriage.Stations;
using TicketTriage.Tickets;

namespace TicketTriage.Running;

/// <summary>
/// The refunds waiting at the <see cref="ApproveRefund"/> gate, as the run's end and <c>--waiting</c>
/// list them: item (<c>RUNID/MATERIAL</c>), ticket, amount and deadline, one a line.
/// </summary>
public static class WaitingRefunds
{
    /// <summary>How many waiting refunds the end of a run lists (<c>--waiting</c> lists them all).</summary>
    public const int Shown = 10;

    /// <summary>The gate's path in the line (its items' <see cref="GateItemKey.Gate"/>), from the line's descriptor.</summary>
    public static string GatePath { get; } = FindGate();

    /// <summary>The key of <paramref name="item"/> at the refund gate.</summary>
    public static GateItemKey Key(ItemId item) => new(item.RunId, GatePath, item.MaterialId);

    /// <summary>The refund draft of a waiting item: the payload as parked, or read back from JSON by a store that keeps it so; null for another payload.</summary>
    public static RefundDraft? Draft(GateItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Payload switch
        {
            RefundDraft draft => draft,
            JsonElement json => json.Deserialize(TriageJsonContext.Lines.RefundDraft),
            string json => JsonSerializer.Deserialize(json, TriageJsonContext.Lines.RefundDraft),
            _ => null,
        };
    }

    /// <summary>Writes <paramref name="items"/> as a table, oldest first.</summary>
    public static void Write(TextWriter output, IReadOnlyList<GateItem> items)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(items);
        var rows = items
            .Select(i => (Item: new ItemId(i.Key.RunId, i.Key.MaterialId).ToString(), Draft: Draft(i), i.Deadline))
            .ToArray();
        int width = Math.Max("item".Length, rows.Length == 0 ? 0 : rows.Max(r => r.Item.Length));
        output.WriteLine(F($"  {"item".PadRight(width)}  {"ticket",-10} {"amount",14}  deadline"));
        foreach (var row in rows)
        {
            string amount = row.Draft is { } d ? F($"{d.Amount:0.00} {d.Currency}") : "?";
            string deadline = row.Deadline is { } at ? F($"{at.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : "none";
            output.WriteLine(F($"  {row.Item.PadRight(width)}  {row.Draft?.TicketId ?? "?",-10} {amount,14}  {deadline}"));
        }
    }

    private static string FindGate()
    {
        foreach (Factory.StationDescriptor station in TicketTriageLine.Descriptor.Stations)
        {
            if (station.Gate is not null)
            {
                return station.Path;
            }
        }

        throw new InvalidOperationException($"{nameof(TicketTriageLine)} has no gate: rebuild the sample.");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
