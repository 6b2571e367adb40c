using System;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Factory.Cli.Tests;

public sealed record Order(int Id, decimal Amount);

public sealed record Priced(int Id, decimal Total);

public sealed record Parcel(int Id, string Label);

/// <summary>Every fourth order fails to price: a dead letter per run.</summary>
[Station(Version = "2", MaxAttempts = 2, BackoffMs = 1)]
public sealed partial class Price
{
    public Priced Process(Order order) =>
        order.Id % 4 == 0 ? throw new InvalidOperationException($"no price list for order {order.Id}") : new Priced(order.Id, order.Amount * 1.2m);
}

[Station]
public sealed partial class Pack
{
    public Parcel Process(Priced priced) => new(priced.Id, "parcel " + priced.Id);
}

[Line]
[Step<Price>]
[Step<Pack>]
public sealed partial class Pricing;

public sealed record Refund(int Id, [property: Range(0, 500)] decimal Amount, [property: Required] string Customer);

public sealed record Settled(int Id, string How, decimal Amount);

[Station]
public sealed partial class Issue
{
    public Settled Process(Approved<Refund> approved) => new(approved.Payload.Id, approved.Edited ? "issued-edited" : "issued", approved.Payload.Amount);
}

[Station]
public sealed partial class Decline
{
    public Settled Process(Rejected<Refund> rejected) => new(rejected.Payload.Id, "declined", rejected.Payload.Amount);
}

[Gate<Refund>(Approvers = "refunds:approve")]
public sealed partial class ApproveRefund;

[Line]
[Step<ApproveRefund>]
[Route<Approved<Refund>, Issue>]
[Route<Rejected<Refund>, Decline>]
public sealed partial class RefundReview;

/// <summary>What the ledger keeps dead letters' inputs and gate payloads as.</summary>
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Priced))]
[JsonSerializable(typeof(Parcel))]
[JsonSerializable(typeof(Refund))]
[JsonSerializable(typeof(Voucher))]
public sealed partial class PlantJson : JsonSerializerContext;

/// <summary>A gate payload no test registers a check for: what the factory tool, without the app's types, meets.</summary>
public sealed record Voucher(int Id, [property: Range(0, 50)] decimal Value);

[Station]
public sealed partial class Redeem
{
    public string Process(Approved<Voucher> approved) => "redeemed " + approved.Payload.Id;
}

[Station]
public sealed partial class Void
{
    public string Process(Rejected<Voucher> rejected) => "void " + rejected.Payload.Id;
}

[Gate<Voucher>(Approvers = "vouchers:approve")]
public sealed partial class ApproveVoucher;

[Line]
[Step<ApproveVoucher>]
[Route<Approved<Voucher>, Redeem>]
[Route<Rejected<Voucher>, Void>]
public sealed partial class VoucherReview;

/// <summary>A slow station: a run long enough to watch.</summary>
[Station]
public sealed partial class Weigh
{
    public async System.Threading.Tasks.Task<Priced> ProcessAsync(Order order)
    {
        await System.Threading.Tasks.Task.Delay(15);
        return new Priced(order.Id, order.Amount);
    }
}

[Line]
[Step<Weigh>]
public sealed partial class Weighing;
