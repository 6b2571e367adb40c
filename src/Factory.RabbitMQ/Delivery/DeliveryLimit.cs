namespace Factory.RabbitMQ;

/// <summary>
/// The dead letter a material becomes when workers kept dying with it: its station's queue delivered it
/// more often than its station's delivery limit (<see cref="TopologyOptions.DeliveryLimitOf"/>): a worker found so on its
/// suspects queue (<see cref="LineTopology.SuspectQueues"/>), or the broker dead-lettered it at a queue's <c>x-delivery-limit</c>.
/// </summary>
public static class DeliveryLimit
{
    /// <summary>The dead letter's exception type.</summary>
    public const string ExceptionType = "Factory.DeliveryLimit";

    /// <summary>The dead letter's reason.</summary>
    public static string Reason(int limit) =>
        $"delivery limit: the material was in a worker that ended without finishing it more than {limit} times (the station's delivery limit)";
}
