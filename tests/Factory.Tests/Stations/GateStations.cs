using System.ComponentModel.DataAnnotations;
using System.Threading;

namespace Factory.Tests.Stations;

/// <summary>A refund drafted from a request: small ones go out at once, large ones wait for a person.</summary>
public abstract record RefundDraft;

public sealed record SmallRefund(int Id, decimal Amount, string Customer) : RefundDraft;

public sealed record LargeRefund(
    int Id,
    [property: Range(0, 5_000)] decimal Amount,
    [property: Required, StringLength(20, MinimumLength = 2)] string Customer) : RefundDraft;

public sealed record RefundOutcome(int Id, string Kind, decimal Amount, string By);

/// <summary>Every tenth request is large.</summary>
[Station]
public sealed partial class DraftRefund
{
    public RefundDraft Process(int id) => id % 10 == 0
        ? new LargeRefund(id, 1_000 + id, "customer " + id)
        : new SmallRefund(id, id, "customer " + id);
}

[Station]
public sealed partial class AutoIssue
{
    public RefundOutcome Process(SmallRefund refund) => new(refund.Id, "auto", refund.Amount, "-");
}

[Station(Effects = "refunds:issue")]
public sealed partial class IssueRefund
{
    private int issued;

    public int Issued => Volatile.Read(ref issued);

    public RefundOutcome Process(Approved<LargeRefund> approved)
    {
        Interlocked.Increment(ref issued);
        return new RefundOutcome(approved.Payload.Id, approved.Edited ? "issued-edited" : "issued", approved.Payload.Amount, approved.Approver);
    }
}

[Station]
public sealed partial class ExplainDecline
{
    public RefundOutcome Process(Rejected<LargeRefund> rejected) =>
        new(rejected.Payload.Id, "declined: " + rejected.Reason, rejected.Payload.Amount, rejected.Approver);
}

/// <summary>The gate of the tests: four eyes, four hours, presents a sentence.</summary>
[Gate<LargeRefund>(Approvers = "refunds:approve, refunds:admin", TimeoutMinutes = 240, FourEyes = true)]
public sealed partial class ApproveRefund
{
    public string Present(LargeRefund refund) => $"refund {refund.Amount} to {refund.Customer}";
}

[Gate<LargeRefund>(Approvers = "refunds:approve", TimeoutMinutes = 60, OnTimeout = GateTimeout.Reject)]
public sealed partial class RejectOnTimeout;

[Gate<LargeRefund>(Approvers = "refunds:approve", TimeoutMinutes = 60, OnTimeout = GateTimeout.Approve)]
public sealed partial class ApproveOnTimeout;

[Gate<LargeRefund>(Approvers = "refunds:approve", TimeoutMinutes = 60, OnTimeout = GateTimeout.DeadLetter)]
public sealed partial class DeadLetterOnTimeout;

/// <summary>What a durable gate store would keep the gates' payloads as (FCT0026).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(LargeRefund))]
internal sealed partial class GateJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>The gate the telemetry test watches: no other test uses it, so its measurements are its own.</summary>
[Gate<LargeRefund>(Approvers = "refunds:approve", TimeoutMinutes = 60, OnTimeout = GateTimeout.Reject)]
public sealed partial class WatchedGate;
