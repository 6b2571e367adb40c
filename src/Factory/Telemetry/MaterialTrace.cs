using System.Diagnostics;
using System.Globalization;

namespace Factory.Telemetry;

/// <summary>
/// What a material carries as its trace (<c>Material.Trace</c>): null when no one listened to spans as it
/// entered; its own span (the stopped <see cref="Activity"/>, whose context the station spans take as their
/// parent: keeping the span costs nothing, boxing its context cost 56 B); or, when the listeners' sampler
/// dropped it, what its stations need to know that (they start no span and ask no sampler: the fast path of
/// a parent-based sampler, where a dropped parent drops its children) and a transport needs to propagate
/// the drop: its own span never started (the sampler kept it for propagation only: it holds the trace id
/// the sampler was asked about), the caller's activity it would have been a child of (the sampler said
/// none), or <see cref="Unsampled"/> (neither). None of these allocates: each is an object the material's
/// entry made or found anyway. A gated material restored from a store carries the parsed context (boxed).
/// </summary>
internal static class MaterialTrace
{
    /// <summary>The trace of a material the sampler dropped as it entered, with no context to keep.</summary>
    public static readonly object Unsampled = new();

    /// <summary>True when the material's sampler dropped it: its stations record no span.</summary>
    public static bool IsUnsampled(object? trace) => trace switch
    {
        null or ActivityContext => false,
        Activity span => !(span.IsAllDataRequested && IsOwn(span)),
        _ => true,
    };

    /// <summary>The context a material's spans are children of; default when it has none or was dropped.</summary>
    public static ActivityContext Context(object? trace) => trace switch
    {
        Activity span when span.IsAllDataRequested && IsOwn(span) => span.Context,
        ActivityContext context => context,
        _ => default,
    };

    /// <summary>
    /// The W3C <c>traceparent</c> the material's trace travels as (to a worker, into a gate store), or null
    /// when it has none. A dropped material's has the sampled flag off, so a parent-based sampler in the next
    /// process drops it too (as a non-recorded activity propagates): its trace id is the one the sampler was
    /// asked about (the caller's, or the one made for it as a root), its parent id the caller's span. What is
    /// not there is made anew: a parent id where the material had no caller (W3C allows no zero id), a trace id
    /// where the sampler did not look at the one it was offered (then none was made) or said none to a root.
    /// </summary>
    public static string? TraceParent(object? trace) => trace switch
    {
        null => null,
        ActivityContext context => context.TraceId == default ? null : Text(context.TraceId, context.SpanId, context.TraceFlags),
        Activity span when IsOwn(span) => span.IsAllDataRequested
            ? Text(span.TraceId, span.SpanId, span.ActivityTraceFlags)
            : Text(span.TraceId, span.ParentSpanId, ActivityTraceFlags.None),
        Activity callers => Text(callers.TraceId, callers.SpanId, ActivityTraceFlags.None),
        _ => Text(default, default, ActivityTraceFlags.None),
    };

    /// <summary>The W3C <c>tracestate</c> that goes with <see cref="TraceParent"/>, or null.</summary>
    public static string? TraceState(object? trace) => trace switch
    {
        Activity span => span.TraceStateString,
        ActivityContext context => context.TraceState,
        _ => null,
    };

    // A material's own span (kept, or never started); any other activity is the caller's, whose child the
    // sampler dropped. Material spans are never current, so a caller's activity is never one.
    private static bool IsOwn(Activity span) =>
        ReferenceEquals(span.Source, FactoryTelemetry.Source) && span.OperationName == TelemetryNames.MaterialSpan;

    private static string Text(ActivityTraceId traceId, ActivitySpanId parent, ActivityTraceFlags flags) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"00-{(traceId == default ? ActivityTraceId.CreateRandom() : traceId).ToHexString()}-{(parent == default ? ActivitySpanId.CreateRandom() : parent).ToHexString()}-{(int)flags:x2}");
}
