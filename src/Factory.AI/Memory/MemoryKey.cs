using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;

namespace Factory.AI.Memory;

/// <summary>
/// The key of a remembered answer: everything that makes two calls identical — the unit and its
/// (prompt) version, the catalog entry and model id, the system message (instructions, schema, rules),
/// the rendered prompt, the options (temperature, output limit) — and the job's tenant, so no tenant is
/// ever answered from another's calls. Hashed (SHA-256), so prompts do not appear in the store's keys.
/// </summary>
internal static class MemoryKey
{
    /// <summary>The tag every entry of <paramref name="tenant"/> carries (to remove them all at once).</summary>
    public static string TenantTag(string tenant) => "factory.tenant:" + tenant;

    public static string Of<TOut>(ThinkingUnitSpec<TOut> spec, ModelEntry entry, string system, string prompt, string tenant)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("unit", spec.Unit);
            json.WriteString("version", spec.Version);
            json.WriteString("entry", entry.Name);
            json.WriteString("model", entry.ModelId);
            json.WriteString("system", system);
            json.WriteString("prompt", prompt);
            json.WriteString("temperature", spec.Temperature?.ToString("R", CultureInfo.InvariantCulture));
            json.WriteNumber("maxOutputTokens", spec.MaxOutputTokens);
            json.WriteString("tenant", tenant);
            json.WriteEndObject();
        }

        return $"factory:memory:{spec.Unit}:{Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()))}";
    }
}
