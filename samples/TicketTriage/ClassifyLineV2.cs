using Factory;
using TicketTriage.Stations;

namespace TicketTriage;

/// <summary>The same as <see cref="ClassifyLine"/> with version 2 of the classifying station (<see cref="ClassifyV2"/>).</summary>
[Line]
[Step<Normalize>]
[Step<Redact>]
[Step<ClassifyV2>]
[Step<TakeCategory>]
public sealed partial class ClassifyLineV2;
