using System;

namespace Factory;

/// <summary>
/// Routes materials by their run-time type. Written right after a <see cref="StepAttribute{T}"/>
/// whose output is a base class or an interface: a material that is a <typeparamref name="TCase"/>
/// (or derives from it) goes to <typeparamref name="TTarget"/>, a station or a line whose input
/// accepts it, or to <see cref="Discard"/>. Routes are tried in the order written; the first match
/// wins. The branches merge into the next step, so each target must produce that step's input.
/// </summary>
/// <typeparam name="TCase">The run-time type this route takes.</typeparam>
/// <typeparam name="TTarget">Where it goes: a station, a line, or <see cref="Discard"/>.</typeparam>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class RouteAttribute<TCase, TTarget> : Attribute
{
}
