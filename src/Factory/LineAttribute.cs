using System;

namespace Factory;

/// <summary>
/// Marks a <c>partial</c> class as a line: stations (and other lines) wired in the order of its
/// <see cref="StepAttribute{T}"/> attributes. The generator emits the pipeline.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
#if BUILDING_ROSLYN_COMPONENT
internal
#else
public
#endif
sealed class LineAttribute : Attribute
{
    /// <summary>The line's name in descriptors and reports. Default: the class name.</summary>
    public string? Name { get; set; }
}
