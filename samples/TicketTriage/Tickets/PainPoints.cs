using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;

namespace TicketTriage.Tickets;

/// <summary>
/// What a model says troubles the customer, as <see cref="Stations.ExtractPainPoints"/> asks for it.
/// The data annotations are checked by generated code on every answer; one that fails them is asked
/// again with the problems, then becomes a dead letter.
/// </summary>
public sealed record PainPoints
{
    /// <summary>One sentence: what the customer's problem is.</summary>
    [Required]
    [StringLength(300, MinimumLength = 3)]
    public string? Summary { get; init; }

    /// <summary>How badly it hurts the customer, 1 (a remark) to 5 (money lost, locked out, legal).</summary>
    [Range(1, 5)]
    public int Severity { get; init; }

    /// <summary>Which part of the business it concerns.</summary>
    [Required]
    [AllowedValues("billing", "technical", "account", "shipping", "feedback", "spam", "other")]
    public string? Area { get; init; }

    /// <summary>The pain points, a few words each.</summary>
    public IReadOnlyList<string> Points { get; init; } = [];
}

/// <summary>The pain points of one ticket, with the position of the ticket in the pain-point run (its material id).</summary>
/// <param name="MaterialId">The material id of the ticket in the run: its position in the input + 1.</param>
/// <param name="PainPoints">What the model found.</param>
public sealed record TicketPainPoints(long MaterialId, PainPoints PainPoints);
