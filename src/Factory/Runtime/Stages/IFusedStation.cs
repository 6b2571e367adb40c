using System;

namespace Factory.Runtime;

/// <summary>A station fused into the worker of the station before it.</summary>
internal interface IFusedStation<T> : IDownstream<T>
{
    /// <summary>Prepares the station for its worker: the end of the chain opens its outbox.</summary>
    void Open();

    /// <summary>The worker is done: the end of the chain closes its belt.</summary>
    void Complete(Exception? error);
}
