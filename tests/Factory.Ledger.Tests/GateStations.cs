using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Threading;

namespace Factory.Ledger.Tests;

/// <summary>A refund drafted from an order: every tenth is large and waits at a gate.</summary>
public abstract record RefundDraft;

public sealed record SmallRefund(int Id, decimal Amount) : RefundDraft;

public sealed record LargeRefund(int Id, [property: Range(0, 5_000)] decimal Amount, [property: Required, StringLength(30, MinimumLength = 2)] string Customer) : RefundDraft;

public sealed record RefundOutcome(int Id, string Kind, decimal Amount, string By);

/// <summary>What the ledger keeps gate payloads as.</summary>
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(LargeRefund))]
internal sealed partial class GateLedgerJson : JsonSerializerContext;

/// <summary>How often each station ran, by material: what a resume must not repeat.</summary>
public sealed class GateCounts
{
    public ConcurrentDictionary<long, int> Drafted { get; } = new();

    private int issued;

    public int Issued => Volatile.Read(ref issued);

    public void Issue() => Interlocked.Increment(ref issued);
}

[Station]
public sealed partial class DraftLedgerRefund(GateCounts counts)
{
    public RefundDraft Process(Order order, StationContext context)
    {
        counts.Drafted.AddOrUpdate(context.MaterialId, 1, (_, n) => n + 1);
        return order.Id % 10 == 0 ? new LargeRefund(order.Id, 1_000 + order.Id, "customer " + order.Id) : new SmallRefund(order.Id, order.Id);
    }
}

[Station]
public sealed partial class AutoIssueRefund
{
    public RefundOutcome Process(SmallRefund refund) => new(refund.Id, "auto", refund.Amount, "-");
}

[Station(Effects = "refunds:issue")]
public sealed partial class IssueLedgerRefund(GateCounts counts)
{
    public RefundOutcome Process(Approved<LargeRefund> approved)
    {
        counts.Issue();
        return new RefundOutcome(approved.Payload.Id, approved.Edited ? "issued-edited" : "issued", approved.Payload.Amount, approved.Approver);
    }
}

[Station]
public sealed partial class DeclineLedgerRefund
{
    public RefundOutcome Process(Rejected<LargeRefund> rejected) => new(rejected.Payload.Id, "declined", rejected.Payload.Amount, rejected.Approver);
}

[Gate<LargeRefund>(Approvers = "refunds:approve", TimeoutMinutes = 60, OnTimeout = GateTimeout.Reject)]
public sealed partial class ApproveLedgerRefund
{
    public string Present(LargeRefund refund) => $"refund {refund.Amount} to {refund.Customer}";
}

[Line]
[Step<ApproveLedgerRefund>]
[Route<Approved<LargeRefund>, IssueLedgerRefund>]
[Route<Rejected<LargeRefund>, DeclineLedgerRefund>]
public sealed partial class LedgerRefundReview;

/// <summary>Orders become refunds; large ones wait at the gate.</summary>
[Line]
[Step<DraftLedgerRefund>]
[Route<SmallRefund, AutoIssueRefund>]
[Route<LargeRefund, LedgerRefundReview>]
public sealed partial class LedgerRefunds;
