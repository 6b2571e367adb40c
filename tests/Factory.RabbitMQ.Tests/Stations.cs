using System.Text.Json.Serialization;

namespace Factory.RabbitMQ.Tests;

public sealed record Order(int Number, string Customer);

public sealed record Priced(int Number, string Customer, decimal Price);

public sealed record Receipt(int Number, string Text);

[Station]
public sealed partial class Price
{
    public Priced Process(Order input) => new(input.Number, input.Customer, input.Number * 1.5m);
}

[Station(MaxAttempts = 3, BackoffMs = 1, Capacity = 64)]
public sealed partial class Print
{
    public Receipt Process(Priced input) => new(input.Number, $"{input.Customer}: {input.Price}");
}

[Line]
[Distributed<CheckoutJson>]
[Step<Price>]
[Step<Print>]
public sealed partial class Checkout;

[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Priced))]
[JsonSerializable(typeof(Receipt))]
public sealed partial class CheckoutJson : JsonSerializerContext;
