using System.Globalization;
using System.Text.RegularExpressions;

namespace TicketTriage.Stations;

/// <summary>
/// Which tickets ask for a refund, and for how much: the ticket says "refund" or "money back" and names
/// an amount ($, £, €, usd or eur; the first one named). Above <see cref="GateAbove"/> a refund waits
/// for a person at the <see cref="ApproveRefund"/> gate; at or below it the ticket gets the billing
/// reply as before, and no refund is issued by the line.
/// </summary>
public static partial class RefundRequests
{
    /// <summary>Refunds above this amount (in the ticket's currency) go through the gate.</summary>
    public const decimal GateAbove = 200.00m;

    /// <summary>True when <paramref name="text"/> asks for a refund and names an amount, with both.</summary>
    public static bool TryRead(string text, out decimal amount, out string currency)
    {
        amount = 0;
        currency = string.Empty;
        if (!RefundWords().IsMatch(text) || AmountText().Match(text) is not { Success: true } match)
        {
            return false;
        }

        Group prefixed = match.Groups["prefixed"];
        string number = prefixed.Success ? prefixed.Value : match.Groups["suffixed"].Value;
        string unit = prefixed.Success ? match.Groups["symbol"].Value : match.Groups["code"].Value;
        currency = unit switch
        {
            "$" or "usd" => "USD",
            "£" => "GBP",
            _ => "EUR",
        };
        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }

    [GeneratedRegex(@"\b(?:refund|money back)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RefundWords();

    [GeneratedRegex(@"(?<symbol>[$£€])\s?(?<prefixed>\d{1,6}(?:\.\d{2})?)\b|\b(?<suffixed>\d{1,6}(?:\.\d{2})?)\s?(?<code>usd|eur)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmountText();
}
