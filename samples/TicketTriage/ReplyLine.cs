using Factory;
using TicketTriage.Stations;

namespace TicketTriage;

/// <summary>Where routine tickets go: draft the reply.</summary>
[Line]
[Step<DraftReply>]
public sealed partial class ReplyLine;
