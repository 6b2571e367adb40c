namespace Factory.Runtime;

/// <summary>Something that puts materials on a belt: the line's entry, or a station.</summary>
internal interface IProducer<T>
{
    void Connect(Belt<T> output);
}
