using Factory;
using TicketTriage.Serialization;
using TicketTriage.Stations;

namespace TicketTriage;

/// <summary>
/// <see cref="TicketTriageLine"/> with version 2 of the classifying station (<see cref="ClassifyV2"/>,
/// logistic regression): what <c>--classifier 2</c> runs. Every other station and route is the same.
/// </summary>
[Line]
[Distributed<TriageJsonContext>]
[Step<Normalize>]
[Step<Redact>]
[Step<ClassifyV2>]
[Step<Prioritize>]
[Route<Tickets.UrgentTicket, EscalationLine>]
[Route<Tickets.SpamTicket, Discard>]
[Route<Tickets.RefundTicket, RefundLine>]
[Route<Tickets.RoutineTicket, ReplyLine>]
public sealed partial class TicketTriageLineV2;
