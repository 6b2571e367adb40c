using System;

namespace Factory;

/// <summary>A gate's payload was approved, possibly edited by the approver.</summary>
/// <typeparam name="T">The payload's type.</typeparam>
public sealed class Approved<T> : Decision<T>
{
    /// <summary>Creates an approval.</summary>
    /// <param name="approver">Who approved.</param>
    /// <param name="time">When.</param>
    /// <param name="payload">The payload as approved.</param>
    /// <param name="edited">True when the approver changed the payload.</param>
    public Approved(string approver, DateTimeOffset time, T payload, bool edited = false)
        : base(approver, time, payload)
    {
        Edited = edited;
    }

    /// <summary>True when the approver changed the payload: <see cref="Decision{T}.Payload"/> is their edit.</summary>
    public bool Edited { get; }

    /// <inheritdoc />
    public override string ToString() => $"approved by {Approver} at {Time:O}{(Edited ? " (edited)" : string.Empty)}";
}
