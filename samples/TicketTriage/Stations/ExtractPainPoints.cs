using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Factory;
using Factory.AI;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// A thinking unit: asks a model for the customer's pain points. It reads the <see cref="Redacted"/>
/// ticket, after <see cref="Redact"/>, so no email address, phone or card number is ever sent to a
/// model; the prompt binds only the ticket's id and redacted text (never the known label). The
/// generator writes <see cref="ProcessAsync"/>: render the prompt, ask for JSON of
/// <see cref="PainPoints"/>' schema, parse it with <c>TriageJsonContext</c>, check the data annotations
/// and <see cref="Inspect"/>, re-ask with the problems, and report the tokens to the run.
/// </summary>
[ThinkingUnit(MaxOutputTokens = 300, Temperature = 0, Version = "1", MaxRepairs = 1)]
public sealed partial class ExtractPainPoints
{
    /// <summary>The system message.</summary>
    [Instructions]
    public const string System =
        "You read customer support tickets and say what troubles the customer. " +
        "Personal data was replaced by [email], [phone] and [card]; never guess it. " +
        "Answer with JSON only.";

    /// <summary>The user message.</summary>
    [Prompt]
    public const string Ask =
        "Ticket {{Id}}:\n{{Text}}\n\n" +
        "Give a one-sentence summary, a severity from 1 (a remark) to 5 (money lost, locked out, legal), " +
        "the area (billing, technical, account, shipping, feedback, spam or other) and up to three pain points of a few words each.";

    /// <summary>Asks the model about one ticket.</summary>
    public partial ValueTask<PainPoints> ProcessAsync(Redacted input, StationContext context, CancellationToken cancellationToken);

    private static IEnumerable<string> Inspect(Redacted input, PainPoints output)
    {
        if (output.Points.Count > 5)
        {
            yield return $"Points must list at most five pain points of ticket {input.Id}";
        }
    }
}
