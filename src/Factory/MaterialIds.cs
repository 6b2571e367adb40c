namespace Factory;

/// <summary>
/// How material ids are made: deterministic, so a resumed run gives every material the id it had
/// before (stations use ids as idempotency keys). Inputs take 1, 2, 3, ...; children take a mix of
/// their parent's id and their index with bit 62 set, so they never meet an input's id.
/// </summary>
public static class MaterialIds
{
    private const long ChildBit = 1L << 62;

    /// <summary>The id of the input at position <paramref name="sequence"/>.</summary>
    public static long Root(long sequence) => sequence + 1;

    /// <summary>The id of child <paramref name="index"/> of material <paramref name="parentId"/>.</summary>
    public static long Child(long parentId, int index)
    {
        // SplitMix64's finaliser: consecutive inputs spread over the whole space.
        ulong z = unchecked(((ulong)parentId * 0x9E3779B97F4A7C15UL) + (ulong)index + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (long)(z & (ChildBit - 1)) | ChildBit;
    }

    /// <summary>True for a child's id.</summary>
    public static bool IsChild(long id) => (id & ChildBit) != 0;
}
