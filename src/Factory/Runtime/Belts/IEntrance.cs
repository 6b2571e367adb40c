namespace Factory.Runtime;

/// <summary>
/// Makes the materials entering a line of the values written to its entry, under the entry belt's
/// lock (<see cref="Belt{T}.TryWriteEntering"/>), so numbering and writing take one lock. Implemented
/// by a struct, so the belt calls it directly.
/// </summary>
internal interface IEntrance<T>
{
    /// <summary>The material <paramref name="value"/> enters the line as; called only when the belt has room for it.</summary>
    Material<T> Enter(T value);
}
