using System.Collections.Generic;
using Factory.Runtime;

namespace Factory.RabbitMQ;

/// <summary>A material of a batch station's batch on a worker: what the station takes, whether it is a repeat, and the headers it came with.</summary>
internal readonly record struct BatchMember(RemoteInput Input, bool Repeat, IDictionary<string, object?>? Headers);
