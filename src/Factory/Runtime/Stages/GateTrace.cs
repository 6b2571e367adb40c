using System.Diagnostics;
using Factory.Telemetry;

namespace Factory.Runtime;

/// <summary>A material's trace as a durable gate store keeps it: W3C <c>traceparent</c> text.</summary>
internal static class GateTrace
{
    // A dropped material's is kept too (sampled flag off), so it stays dropped once restored.
    public static string? Text(object? trace) => MaterialTrace.TraceParent(trace);

    public static object? Parse(string? text) =>
        text is not null && ActivityContext.TryParse(text, null, out ActivityContext context) ? context : null;
}
