using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Factory.Ledger.Relational;

/// <summary>The job order column: written and read by hand (no reflection), secret values never in it.</summary>
internal static class JobJson
{
    public static string Write(JobOrder job, SecretRedactor redactor)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", job.Id);
            json.WriteString("tenant", job.Tenant);
            if (job.Submitter is { } submitter)
            {
                json.WriteString("submitter", redactor.Redact(submitter));
            }

            json.WriteStartArray("permissions");
            foreach (string permission in job.Permissions.Order(StringComparer.Ordinal))
            {
                json.WriteStringValue(permission);
            }

            json.WriteEndArray();
            json.WriteStartObject("budget");
            if (job.Budget.Deadline is { } deadline)
            {
                json.WriteString("deadline", deadline.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            }

            if (job.Budget.MaxMaterials is { } materials)
            {
                json.WriteNumber("maxMaterials", materials);
            }

            if (job.Budget.MaxTokens is { } tokens)
            {
                json.WriteNumber("maxTokens", tokens);
            }

            if (job.Budget.MaxCost is { } cost)
            {
                json.WriteNumber("maxCost", cost);
            }

            json.WriteEndObject();
            json.WriteStartObject("labels");
            foreach (KeyValuePair<string, string> label in job.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                json.WriteString(redactor.Redact(label.Key), redactor.Redact(label.Value));
            }

            json.WriteEndObject();
            json.WriteStartArray("secrets");
            foreach (string name in job.Secrets.Names.Order(StringComparer.Ordinal))
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static JobRecord Read(string text)
    {
        using var document = JsonDocument.Parse(text);
        JsonElement root = document.RootElement;
        JsonElement budget = root.GetProperty("budget");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty label in root.GetProperty("labels").EnumerateObject())
        {
            labels[label.Name] = label.Value.GetString() ?? string.Empty;
        }

        return new JobRecord(
            root.GetProperty("id").GetString() ?? string.Empty,
            root.GetProperty("tenant").GetString() ?? string.Empty,
            Strings(root.GetProperty("permissions")),
            new JobBudget(
                budget.TryGetProperty("deadline", out JsonElement deadline) ? DateTimeOffset.Parse(deadline.GetString()!, CultureInfo.InvariantCulture) : null,
                budget.TryGetProperty("maxMaterials", out JsonElement materials) ? materials.GetInt64() : null,
                budget.TryGetProperty("maxTokens", out JsonElement tokens) ? tokens.GetInt64() : null,
                budget.TryGetProperty("maxCost", out JsonElement cost) ? cost.GetDecimal() : null),
            labels,
            Strings(root.GetProperty("secrets")))
        {
            Submitter = root.TryGetProperty("submitter", out JsonElement submitter) ? submitter.GetString() : null,
        };
    }

    private static string[] Strings(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
}
