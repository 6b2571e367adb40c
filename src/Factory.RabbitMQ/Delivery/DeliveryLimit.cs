namespace Factory.RabbitMQ;

/// <summary>
/// The dead letter a material becomes when workers kept dying with it: its station's queue delivered it
/// more often than the queue's <c>x-delivery-limit</c> and dead-lettered it (<see cref="TopologyOptions.DeliveryLimitOf"/>).
/// </summary>
public static class DeliveryLimit
{
    /// <summary>The dead letter's exception type.</summary>
    public const string ExceptionType = "Factory.DeliveryLimit";

    /// <summary>The dead letter's reason.</summary>
    public static string Reason(int limit) =>
        $"delivery limit: the material was in a worker that ended without finishing it more than {limit} times (the queue's x-delivery-limit)";
}
