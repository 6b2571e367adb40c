using System;
using System.Collections.Generic;
using RabbitMQ.Client;

namespace Factory.RabbitMQ;

/// <summary>
/// A delivery a batch station's consumer holds, unacknowledged, until its batch is done: copied out of
/// the client's buffer (which is only the handler's while it runs), with the channel it came on.
/// </summary>
internal sealed record HeldDelivery(IChannel Channel, ulong Tag, bool Redelivered, IDictionary<string, object?>? Headers, byte[] Body);
