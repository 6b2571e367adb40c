using System;

namespace Factory;

/// <summary>A gate's payload was rejected, with the reason.</summary>
/// <typeparam name="T">The payload's type.</typeparam>
public sealed class Rejected<T> : Decision<T>
{
    /// <summary>Creates a rejection.</summary>
    /// <param name="approver">Who rejected.</param>
    /// <param name="time">When.</param>
    /// <param name="payload">The payload as it was parked.</param>
    /// <param name="reason">Why.</param>
    public Rejected(string approver, DateTimeOffset time, T payload, string reason)
        : base(approver, time, payload)
    {
        Reason = reason ?? string.Empty;
    }

    /// <summary>Why the payload was rejected.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"rejected by {Approver} at {Time:O}: {Reason}";
}
