using System.Threading;

namespace Factory.AI.Pipeline;

/// <summary>
/// The thinking-unit call in progress, for the layers of a catalog entry's pipeline: its job order
/// (the budget, the tenant for cache keys) and the call itself (Factory's tags on the <c>gen_ai</c>
/// span), and the budgeted attempt (whether its request was sent). The engine sets them around each call; they flow with the call's async context and end with it.
/// </summary>
internal static class ModelCallScope
{
    private static readonly AsyncLocal<JobOrder?> CurrentJob = new();
    private static readonly AsyncLocal<ModelCall?> CurrentCall = new();
    private static readonly AsyncLocal<ModelAttempt?> CurrentAttempt = new();

    /// <summary>The job order, or null outside a thinking unit's call.</summary>
    public static JobOrder? Job
    {
        get => CurrentJob.Value;
        set => CurrentJob.Value = value;
    }

    /// <summary>The thinking unit's call, or null when the pipeline is called directly.</summary>
    public static ModelCall? Call
    {
        get => CurrentCall.Value;
        set => CurrentCall.Value = value;
    }

    /// <summary>The budgeted attempt in progress (<see cref="BudgetChatClient"/> sets it per attempt), or null.</summary>
    public static ModelAttempt? Attempt
    {
        get => CurrentAttempt.Value;
        set => CurrentAttempt.Value = value;
    }
}
