using Factory.Tests.Stations;

namespace Factory.Tests;

/// <summary>Requests become refunds; large ones wait at a gate, small ones go out at once.</summary>
[Line]
[Step<DraftRefund>]
[Route<SmallRefund, AutoIssue>]
[Route<LargeRefund, RefundReview>]
public sealed partial class Refunds;

/// <summary>A person decides on a large refund: approved ones are issued, rejected ones explained.</summary>
[Line]
[Step<ApproveRefund>]
[Route<Approved<LargeRefund>, IssueRefund>]
[Route<Rejected<LargeRefund>, ExplainDecline>]
public sealed partial class RefundReview;

[Line]
[Step<RejectOnTimeout>]
[Route<Approved<LargeRefund>, IssueRefund>]
[Route<Rejected<LargeRefund>, ExplainDecline>]
public sealed partial class RejectOnTimeoutLine;

[Line]
[Step<ApproveOnTimeout>]
[Route<Approved<LargeRefund>, IssueRefund>]
[Route<Rejected<LargeRefund>, ExplainDecline>]
public sealed partial class ApproveOnTimeoutLine;

[Line]
[Step<DeadLetterOnTimeout>]
[Route<Approved<LargeRefund>, IssueRefund>]
[Route<Rejected<LargeRefund>, ExplainDecline>]
public sealed partial class DeadLetterOnTimeoutLine;

[Line]
[Step<WatchedGate>]
[Route<Approved<LargeRefund>, IssueRefund>]
[Route<Rejected<LargeRefund>, ExplainDecline>]
public sealed partial class WatchedGateLine;
