using System.Text.Json;

namespace Factory.Runtime;

/// <summary>To the queue of station <c>station</c> (its index in the line's stations), or to the run's exit when null: the material serialized as <typeparamref name="T"/>.</summary>
internal sealed class QueueHop<T>(int? station) : RemoteHop<T>
{
    /// <summary>The station's index; null for the exit.</summary>
    public int? Station => station;

    public override void Send(in Material<T> material, RemoteScope scope, RemoteSends sends) =>
        sends.Outputs.Add(new RemoteOutput(MaterialInfo.Of(material), JsonSerializer.SerializeToUtf8Bytes(material.Value, RemoteJson.TypeInfo<T>(scope, Where)))
        {
            Next = station,
        });

    private string Where => station is { } index ? $"the input of station {index}" : "the line's output";
}
