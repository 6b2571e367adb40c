using System.Text.Json;
using Factory.Quality;

namespace Factory.Cli.Output;

/// <summary>The JSON of the review queue's samples and of defect rates (docs/cli.md; <c>SchemaTests</c> pins it): add fields, never rename or remove one.</summary>
internal static class QualityJson
{
    public static void Sample(Utf8JsonWriter json, ReviewItem item, bool withValues)
    {
        json.WriteStartObject();
        json.WriteNumber("id", item.Id);
        json.WriteString("runId", item.RunId);
        json.WriteString("tenant", item.Tenant);
        json.WriteString("line", item.Line);
        json.WriteString("station", item.Station);
        json.WriteString("stationVersion", item.StationVersion);
        json.WriteNumber("materialId", item.MaterialId);
        json.WriteNumber("root", item.Root);
        json.WriteString("reason", Words.Kebab(item.Reason.ToString()));
        json.WriteString("inputType", item.InputType);
        json.WriteString("outputType", item.OutputType);
        json.WriteString("sampled", Words.Time(item.Sampled));
        json.WriteString("status", Words.Kebab(item.Status.ToString()));
        json.WritePropertyName("review");
        Review(json, item.Review);
        if (withValues)
        {
            json.WritePropertyName("input");
            RecordJson.Value(json, item.InputJson);
            json.WritePropertyName("output");
            RecordJson.Value(json, item.OutputJson);
        }

        json.WriteEndObject();
    }

    public static void Rate(Utf8JsonWriter json, DefectRate rate)
    {
        (string declared, string? hash) = Split(rate.StationVersion);
        json.WriteStartObject();
        json.WriteString("tenant", rate.Tenant);
        json.WriteString("station", rate.Station);
        json.WriteString("stationVersion", rate.StationVersion);
        json.WriteString("version", declared);
        json.WriteString("codeHash", hash);
        json.WriteString("from", Words.Time(rate.From));
        json.WriteString("to", Words.Time(rate.To));
        json.WriteNumber("inspected", rate.Inspected);
        json.WriteNumber("defects", rate.Defects);
        json.WriteNumber("rate", rate.Rate);
        json.WriteNumber("low", rate.Interval.Low);
        json.WriteNumber("high", rate.Interval.High);
        json.WriteEndObject();
    }

    /// <summary>A full station version, <c>2+3f9a1c0d5e7b2a44</c>, as the declared version and the code hash (null for a version without one).</summary>
    public static (string Declared, string? CodeHash) Split(string fullVersion)
    {
        int plus = fullVersion.IndexOf('+', System.StringComparison.Ordinal);
        return plus < 0 ? (fullVersion, null) : (fullVersion[..plus], fullVersion[(plus + 1)..]);
    }

    private static void Review(Utf8JsonWriter json, ReviewRecord? review)
    {
        if (review is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        json.WriteString("reviewer", review.Reviewer);
        json.WriteString("verdict", Words.Kebab(review.Result.Verdict.ToString()));
        json.WriteString("category", review.Result.Category);
        json.WriteString("note", review.Result.Note);
        json.WriteString("time", Words.Time(review.Time));
        json.WritePropertyName("corrected");
        RecordJson.Value(json, review.CorrectedJson);
        json.WriteEndObject();
    }
}
