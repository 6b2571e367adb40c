using System.Diagnostics;
using System.Globalization;
using Factory.Telemetry;

namespace Factory.Runtime;

/// <summary>A material's trace as a durable gate store keeps it: W3C <c>traceparent</c> text.</summary>
internal static class GateTrace
{
    public static string? Text(object? trace) =>
        MaterialTrace.Context(trace) is { } context && context.TraceId != default
            ? string.Create(CultureInfo.InvariantCulture, $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(int)context.TraceFlags:x2}")
            : null;

    public static object? Parse(string? text) =>
        text is not null && ActivityContext.TryParse(text, null, out ActivityContext context) ? context : null;
}
