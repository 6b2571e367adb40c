using System.Text.Json.Serialization;

namespace Factory.RabbitMQ.Tests;

/// <summary>Charges above a limit wait for a person: the charge's holder is [Sensitive].</summary>
[Gate<Charge>(Approvers = "orders:approve", TimeoutMinutes = 60)]
public sealed partial class ReviewCharge;

[Station]
public sealed partial class Settle
{
    public Bill Process(Approved<Charge> approved) => new(approved.Payload.Number, $"settled for {approved.Payload.Holder}");
}

[Station]
public sealed partial class Refuse
{
    public Bill Process(Rejected<Charge> rejected) => new(rejected.Payload.Number, $"refused for {rejected.Payload.Holder}");
}

/// <summary>A gate whose payload has a [Sensitive] member, and the stations after it that use that member.</summary>
[Line]
[Distributed<ChargeReviewJson>]
[Step<ReviewCharge>]
[Route<Approved<Charge>, Settle>]
[Route<Rejected<Charge>, Refuse>]
public sealed partial class ChargeReview;

[JsonSerializable(typeof(Charge))]
[JsonSerializable(typeof(Bill))]
[JsonSerializable(typeof(Approved<Charge>))]
[JsonSerializable(typeof(Rejected<Charge>))]
public sealed partial class ChargeReviewJson : JsonSerializerContext;
