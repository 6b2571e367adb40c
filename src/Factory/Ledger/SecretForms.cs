using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Factory.Ledger;

/// <summary>
/// The ways a secret value shows up in text that is not the value as written: escaped inside a JSON
/// string, percent-encoded inside a URL (a password in an AMQP or PostgreSQL connection URI), and
/// Base64-encoded (a token or a Basic credential made of the value alone).
/// </summary>
internal static class SecretForms
{
    /// <summary>Adds <paramref name="value"/> and each of its encoded forms to <paramref name="forms"/>.</summary>
    public static void Add(string value, HashSet<string> forms)
    {
        forms.Add(value);
        forms.Add(JsonEncodedText.Encode(value).Value);
        forms.Add(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
        AddPercentEncoded(Uri.EscapeDataString(value), forms);
        AddPercentEncoded(WebUtility.UrlEncode(value), forms);

        // Base64 of the whole value only: the value inside a longer encoded text (the Base64 of
        // "user:password") is not at a position its own encoding can be found at.
        string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        string urlSafe = base64.Replace('+', '-').Replace('/', '_');
        forms.Add(base64);
        forms.Add(base64.TrimEnd('='));
        forms.Add(urlSafe);
        forms.Add(urlSafe.TrimEnd('='));
    }

    /// <summary>Adds <paramref name="encoded"/> as it is and with lower-case hex digits in its escapes (both are valid).</summary>
    private static void AddPercentEncoded(string encoded, HashSet<string> forms)
    {
        forms.Add(encoded);
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return;
        }

        var lower = new StringBuilder(encoded);
        for (int i = 0; i + 2 < lower.Length; i++)
        {
            if (lower[i] == '%')
            {
                lower[i + 1] = char.ToLowerInvariant(lower[i + 1]);
                lower[i + 2] = char.ToLowerInvariant(lower[i + 2]);
                i += 2;
            }
        }

        forms.Add(lower.ToString());
    }
}
