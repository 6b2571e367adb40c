using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Factory.Telemetry;

namespace Factory.Runtime;

/// <summary>
/// The one span of a chain of plain synchronous stations that one worker runs as one step (the first,
/// and the stations fused after it: one output per input, one attempt, no timeout): named after all of
/// them (<c>factory.station AddOne &gt; Twice &gt; Negate</c>), started by the first as a material comes
/// in and stopped by the last as it hands the material on, or by the one that fails, which it names.
/// One span instead of one per station: an <see cref="Activity"/> costs about 330 B however little it
/// says (docs/design.md, "A traced material"). Shared by the chain's <see cref="StationInstruments"/>;
/// the worker runs one material through the chain at a time, so it needs no lock.
/// </summary>
internal sealed class ChainSpan
{
    private readonly List<StationInstruments> stations = [];

    // The id of the material Current is the span of.
    private long materialId;

    /// <summary>A chain that starts with <paramref name="first"/>'s station.</summary>
    public ChainSpan(StationInstruments first) => Add(first);

    /// <summary>The span's name: <see cref="TelemetryNames.StationSpan"/>, a space and the stations' paths joined by <see cref="TelemetryNames.ChainSeparator"/>.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The span of the material the chain works on now; null when none is recorded.</summary>
    public Activity? Current { get; private set; }

    /// <summary>The first station started <paramref name="span"/> (or none) for material <paramref name="id"/>.</summary>
    public void Started(Activity? span, long id) => (Current, materialId) = (span, id);

    /// <summary>
    /// The span a later station of the chain takes part in: the one started for <paramref name="id"/>, or none.
    /// (Whether anyone listens is looked up per take by any worker of the run: should it change between the
    /// first station and a later one, the later one must not join a span started for another material.)
    /// </summary>
    public Activity? Of(long id) => materialId == id ? Current : null;

    /// <summary>The material left the chain: its span is stopped.</summary>
    public void Ended() => Current = null;

    /// <summary>True when <paramref name="station"/> starts the chain's span.</summary>
    public bool StartsWith(StationInstruments station) => ReferenceEquals(stations[0], station);

    /// <summary>True when <paramref name="station"/> hands the material on out of the chain: it stops the span.</summary>
    public bool EndsWith(StationInstruments station) => ReferenceEquals(stations[^1], station);

    /// <summary>A station fused after the chain's last joins it (as the line is wired, before it runs).</summary>
    public void Add(StationInstruments station)
    {
        stations.Add(station);
        Name = TelemetryNames.StationSpan + " " + string.Join(TelemetryNames.ChainSeparator, stations.Select(s => s.Station.Path));
    }
}
