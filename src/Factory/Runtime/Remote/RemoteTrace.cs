using System.ComponentModel;

namespace Factory.Runtime;

/// <summary>A material's trace as a transport carries it to the stations in other processes.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RemoteTrace
{
    /// <summary>The W3C <c>traceparent</c> of <paramref name="material"/>'s trace (its span as it entered the line), or null when nobody listens.</summary>
    /// <remarks>
    /// A material the sampler dropped has one too, with the sampled flag off (<c>-00</c>): a parent-based
    /// sampler in the worker drops it as well, instead of taking it for a new root.
    /// </remarks>
    public static string? Of<T>(in Material<T> material) => Telemetry.MaterialTrace.TraceParent(material.Trace);

    /// <summary>The W3C <c>tracestate</c> that goes with <see cref="Of"/>, or null.</summary>
    public static string? StateOf<T>(in Material<T> material) => Telemetry.MaterialTrace.TraceState(material.Trace);
}
