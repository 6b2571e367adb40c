using System.Collections.Generic;

namespace Factory.RabbitMQ;

/// <summary>A queue as the line declares it: durable, never exclusive or auto-deleted, with these arguments.</summary>
/// <param name="Name">The queue's name.</param>
/// <param name="Arguments">Its <c>x-</c> arguments, by name.</param>
public sealed record QueueSpec(string Name, IReadOnlyDictionary<string, object> Arguments);
