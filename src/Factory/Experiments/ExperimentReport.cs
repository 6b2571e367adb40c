using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Factory.Experiments;

/// <summary>
/// Two variants compared on the same inputs: each one's accuracy (with its Wilson interval), mean score,
/// failures, tokens and latency; how often they agree; McNemar's exact test on paired right/wrong; and a
/// seeded bootstrap interval of the mean score difference (B − A). Everything but the latencies is the
/// same when the experiment runs again on the same inputs.
/// </summary>
/// <param name="Name">The experiment's name.</param>
/// <param name="Scorer">The scorer's name.</param>
/// <param name="Inputs">How many inputs both variants ran.</param>
/// <param name="A">The first variant (the baseline).</param>
/// <param name="B">The second (the candidate).</param>
/// <param name="Agreement">Inputs on which both gave equal outputs, of all.</param>
/// <param name="OnlyA">Inputs only A got right.</param>
/// <param name="OnlyB">Inputs only B got right.</param>
/// <param name="McNemarP">McNemar's exact two-sided p-value.</param>
/// <param name="Difference">The mean score difference B − A.</param>
/// <param name="DifferenceLow">Its bootstrap 95% interval's lower bound.</param>
/// <param name="DifferenceHigh">Its upper bound.</param>
public sealed record ExperimentReport(
    string Name,
    string Scorer,
    int Inputs,
    VariantResult A,
    VariantResult B,
    double Agreement,
    int OnlyA,
    int OnlyB,
    double McNemarP,
    double Difference,
    double DifferenceLow,
    double DifferenceHigh)
{
    /// <summary>Where the inputs came from: the recorded run (<c>run &lt;id&gt;</c>) when they were read from a ledger, else null.</summary>
    public string? Source { get; init; }

    /// <summary>True when B is not worse than A by more than <paramref name="margin"/>: the bootstrap interval of B − A lies above −margin.</summary>
    public bool IsNotWorse(double margin = 0) => DifferenceLow >= -margin;

    /// <summary>Throws, with the report, unless <see cref="IsNotWorse"/>: a station change gated in a test.</summary>
    /// <exception cref="ExperimentFailedException">B is worse.</exception>
    public void AssertNotWorse(double margin = 0)
    {
        if (!IsNotWorse(margin))
        {
            throw new ExperimentFailedException($"{B.Name} is worse than {A.Name} on experiment '{Name}': the mean {Scorer} difference is {F(Difference)} (95% interval {F(DifferenceLow)} to {F(DifferenceHigh)}), below the margin -{F(margin)}.{Environment.NewLine}{ToMarkdown()}", this);
        }
    }

    /// <summary>The report as a Markdown table.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(Title()).AppendLine().AppendLine();
        text.AppendLine($"| | {A.Name} | {B.Name} |");
        text.AppendLine("|---|---:|---:|");
        foreach ((string figure, string a, string b) in Rows())
        {
            text.AppendLine($"| {figure} | {a} | {b} |");
        }

        text.AppendLine().Append(Summary()).AppendLine();
        return text.ToString();
    }

    /// <summary>The report as a plain-text table for a console: the same rows as <see cref="ToMarkdown"/>, in aligned columns.</summary>
    public string ToConsoleTable()
    {
        (string Figure, string A, string B)[] rows = [("", A.Name, B.Name), .. Rows()];
        int first = rows.Max(r => r.Figure.Length), second = rows.Max(r => r.A.Length), third = rows.Max(r => r.B.Length);
        var text = new StringBuilder();
        text.Append(Title()).AppendLine().AppendLine();
        for (int i = 0; i < rows.Length; i++)
        {
            text.Append(rows[i].Figure.PadRight(first)).Append("  ").Append(rows[i].A.PadLeft(second)).Append("  ").Append(rows[i].B.PadLeft(third)).AppendLine();
            if (i == 0)
            {
                text.Append('-', first + second + third + 4).AppendLine();
            }
        }

        text.AppendLine().Append(Summary()).AppendLine();
        return text.ToString();
    }

    private string Title() => string.Create(CultureInfo.InvariantCulture, $"Experiment '{Name}': {Inputs} inputs{(Source is null ? string.Empty : $" from {Source}")}, scored by {Scorer}");

    private string Summary() =>
        string.Create(CultureInfo.InvariantCulture, $"Agreement {F(Agreement)}; only {A.Name} right {OnlyA}, only {B.Name} right {OnlyB}, McNemar exact p = {F(McNemarP)}; ")
        + string.Create(CultureInfo.InvariantCulture, $"mean score difference {B.Name} − {A.Name} = {F(Difference)} (bootstrap 95% CI {F(DifferenceLow)} to {F(DifferenceHigh)}).");

    private (string Figure, string A, string B)[] Rows() =>
    [
        ("run", A.RunId, B.RunId),
        ("accuracy (95% CI)", Accuracy(A), Accuracy(B)),
        ("mean score", F(A.MeanScore), F(B.MeanScore)),
        ("failed", A.Failed.ToString(CultureInfo.InvariantCulture), B.Failed.ToString(CultureInfo.InvariantCulture)),
        ("inspectors' defect rate (95% CI)", Defects(A), Defects(B)),
        ("tokens", A.Tokens.ToString(CultureInfo.InvariantCulture), B.Tokens.ToString(CultureInfo.InvariantCulture)),
        ("tokens per input (95% CI)", E(A.TokensPerInput), E(B.TokensPerInput)),
        ("cost", A.Cost.ToString("0.######", CultureInfo.InvariantCulture), B.Cost.ToString("0.######", CultureInfo.InvariantCulture)),
        ("cost per input (95% CI)", E(A.CostPerInput), E(B.CostPerInput)),
        ("latency p50 ms (95% CI)", E(A.LatencyP50), E(B.LatencyP50)),
        ("latency p95 ms (95% CI)", E(A.LatencyP95), E(B.LatencyP95)),
    ];

    private static string Defects(VariantResult variant) =>
        variant.Inspected == 0
            ? "not inspected"
            : string.Create(CultureInfo.InvariantCulture, $"{variant.Defects} of {variant.Inspected} = {F((double)variant.Defects / variant.Inspected)} ({F(variant.DefectRate.Low)}–{F(variant.DefectRate.High)})");

    private static string E(Estimate estimate) => $"{F(estimate.Value)} ({F(estimate.Low)}–{F(estimate.High)})";

    /// <summary>The report as JSON (no reflection: written field by field).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", Name);
            json.WriteString("scorer", Scorer);
            if (Source is not null)
            {
                json.WriteString("source", Source);
            }

            json.WriteNumber("inputs", Inputs);
            Variant(json, "a", A);
            Variant(json, "b", B);
            json.WriteNumber("agreement", Agreement);
            json.WriteNumber("onlyA", OnlyA);
            json.WriteNumber("onlyB", OnlyB);
            json.WriteNumber("mcNemarP", McNemarP);
            json.WriteNumber("difference", Difference);
            json.WriteNumber("differenceLow", DifferenceLow);
            json.WriteNumber("differenceHigh", DifferenceHigh);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => ToMarkdown();

    private static void Variant(Utf8JsonWriter json, string key, VariantResult variant)
    {
        json.WriteStartObject(key);
        json.WriteString("name", variant.Name);
        json.WriteString("runId", variant.RunId);
        json.WriteNumber("right", variant.Right);
        json.WriteNumber("accuracyLow", variant.Accuracy.Low);
        json.WriteNumber("accuracyHigh", variant.Accuracy.High);
        json.WriteNumber("meanScore", variant.MeanScore);
        json.WriteNumber("failed", variant.Failed);
        json.WriteNumber("inspected", variant.Inspected);
        json.WriteNumber("defects", variant.Defects);
        json.WriteNumber("defectRateLow", variant.DefectRate.Low);
        json.WriteNumber("defectRateHigh", variant.DefectRate.High);
        json.WriteNumber("tokens", variant.Tokens);
        json.WriteNumber("latencyP50Ms", variant.LatencyP50Ms);
        json.WriteNumber("latencyP95Ms", variant.LatencyP95Ms);
        json.WriteNumber("cost", variant.Cost);
        Estimate(json, "costPerInput", variant.CostPerInput);
        Estimate(json, "tokensPerInput", variant.TokensPerInput);
        Estimate(json, "latencyP50", variant.LatencyP50);
        Estimate(json, "latencyP95", variant.LatencyP95);
        json.WriteEndObject();
    }

    private static void Estimate(Utf8JsonWriter json, string key, Estimate estimate)
    {
        json.WriteStartObject(key);
        json.WriteNumber("value", estimate.Value);
        json.WriteNumber("low", estimate.Low);
        json.WriteNumber("high", estimate.High);
        json.WriteEndObject();
    }

    private string Accuracy(VariantResult variant) =>
        $"{F((double)variant.Right / Math.Max(1, Inputs))} ({F(variant.Accuracy.Low)}–{F(variant.Accuracy.High)})";

    private static void Row(StringBuilder text, string name, string a, string b) => text.AppendLine($"| {name} | {a} | {b} |");

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
