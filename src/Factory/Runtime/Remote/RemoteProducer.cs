namespace Factory.Runtime;

/// <summary>
/// The producer of a belt fed from elsewhere: the stations of a run on a transport, whose outputs come
/// back through <see cref="RemoteRun{TOut}"/>. Nothing to connect in this process.
/// </summary>
internal sealed class RemoteProducer<T> : IProducer<T>
{
    public static RemoteProducer<T> Instance { get; } = new();

    public void Connect(Belt<T> output)
    {
    }
}
