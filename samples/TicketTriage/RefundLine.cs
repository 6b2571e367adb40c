using Factory;
using TicketTriage.Stations;
using TicketTriage.Tickets;

namespace TicketTriage;

/// <summary>
/// Where refunds above <see cref="RefundRequests.GateAbove"/> go: draft the refund, wait at the
/// <see cref="ApproveRefund"/> gate for a person, then issue it or explain the decline.
/// </summary>
[Line]
[Step<DraftRefund>]
[Step<ApproveRefund>]
[Route<Approved<RefundDraft>, IssueRefund>]
[Route<Rejected<RefundDraft>, ExplainDecline>]
public sealed partial class RefundLine;
