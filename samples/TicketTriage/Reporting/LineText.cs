using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Factory;

namespace TicketTriage.Reporting;

/// <summary>A line's shape in one line of text, routes included, for the start of a run.</summary>
public static class LineText
{
    /// <summary>
    /// <paramref name="line"/> as text, e.g.
    /// <c>Normalize -> Redact ×2 -> Prioritize -> { UrgentTicket: EscalationLine/DraftEscalation | SpamTicket: discard | ... }</c>.
    /// </summary>
    public static string Describe(LineDescriptor line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = new StringBuilder();
        int? at = 0;
        while (at is int station)
        {
            text.Append(Name(line.Stations[station]));
            RouteDescriptor[] routes = line.Routes.Where(r => r.From == station).ToArray();
            if (routes.Length == 0)
            {
                at = Next(line, station);
                text.Append(at is null ? string.Empty : " -> ");
                continue;
            }

            int? merge = null;
            IEnumerable<string> branches = routes.Select(r => ShortName(r.CaseType) + ": " + (r.IsDiscard ? "discard" : Branch(line, r.To, ref merge)));
            text.Append(" -> { ").AppendJoin(" | ", branches).Append(" }");
            at = merge;
            text.Append(at is null ? string.Empty : " -> ");
        }

        return text.ToString();
    }

    /// <summary>The stations of one branch, up to where the branches merge (noted in <paramref name="merge"/>) or the line ends.</summary>
    private static string Branch(LineDescriptor line, int first, ref int? merge)
    {
        var names = new List<string>();
        int? at = first;
        while (at is int station)
        {
            names.Add(Name(line.Stations[station]));
            int? next = Next(line, station);
            if (next is int n && line.Edges.Count(e => e.To == n) > 1)
            {
                merge = n;
                break;
            }

            at = next;
        }

        return string.Join(" -> ", names);
    }

    /// <summary>The station a plain belt leads to from <paramref name="station"/>, or null at an exit.</summary>
    private static int? Next(LineDescriptor line, int station)
    {
        foreach (LineEdge edge in line.Edges)
        {
            if (edge.From == station && edge.Route is null)
            {
                return edge.To;
            }
        }

        return null;
    }

    private static string Name(StationDescriptor station) =>
        station.Options.Parallelism > 1 ? FormattableString.Invariant($"{station.Path} ×{station.Options.Parallelism}") : station.Path;

    private static string ShortName(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return dot < 0 ? typeName : typeName[(dot + 1)..];
    }
}
