namespace Factory.RabbitMQ;

/// <summary>One way an existing queue differs from the line's declaration of it.</summary>
/// <param name="Argument">The argument, e.g. <c>x-delivery-limit</c> (or <c>durable</c>).</param>
/// <param name="Declared">What the line declares, as the broker wrote it (<c>none</c> when absent).</param>
/// <param name="Existing">What the queue has, as the broker wrote it (<c>none</c> when absent).</param>
public sealed record ArgumentDifference(string Argument, string Declared, string Existing)
{
    /// <inheritdoc />
    public override string ToString() => $"{Argument}: the line declares {Declared}, the queue has {Existing}";
}
