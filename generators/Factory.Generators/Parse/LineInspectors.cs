using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Factory.Generators.Model;

namespace Factory.Generators.Parse;

/// <summary>
/// Gives a line the inspectors of its stations: each inspector that inspects a station the line runs
/// (as a step or a route target; a nested line wires its own) becomes a constructor parameter after the
/// steps, in the order of the inspectors' names, so the same sources always give the same constructor.
/// </summary>
internal static class LineInspectors
{
    public static LineModel Wire(LineModel line, ImmutableArray<InspectorModel> inspectors)
    {
        var stations = new HashSet<string>(line.Targets().Where(t => !t.IsLine && !t.IsGate).Select(t => t.Type.Name), StringComparer.Ordinal);
        var taken = new HashSet<string>(line.Targets().Select(t => t.Parameter), StringComparer.Ordinal);
        var wired = new List<InspectorParameter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (InspectorModel inspector in inspectors.OrderBy(i => i.Type, StringComparer.Ordinal))
        {
            // A partial class with the attribute on two of its declarations is parsed twice: it is one inspector.
            if (!seen.Add(inspector.Type))
            {
                continue;
            }

            EquatableArray<string> inspected = inspector.Stations.Where(stations.Contains).ToEquatableArray();
            if (inspected.Count > 0)
            {
                wired.Add(new InspectorParameter(inspector.Type, Unique(Names.CamelCase(inspector.Name), taken), inspected, inspector.IsPublic));
            }
        }

        return wired.Count == 0
            ? line
            : line with { Inspectors = wired.ToEquatableArray(), ConstructorIsPublic = line.ConstructorIsPublic && wired.All(i => i.IsPublic) };
    }

    /// <summary><paramref name="name"/>, or numbered from 2 when a step or another inspector has it.</summary>
    private static string Unique(string name, HashSet<string> taken)
    {
        string candidate = name;
        for (int n = 2; !taken.Add(candidate); n++)
        {
            candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
