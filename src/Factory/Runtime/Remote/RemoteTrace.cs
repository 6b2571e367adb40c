using System.ComponentModel;

namespace Factory.Runtime;

/// <summary>A material's trace as a transport carries it to the stations in other processes.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RemoteTrace
{
    /// <summary>The W3C <c>traceparent</c> of <paramref name="material"/>'s trace (its span as it entered the line), or null when nobody listens.</summary>
    public static string? Of<T>(in Material<T> material) => GateTrace.Text(material.Trace);
}
