using Factory;
using TicketTriage.Stations;

namespace TicketTriage;

/// <summary>
/// The triage line's first steps with version 1 of <see cref="Classify"/>, ending in the category:
/// one ticket in, one category out, in order, no routes and no effects, as an experiment needs.
/// </summary>
[Line]
[Step<Normalize>]
[Step<Redact>]
[Step<Classify>]
[Step<TakeCategory>]
public sealed partial class ClassifyLine;
