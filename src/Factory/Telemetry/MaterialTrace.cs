using System.Diagnostics;

namespace Factory.Telemetry;

/// <summary>
/// What a material carries as its trace (<c>Material.Trace</c>): null when no one listened to spans as it
/// entered; its own span (the stopped <see cref="Activity"/>, whose context the station spans take as their
/// parent: keeping the span costs nothing, boxing its context cost 56 B); or <see cref="Unsampled"/> when
/// the listeners' sampler dropped it, so its stations start no span and ask no sampler (the fast path of a
/// parent-based sampler: a dropped parent drops its children).
/// </summary>
internal static class MaterialTrace
{
    /// <summary>The trace of a material the sampler dropped as it entered.</summary>
    public static readonly object Unsampled = new();

    /// <summary>True when the material's sampler dropped it: its stations record no span.</summary>
    public static bool IsUnsampled(object? trace) => ReferenceEquals(trace, Unsampled);

    /// <summary>The context a material's spans are children of; default when it has none.</summary>
    public static ActivityContext Context(object? trace) => trace switch
    {
        Activity span => span.Context,
        ActivityContext context => context,
        _ => default,
    };
}
