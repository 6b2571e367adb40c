using System;

namespace Factory;

/// <summary>
/// Marks a <c>partial</c> class as a gate: a station from <typeparamref name="TPayload"/> to
/// <see cref="Decision{T}"/> whose work is a person's decision. Routes after it take
/// <see cref="Approved{T}"/> and <see cref="Rejected{T}"/>, and must take both (FCT0010).
/// The class may declare <c>public object Present(TPayload payload)</c>: what the approver sees, when it
/// is not the payload itself.
/// </summary>
/// <typeparam name="TPayload">What the gate decides on: the output of the step before it.</typeparam>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class GateAttribute<TPayload> : GateAttribute
{
}
