using Factory;
using TicketTriage.Serialization;
using TicketTriage.Stations;
using TicketTriage.Tickets;

namespace TicketTriage;

/// <summary>
/// The support-ticket line: clean the text, take the personal data out, choose a category, set a
/// priority, then route on what <see cref="Prioritize"/> decided: urgent tickets to the
/// <see cref="EscalationLine"/>, spam nowhere (discarded, and counted in the report), refunds above
/// <see cref="RefundRequests.GateAbove"/> to the <see cref="RefundLine"/> (a person decides at its gate),
/// the rest to the <see cref="ReplyLine"/>. Every branch gives a <see cref="TriageOutcome"/>, the line's output.
/// Malformed tickets stop at <see cref="Normalize"/> as dead letters.
/// The generator turns this declaration into the pipeline (constructor, Start, RunAsync, Descriptor);
/// the build fails if a kind of <see cref="Triaged"/> has no route.
/// </summary>
[Line]
[Distributed<TriageJsonContext>]
[Step<Normalize>]
[Step<Redact>]
[Step<Classify>]
[Step<Prioritize>]
[Route<UrgentTicket, EscalationLine>]
[Route<SpamTicket, Discard>]
[Route<RefundTicket, RefundLine>]
[Route<RoutineTicket, ReplyLine>]
public sealed partial class TicketTriageLine;
