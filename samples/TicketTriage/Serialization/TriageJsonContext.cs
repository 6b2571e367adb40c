using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TicketTriage.Data;
using TicketTriage.Tickets;

namespace TicketTriage.Serialization;

/// <summary>
/// Source-generated JSON metadata for everything the sample reads and writes (tickets in, outcomes
/// out with their <c>"kind"</c>, the refund drafts a gate keeps, training examples, the pain points a model gives,
/// and every material that crosses the broker between the line's stations with <c>--broker</c>): no reflection at run time. <see cref="Lines"/> writes compact camelCase JSON that keeps apostrophes, plus signs and
/// non-ASCII letters readable (the files are data, never embedded in HTML).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(Redacted))]
[JsonSerializable(typeof(Classified))]
[JsonSerializable(typeof(TriageOutcome))]
[JsonSerializable(typeof(Reply))]
[JsonSerializable(typeof(Escalation))]
[JsonSerializable(typeof(Refund))]
[JsonSerializable(typeof(RefundDraft))]
[JsonSerializable(typeof(NormalizedTicket))]
[JsonSerializable(typeof(Triaged))]
[JsonSerializable(typeof(UrgentTicket))]
[JsonSerializable(typeof(SpamTicket))]
[JsonSerializable(typeof(RefundTicket))]
[JsonSerializable(typeof(RoutineTicket))]
[JsonSerializable(typeof(EscalationNote))]
[JsonSerializable(typeof(Factory.Approved<RefundDraft>))]
[JsonSerializable(typeof(Factory.Rejected<RefundDraft>))]
[JsonSerializable(typeof(TrainingExample))]
[JsonSerializable(typeof(PainPoints))]
public sealed partial class TriageJsonContext : JsonSerializerContext
{
    /// <summary>The context used for JSON Lines files.</summary>
    public static TriageJsonContext Lines { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    });
}
