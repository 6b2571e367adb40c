using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Factory.Ledger;

/// <summary>
/// Takes a job's secret values out of text before it is stored: each value is replaced by <c>***</c>,
/// both as written and as it appears inside JSON strings (escaped), longest values first.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Mask = "***";

    private readonly string[] values;

    /// <summary>Creates a redactor for <paramref name="secrets"/>.</summary>
    public SecretRedactor(JobSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in secrets.Names)
        {
            string value = secrets.Get(name);
            if (value.Length == 0)
            {
                continue;
            }

            forms.Add(value);
            forms.Add(JsonEncodedText.Encode(value).Value);
            forms.Add(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
        }

        values = forms.OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal).ToArray();
    }

    /// <summary>True when there is nothing to redact.</summary>
    public bool IsEmpty => values.Length == 0;

    /// <summary><paramref name="text"/> without secret values.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (text is null || values.Length == 0)
        {
            return text;
        }

        foreach (string value in values)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
