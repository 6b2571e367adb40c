using System;
using System.Text.Json.Serialization.Metadata;

namespace Factory.Runtime;

/// <summary>The line's JSON context's serializer of a material type, or an error naming the type, where it travels and what to add.</summary>
internal static class RemoteJson
{
    public static JsonTypeInfo<T> TypeInfo<T>(RemoteScope scope, string where) =>
        scope.Json.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException(
            $"Line '{scope.Info.Line.Name}': the JSON context {scope.Json.GetType().FullName} does not list {typeof(T).FullName} ({where}): add [JsonSerializable(typeof({typeof(T).FullName}))] to it.");
}
