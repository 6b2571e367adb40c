using System;

namespace TicketTriage.Reporting;

/// <summary>Where a run's tickets came from: a file the run generated, or one given with <c>--in</c>.</summary>
/// <param name="File">The tickets file, as shown to the user.</param>
/// <param name="Lines">Its lines that are not blank: each becomes a ticket or a reported bad line.</param>
/// <param name="Seed">The seed the tickets were generated from, or null for a file given with <c>--in</c>.</param>
/// <param name="Generation">How long generating and writing them took (zero for a given file).</param>
/// <param name="MalformedOnPurpose">Malformed tickets and broken lines the generator put in (0 for a given file).</param>
/// <param name="BrokenLinesOnPurpose">Of those, the lines that are not a ticket at all.</param>
public sealed record TicketInput(string File, long Lines, ulong? Seed, TimeSpan Generation, int MalformedOnPurpose, int BrokenLinesOnPurpose)
{
    /// <summary>True when the run generated the file.</summary>
    public bool Generated => Seed is not null;
}
