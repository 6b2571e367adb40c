using Factory;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>Tags the model's answer with the material id of its ticket, so the run can say whose pain points they are.</summary>
[Station]
public sealed partial class NumberPainPoints
{
    /// <summary>Tags one answer.</summary>
    public TicketPainPoints Process(PainPoints input, StationContext context) => new(context.MaterialId, input);
}
