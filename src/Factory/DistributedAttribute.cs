using System;
using System.Text.Json.Serialization;

namespace Factory;

/// <summary>
/// Says that a <see cref="LineAttribute">line</see> runs distributed (its stations in workers, on a
/// transport such as RabbitMQ), and which source-generated JSON context serializes the materials that
/// travel between its stations: every station's input and output type must be listed in it
/// (<c>[JsonSerializable(typeof(T))]</c>). Reflection-based serialization is never used.
/// </summary>
/// <typeparam name="TContext">The line's <see cref="JsonSerializerContext"/>.</typeparam>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class DistributedAttribute<TContext> : Attribute
    where TContext : JsonSerializerContext
{
}
