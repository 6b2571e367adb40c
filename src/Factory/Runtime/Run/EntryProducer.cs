namespace Factory.Runtime;

/// <summary>The line's entry: the first station's belt, which callers and feeders write to.</summary>
internal sealed class EntryProducer<T> : IProducer<T>
{
    public Belt<T>? Entry { get; private set; }

    public void Connect(Belt<T> output) => Entry = output;
}
