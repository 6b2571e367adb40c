using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Ledger.Tests;

/// <summary>A refund drafted from an order: every tenth is large and waits at a gate.</summary>
public abstract record RefundDraft;

public sealed record SmallRefund(int Id, decimal Amount) : RefundDraft;

public sealed record LargeRefund(int Id, [property: Range(0, 5_000)] decimal Amount, [property: Required, StringLength(30, MinimumLength = 2)] string Customer) : RefundDraft;

public sealed record RefundOutcome(int Id, string Kind, decimal Amount, string By);

/// <summary>What the ledger keeps gate payloads as.</summary>
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(LargeRefund))]
[JsonSerializable(typeof(CardRefund))]
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

/// <summary>An order split into two large refunds, ids 10·order and 10·order+1: both wait at the gate.</summary>
[Station]
public sealed partial class SplitIntoRefunds(GateCounts counts)
{
    public IEnumerable<LargeRefund> Process(Order order, StationContext context)
    {
        counts.Drafted.AddOrUpdate(context.MaterialId, 1, (_, n) => n + 1);
        yield return new LargeRefund(order.Id * 10, 1_000 + order.Id, "customer " + order.Id);
        yield return new LargeRefund((order.Id * 10) + 1, 2_000 + order.Id, "customer " + order.Id);
    }
}

/// <summary>
/// The station before the gate: the second part of each order waits here until the run is cancelled
/// while <see cref="Holding"/> is true, so a run can be stopped with one part parked and its sibling in flight.
/// </summary>
[Station]
public sealed partial class HoldSecondRefund(HeldRefunds held)
{
    public async Task<LargeRefund> ProcessAsync(LargeRefund refund, CancellationToken cancellationToken)
    {
        if (held.Holding && refund.Id % 10 == 1)
        {
            held.Reached.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return refund;
    }
}

/// <summary>Whether <see cref="HoldSecondRefund"/> holds second parts, and when the first one reached it.</summary>
public sealed class HeldRefunds
{
    public bool Holding { get; init; }

    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Each order split into two refunds, both decided at the gate.</summary>
[Line]
[Step<SplitIntoRefunds>]
[Step<HoldSecondRefund>]
[Route<LargeRefund, LedgerRefundReview>]
public sealed partial class SplitRefunds;

/// <summary>A refund to a card: the card number is sensitive and must never reach the ledger.</summary>
public sealed record CardRefund(int Id, decimal Amount, [property: Sensitive] string Card);

[Gate<CardRefund>(Approvers = "refunds:approve", TimeoutMinutes = 60)]
public sealed partial class ApproveCardRefund;

[Station]
public sealed partial class IssueCardRefund
{
    public RefundOutcome Process(Approved<CardRefund> approved) => new(approved.Payload.Id, "issued " + approved.Payload.Card, approved.Payload.Amount, approved.Approver);
}

[Station]
public sealed partial class DeclineCardRefund
{
    public RefundOutcome Process(Rejected<CardRefund> rejected) => new(rejected.Payload.Id, "declined", rejected.Payload.Amount, rejected.Approver);
}

/// <summary>Every card refund waits at the gate.</summary>
[Line]
[Step<ApproveCardRefund>]
[Route<Approved<CardRefund>, IssueCardRefund>]
[Route<Rejected<CardRefund>, DeclineCardRefund>]
public sealed partial class CardRefunds;
