using System;
using System.ComponentModel;

namespace Factory;

/// <summary>
/// A line's descriptor, recorded by the generator in the assembly's metadata (one per line), so
/// tools such as <c>factory graph</c> can draw the lines of a built assembly without loading it or
/// running its code. <see cref="Json"/> holds the line's steps as the generator read them: the
/// stations' descriptors, nested lines and routes, from which <see cref="LineDescriptor.Create"/>
/// builds the same descriptor the line's <c>Descriptor</c> is (docs/cli.md describes the format).
/// </summary>
/// <param name="typeName">The line class's full name.</param>
/// <param name="json">The line's steps as JSON.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LineDescriptorAttribute(string typeName, string json) : Attribute
{
    /// <summary>The line class's full name.</summary>
    public string TypeName { get; } = typeName;

    /// <summary>The line's steps as JSON (format 1).</summary>
    public string Json { get; } = json;
}
