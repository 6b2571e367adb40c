using System;

namespace TicketTriage.Text;

/// <summary>The text preparation the line applies before classifying, for use outside the line (training).</summary>
public static class TicketText
{
    /// <summary>Normalizes and redacts <paramref name="body"/>, as the Normalize and Redact stations do.</summary>
    public static string Prepare(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return PersonalDataRedactor.Redact(TextNormalizer.Normalize(body)).Text;
    }
}
