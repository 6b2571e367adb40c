using System;

namespace Factory;

/// <summary>A material a route dropped on purpose (<c>[Route&lt;TCase, Discard&gt;]</c>).</summary>
/// <param name="MaterialId">The material's id.</param>
/// <param name="ParentId">The material it was split from, or 0.</param>
/// <param name="Station">The station whose output was routed.</param>
/// <param name="CaseType">The route's case type.</param>
/// <param name="Reason">Why: "discarded by route".</param>
/// <param name="Value">The discarded value.</param>
/// <param name="Time">When.</param>
public sealed record DiscardedMaterial(long MaterialId, long ParentId, string Station, string CaseType, string Reason, object? Value, DateTimeOffset Time)
{
    /// <summary>The reason every route discard carries.</summary>
    public const string DiscardedByRoute = "discarded by route";

    /// <summary>The input position the material descends from.</summary>
    public long Root { get; init; }
}
