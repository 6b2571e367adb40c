using System.Globalization;
using Factory;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// The refund gate: a person holding <c>refunds:approve</c> for the run's tenant approves a drafted
/// refund (the amount may be edited) or rejects it with a reason. Undecided after a day, it is rejected.
/// </summary>
[Gate<RefundDraft>(Approvers = Permission, TimeoutMinutes = TimeoutMinutesValue, OnTimeout = GateTimeout.Reject)]
public sealed partial class ApproveRefund
{
    /// <summary>The permission that decides here.</summary>
    public const string Permission = "refunds:approve";

    /// <summary>How long a refund waits for a decision: a day.</summary>
    public const int TimeoutMinutesValue = 24 * 60;

    /// <summary>What the approver sees.</summary>
    public string Present(RefundDraft draft) =>
        string.Create(CultureInfo.InvariantCulture, $"refund {draft.Amount:0.00} {draft.Currency} for ticket {draft.TicketId}: \"{draft.Request}\"");
}
