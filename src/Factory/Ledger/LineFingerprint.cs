using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Factory.Ledger;

/// <summary>
/// A line's identity for the ledger: SHA-256 over a canonical text of its descriptor (name, type,
/// every station's path, version, types, shape, options and permissions, the belts, routes and
/// exits). Any change a run's results could depend on (a station's version, an option, the wiring)
/// changes it; a rebuild that changes nothing does not.
/// </summary>
public static class LineFingerprint
{
    /// <summary>The SHA-256 of <paramref name="line"/>'s canonical text, as 64 lower-case hex digits.</summary>
    public static string Sha256(LineDescriptor line)
    {
        byte[] text = Encoding.UTF8.GetBytes(Canonical(line));
        return Convert.ToHexStringLower(SHA256.HashData(text));
    }

    /// <summary>The canonical text the hash is taken over: one line per fact, invariant culture.</summary>
    public static string Canonical(LineDescriptor line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = new StringBuilder();
        Append(text, "line", line.Name, line.TypeName);
        foreach (StationDescriptor station in line.Stations)
        {
            StationOptions o = station.Options;
            Append(
                text,
                "station",
                station.Path,
                station.Name,
                station.Version,
                station.TypeName,
                station.InputType,
                station.OutputType,
                station.Shape.ToString(),
                Number(o.Parallelism),
                Number(o.Capacity),
                o.Ordered ? "ordered" : "unordered",
                Number(o.MaxAttempts),
                Number(o.BackoffMs),
                Number(o.TimeoutMs),
                Number(o.BatchSize),
                Number(o.BatchWaitMs),
                string.Join(',', station.Requires));
        }

        foreach (LineEdge edge in line.Edges)
        {
            Append(text, "edge", Number(edge.From), Number(edge.To), edge.MaterialType, edge.Route ?? string.Empty);
        }

        foreach (RouteDescriptor route in line.Routes)
        {
            Append(text, "route", Number(route.From), route.CaseType, Number(route.To));
        }

        foreach (int exit in line.Exits)
        {
            Append(text, "exit", Number(exit));
        }

        return text.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Append(StringBuilder text, params string[] fields)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                text.Append('|');
            }

            // '|' and newlines cannot come from C# names, but escape them so the text stays unambiguous.
            text.Append(fields[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        }

        text.Append('\n');
    }
}
