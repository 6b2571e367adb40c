using System;

namespace Factory;

/// <summary>
/// What a gate gives: a person's decision on a payload, <see cref="Approved{T}"/> or
/// <see cref="Rejected{T}"/> and nothing else. The constructor is closed to other assemblies, so
/// the two cases are the only ones: routes after a gate cover both, and the build checks they do (FCT0010).
/// </summary>
/// <typeparam name="T">The payload's type.</typeparam>
public abstract class Decision<T>
{
    /// <summary>The name <see cref="Approver"/> carries when a timeout decided (<see cref="GateTimeout"/>).</summary>
    public const string TimeoutApprover = "(timeout)";

    private protected Decision(string approver, DateTimeOffset time, T payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(approver);
        Approver = approver;
        Time = time;
        Payload = payload;
    }

    /// <summary>Who decided: the actor's name, or <see cref="TimeoutApprover"/>.</summary>
    public string Approver { get; }

    /// <summary>When the decision was recorded.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The payload: for <see cref="Approved{T}"/> as approved (edited or not), for <see cref="Rejected{T}"/> as it was parked.</summary>
    public T Payload { get; }

    /// <summary>True when no person decided: the gate's timeout did.</summary>
    public bool ByTimeout => Approver == TimeoutApprover;
}
