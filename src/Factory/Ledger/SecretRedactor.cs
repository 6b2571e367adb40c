using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text;

namespace Factory.Ledger;

/// <summary>
/// Takes secret values out of text: wherever a value occurs — as written, escaped inside a JSON
/// string, percent-encoded (<see cref="Uri.EscapeDataString(string)"/> or <see cref="System.Net.WebUtility.UrlEncode"/>,
/// upper- or lower-case hex) or Base64-encoded (standard or URL-safe, padded or not) — it is
/// replaced by <c>***</c>. All forms are searched for in the original text in one left-to-right pass,
/// the longest at each position, and matches that overlap are masked together: a secret that
/// contains another (a connection URL holding a password, a token extending a shorter one) is masked
/// whole, and a replacement can never create or break another match.
/// The one implementation behind <see cref="JobSecrets.Redact"/>, the ledger and the model layer.
/// </summary>
/// <remarks>
/// Base64 is found only where the value was encoded on its own: the value inside a longer encoded
/// text (the Base64 of <c>user:password</c>) is not at a position its own encoding can be found at.
/// Secrets shorter than <see cref="MinimumLength"/> characters are refused by <see cref="JobSecrets"/>:
/// masking them would mask ordinary text wherever it occurs.
/// </remarks>
public sealed class SecretRedactor
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>The shortest secret that can be redacted without masking ordinary text.</summary>
    public const int MinimumLength = 4;

    /// <summary>The shortest part of an API key <see cref="ForKeys"/> masks where a provider echoes only part of it.</summary>
    public const int KeyFragmentLength = 8;

    private static readonly SecretRedactor Nothing = new([]);

    /// <summary>Every form, longest first, by its first character.</summary>
    private readonly Dictionary<char, string[]> byFirst;
    private readonly SearchValues<string>? starts;

    /// <summary>Creates a redactor for <paramref name="secrets"/> (built once per <see cref="JobSecrets"/> and shared).</summary>
    public SecretRedactor(JobSecrets secrets)
        : this(Of(secrets))
    {
    }

    private SecretRedactor(SecretRedactor built)
    {
        byFirst = built.byFirst;
        starts = built.starts;
    }

    private SecretRedactor(HashSet<string> forms)
    {
        forms.Remove(string.Empty);
        string[] all = [.. forms.OrderByDescending(f => f.Length).ThenBy(f => f, StringComparer.Ordinal)];
        byFirst = all.GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.ToArray());
        starts = all.Length == 0 ? null : SearchValues.Create(all, StringComparison.Ordinal);
    }

    /// <summary>True when there is nothing to redact.</summary>
    public bool IsEmpty => starts is null;

    /// <summary>
    /// A redactor for model providers' API keys: each key in every form above, and any run of at least
    /// <see cref="KeyFragmentLength"/> of its characters, since providers echo part of a wrong key
    /// ("Incorrect API key provided: sk-abc12***…wxyz"). Null, blank and shorter keys than
    /// <see cref="MinimumLength"/> are skipped.
    /// </summary>
    public static SecretRedactor ForKeys(IEnumerable<string?> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (string? key in keys)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length < MinimumLength)
            {
                continue;
            }

            SecretForms.Add(key, forms);

            // Every window of the fragment length: their overlapping matches together cover any longer echoed part.
            for (int start = 0; start + KeyFragmentLength <= key.Length; start++)
            {
                forms.Add(key.Substring(start, KeyFragmentLength));
            }
        }

        return forms.Count == 0 ? Nothing : new SecretRedactor(forms);
    }

    /// <summary>The redactor of <paramref name="values"/> (values shorter than <see cref="MinimumLength"/> must have been refused).</summary>
    internal static SecretRedactor For(IEnumerable<string> values)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (string value in values)
        {
            if (value.Length > 0)
            {
                SecretForms.Add(value, forms);
            }
        }

        return forms.Count == 0 ? Nothing : new SecretRedactor(forms);
    }

    /// <summary><paramref name="text"/> without secret values; the same instance when it holds none.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (text is null || starts is null)
        {
            return text;
        }

        int found = text.AsSpan().IndexOfAny(starts);
        if (found < 0)
        {
            return text;
        }

        var redacted = new StringBuilder(text.Length);
        int copied = 0;
        int maskStart = found;
        int maskEnd = found;
        while (found >= 0)
        {
            int end = found + LongestAt(text, found);
            if (found > maskEnd)
            {
                // A match apart from the last one: the last mask is complete.
                redacted.Append(text, copied, maskStart - copied).Append(Mask);
                copied = maskEnd;
                maskStart = found;
            }

            maskEnd = Math.Max(maskEnd, end);
            int next = text.AsSpan(found + 1).IndexOfAny(starts);
            found = next < 0 ? -1 : found + 1 + next;
        }

        redacted.Append(text, copied, maskStart - copied).Append(Mask);
        return redacted.Append(text, maskEnd, text.Length - maskEnd).ToString();
    }

    private static SecretRedactor Of(JobSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return secrets.Redactor;
    }

    /// <summary>The length of the longest form that starts at <paramref name="index"/> (one does: the search found it).</summary>
    private int LongestAt(string text, int index)
    {
        ReadOnlySpan<char> rest = text.AsSpan(index);
        foreach (string form in byFirst[text[index]])
        {
            if (rest.StartsWith(form, StringComparison.Ordinal))
            {
                return form.Length;
            }
        }

        return 0;
    }
}
