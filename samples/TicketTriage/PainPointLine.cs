using Factory;
using TicketTriage.Stations;

namespace TicketTriage;

/// <summary>
/// The small line of the pain-point run: the triage line's first two stations (clean the text, take
/// the personal data out), then the <see cref="ExtractPainPoints"/> thinking unit on the redacted text.
/// </summary>
[Line]
[Step<Normalize>]
[Step<Redact>]
[Step<ExtractPainPoints>]
[Step<NumberPainPoints>]
public sealed partial class PainPointLine;
