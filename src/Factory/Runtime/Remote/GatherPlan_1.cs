using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Factory.Runtime;

/// <summary>A gather of children of type <typeparamref name="T"/> in a plan.</summary>
internal sealed class GatherPlan<T>(int index, string splitStation) : GatherPlan(index, splitStation), IPlannedEnd<Gathered<T>>
{
    public void Connect(Belt<Gathered<T>> output) => throw new InvalidOperationException("A planned gather has no belt.");

    public void SendTo(RemoteHop<Gathered<T>> hop) =>
        NextStation = hop is QueueHop<Gathered<T>> { Station: { } station }
            ? station
            : throw new NotSupportedException($"The gather after station '{SplitStation}' is not followed by a station: a gather at the end of a line does not run distributed yet.");

    public override byte[] Build(long parentId, IReadOnlyList<ReadOnlyMemory<byte>> items, int expected, IReadOnlyList<long> missing, JsonSerializerContext json)
    {
        var itemInfo = Info<T>(json);
        var values = new T[items.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = JsonSerializer.Deserialize(items[i].Span, itemInfo)!;
        }

        return JsonSerializer.SerializeToUtf8Bytes(new Gathered<T>(parentId, values, expected, missing), Info<Gathered<T>>(json));
    }

    private JsonTypeInfo<TValue> Info<TValue>(JsonSerializerContext json) =>
        json.GetTypeInfo(typeof(TValue)) as JsonTypeInfo<TValue>
        ?? throw new InvalidOperationException(
            $"The gather after station '{SplitStation}': the JSON context {json.GetType().FullName} does not list {typeof(TValue).FullName}: add [JsonSerializable(typeof({typeof(TValue).FullName}))] to it.");
}
