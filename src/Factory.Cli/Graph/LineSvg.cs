using System;
using Factory.ControlRoom;

namespace Factory.Cli.Graph;

/// <summary>
/// A line as a standalone SVG file: the control room's drawing (its source is compiled into this tool,
/// so the tool needs no ASP.NET Core), with the console's colours in the file, since no stylesheet comes with it.
/// </summary>
internal static class LineSvg
{
    // The console's rules for its drawings (Assets/console.css), with its colour variables written out.
    private const string Style =
        "<style>svg.line{background:#fff}"
        + "svg.line .station rect,svg.line .station polygon{fill:#fff;stroke:#1f5fbf;stroke-width:1.5}"
        + "svg.line .station.gate polygon{fill:#fff8e6;stroke:#b7791f}"
        + "svg.line .station.exit rect{stroke-width:2.5}"
        + "svg.line text{font:12px system-ui,sans-serif;text-anchor:middle;fill:#1d2330}"
        + "svg.line text.name{font-weight:600}"
        + "svg.line text.counts{fill:#5b6475;font-size:11px}"
        + "svg.line text.route{fill:#8a5a00;font-size:11px}"
        + "svg.line .belt{fill:none;stroke:#8a94a6;stroke-width:1.5}"
        + "svg.line .arrowhead{fill:#8a94a6}</style>";

    /// <summary>What a station's second line says in a file: its version, workers and attempts, or who decides at a gate.</summary>
    private static string Caption(StationDescriptor station)
    {
        if (station.Gate is { } gate)
        {
            return $"v{station.Version} · decided by {string.Join(" or ", gate.Approvers)}";
        }

        StationOptions options = station.Options;
        string workers = options.Parallelism > 1 ? $" · ×{options.Parallelism}" : string.Empty;
        string attempts = options.MaxAttempts > 1 ? $" · {options.MaxAttempts} attempts" : string.Empty;
        return $"v{station.Version}{workers}{attempts}";
    }

    public static string Draw(LineDescriptor line)
    {
        var html = new Html();
        LineDrawing.Draw(html, line, live: null, Caption);
        string svg = html.ToString();
        int tagEnd = svg.IndexOf('>', StringComparison.Ordinal) + 1;
        return string.Concat(svg.AsSpan(0, tagEnd), Style, svg.AsSpan(tagEnd), "\n");
    }
}
