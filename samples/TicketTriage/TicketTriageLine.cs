using Factory;
using TicketTriage.Stations;

namespace TicketTriage;

/// <summary>
/// The support-ticket line: clean the text, take the personal data out, choose a category, set a
/// priority, draft a reply. Malformed tickets stop at <see cref="Normalize"/> as dead letters.
/// The generator turns this declaration into the pipeline (constructor, Start, RunAsync, Descriptor).
/// </summary>
[Line]
[Step<Normalize>]
[Step<Redact>]
[Step<Classify>]
[Step<Prioritize>]
[Step<DraftReply>]
public sealed partial class TicketTriageLine;
