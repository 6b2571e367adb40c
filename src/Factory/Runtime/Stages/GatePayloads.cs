using System;
using System.Collections.Generic;
using Factory.Gates;

namespace Factory.Runtime;

/// <summary>A gate's payload check for the store, made of its generated <see cref="IGateWork{T}"/>.</summary>
internal sealed class GatePayloads<T, TWork>(TWork work, string payloadType) : GatePayloadCheck
    where TWork : struct, IGateWork<T>
{
    public override string PayloadType => payloadType;

    public override Type ClrType => typeof(T);

    public override bool IsPayload(object? payload) => payload is T;

    public override IReadOnlyList<string> Problems(object payload)
    {
        var problems = new List<string>();
        work.Validate((T)payload, problems);
        return problems;
    }
}
