using System.Text.Json;

namespace Factory.Runtime;

/// <summary>To the caller's run, which gathers the children of a split (see <see cref="GatherPlan"/>): the child serialized as <typeparamref name="T"/>.</summary>
internal sealed class GatherHop<T>(int gather) : RemoteHop<T>
{
    public override void Send(in Material<T> material, RemoteScope scope, RemoteSends sends) =>
        sends.Outputs.Add(new RemoteOutput(MaterialInfo.Of(material), JsonSerializer.SerializeToUtf8Bytes(material.Value, RemoteJson.TypeInfo<T>(scope, "a child on its way to a gather")))
        {
            Gather = gather,
        });
}
