namespace Factory.Gates;

/// <summary>
/// A material an earlier start of its run parked at a gate, as a durable store gives it back so the
/// gate of a started-again run holds it again (and nothing before the gate runs again).
/// </summary>
/// <param name="Item">The item as parked, its payload read back as the gate's payload type.</param>
/// <param name="Root">The material's root (the position of the input it came from).</param>
/// <param name="ParentId">Its parent's id, 0 for an input.</param>
/// <param name="Sequence">Its position: the input's, or its index among its parent's children.</param>
/// <param name="Trace">Its trace (W3C <c>traceparent</c>), or null.</param>
public sealed record ParkedMaterial(GateItem Item, long Root, long ParentId, long Sequence, string? Trace);
