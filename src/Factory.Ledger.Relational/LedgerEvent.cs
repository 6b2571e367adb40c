using System.Runtime.InteropServices;

namespace Factory.Ledger.Relational;

/// <summary>One observed event on its way to the writer: a struct, so the queue holds it without an allocation.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct LedgerEvent
{
    public LedgerEvent(LedgerEventKind kind, RunRecorder? run, in MaterialInfo material, int count = 0, object? payload = null)
    {
        Kind = kind;
        Run = run;
        Material = material;
        Count = count;
        Payload = payload;
        Execution = default;
    }

    public LedgerEvent(RunRecorder run, in StationExecution execution)
    {
        Kind = LedgerEventKind.Executed;
        Run = run;
        Material = execution.Material;
        Count = 0;
        Payload = null;
        Execution = execution;
    }

    public LedgerEventKind Kind { get; }

    public RunRecorder? Run { get; }

    public MaterialInfo Material { get; }

    /// <summary>Children of a split, arrivals of a gather.</summary>
    public int Count { get; }

    /// <summary>The input's hash (entered, <see cref="InputHasher"/>), the dead letter, the discarded material, the station that split, the end or flush signal.</summary>
    public object? Payload { get; }

    public StationExecution Execution { get; }

    /// <summary>True for events that can give an input its outcome, record a dead letter or end a run: what resume and replay read.</summary>
    public bool IsDurable => Kind is LedgerEventKind.Split or LedgerEventKind.Gathered or LedgerEventKind.Delivered
        or LedgerEventKind.DeadLettered or LedgerEventKind.Discarded or LedgerEventKind.Ended;
}
