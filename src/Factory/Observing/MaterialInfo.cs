using System.Runtime.InteropServices;

namespace Factory;

/// <summary>A material's identity, without its value.</summary>
/// <param name="Id">The material's id.</param>
/// <param name="ParentId">The material it was split from, or 0.</param>
/// <param name="Sequence">Its position in the input (a root) or in its parent's split (a child).</param>
/// <param name="Root">The input position it descends from.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct MaterialInfo(long Id, long ParentId, long Sequence, long Root)
{
    /// <summary>The identity of <paramref name="material"/>.</summary>
    public static MaterialInfo Of<T>(in Material<T> material) => new(material.Id, material.ParentId, material.Sequence, material.Root);
}
