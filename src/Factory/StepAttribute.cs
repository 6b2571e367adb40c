using System;

namespace Factory;

/// <summary>
/// One step of a <see cref="LineAttribute">line</see>: <typeparamref name="T"/> is a station or another
/// line. Steps run in the order the attributes are written; a nested line's steps run inline.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class StepAttribute<T> : Attribute
{
}
