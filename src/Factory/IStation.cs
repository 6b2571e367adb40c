namespace Factory;

/// <summary>A station taking <typeparamref name="TIn"/> and giving <typeparamref name="TOut"/>. Implemented by generated code.</summary>
public interface IStation<TIn, TOut>
{
    /// <summary>What the station is.</summary>
    StationDescriptor Station { get; }
}
