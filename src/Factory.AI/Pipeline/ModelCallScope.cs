using System.Threading;

namespace Factory.AI.Pipeline;

/// <summary>
/// The job order of the thinking-unit call in progress, for the layers of a catalog entry's pipeline
/// (its budget, its tenant for cache keys). The engine sets it around each call; it flows with the
/// call's async context and ends with it.
/// </summary>
internal static class ModelCallScope
{
    private static readonly AsyncLocal<JobOrder?> Current = new();

    /// <summary>The job order, or null outside a thinking unit's call.</summary>
    public static JobOrder? Job
    {
        get => Current.Value;
        set => Current.Value = value;
    }
}
