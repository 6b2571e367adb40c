using System.Text.Json.Serialization;

namespace Factory.RabbitMQ.Tests;

public sealed record Card(int Number, [property: Sensitive] string Holder);

public sealed record Charge(int Number, [property: Sensitive] string Holder, decimal Amount);

public sealed record Bill(int Number, string Text);

[Station]
public sealed partial class Authorize
{
    public Charge Process(Card input) => new(input.Number, input.Holder, input.Number * 2m);
}

[Station]
public sealed partial class Invoice
{
    public Bill Process(Charge input) => new(input.Number, $"charged {input.Amount}");
}

/// <summary>Two stations whose materials have [Sensitive] members: what quality sampling keeps of them on the broker.</summary>
[Line]
[Distributed<PaymentsJson>]
[Step<Authorize>]
[Step<Invoice>]
public sealed partial class Payments;

[JsonSerializable(typeof(Card))]
[JsonSerializable(typeof(Charge))]
[JsonSerializable(typeof(Bill))]
public sealed partial class PaymentsJson : JsonSerializerContext;
