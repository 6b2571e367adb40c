using Factory;
using TicketTriage.Stations;

namespace TicketTriage;

/// <summary>Where urgent tickets go: write the escalation note, then assign an on-call queue.</summary>
[Line]
[Step<DraftEscalation>]
[Step<AssignOnCall>]
public sealed partial class EscalationLine;
