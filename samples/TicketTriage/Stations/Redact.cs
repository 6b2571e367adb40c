using Factory;
using TicketTriage.Text;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Takes personal data out of the ticket before anything else reads it: email addresses, phone
/// numbers and card numbers become <c>[email]</c>, <c>[phone]</c> and <c>[card]</c>
/// (see <see cref="PersonalDataRedactor"/>). Later stations only ever see the redacted text.
/// </summary>
[Station(Parallelism = 2)]
public sealed partial class Redact
{
    /// <summary>Redacts one ticket.</summary>
    public Redacted Process(NormalizedTicket input)
    {
        RedactionResult result = PersonalDataRedactor.Redact(input.Text);
        return new Redacted(input.Id, result.Text, input.Fingerprint, result.Redactions, input.ExpectedCategory);
    }
}
