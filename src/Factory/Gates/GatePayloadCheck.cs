using System;
using System.Collections.Generic;

namespace Factory.Gates;

/// <summary>
/// What a store needs of a gate's payload type to judge an edit: whether a value is of that type,
/// and what its data annotations say of it. Made by the runtime from the gate's generated code (the
/// annotations are checked by generated comparisons, not by reflection).
/// </summary>
public abstract class GatePayloadCheck
{
    /// <summary>The payload type's name, for messages.</summary>
    public abstract string PayloadType { get; }

    /// <summary>The payload type itself, when known: a durable store reads payloads back as it.</summary>
    public virtual Type? ClrType => null;

    /// <summary>True when <paramref name="payload"/> is of the gate's payload type.</summary>
    public abstract bool IsPayload(object? payload);

    /// <summary>What is wrong with <paramref name="payload"/> (of the payload type), one problem each; empty when it is valid.</summary>
    public abstract IReadOnlyList<string> Problems(object payload);
}
