using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Quality;
using Factory.Telemetry;
using Factory.AI.Memory;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Polly.CircuitBreaker;

namespace Factory.AI;

/// <summary>
/// Runs one thinking unit on one input: renders the prompt, asks the model for JSON matching the
/// output type's schema, parses it with the output type's <see cref="System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}"/>,
/// inspects it, and asks again with the problems fed back (a bounded number of times), then on the
/// escalation model, then gives up with <see cref="OutputRejectedException"/>. Every call goes through the
/// catalog entry's pipeline (<see cref="ModelEntry.Pipeline"/>: retries, each attempt reserving its worst
/// case from the budget, waiting for calls in flight when it does not fit beside them, then the concurrency
/// limit and the breaker), and is reported as one <see cref="ModelCallEvent"/> and one <c>gen_ai.chat</c> span;
/// with <c>CacheMinutes</c> identical calls are answered from the catalog's memory (<see cref="ModelCatalog.Memory"/>);
/// inside a line every answered call, and every attempt charged though unanswered, also goes to <see cref="StationContext.ReportModelUsage"/> (the
/// attempt's provenance record and the station's totals in the run report).
/// The generated code calls it; it is public for that.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ThinkingEngine
{
    private const int RawTextLimit = 2_000;

    /// <summary>The inspector name of a unit's own inspection of each model answer, as the station's quality control records it.</summary>
    private const string Inspector = "thinking-unit";

    /// <summary>The defect category of a model answer the unit's inspection rejected.</summary>
    private const string RejectedAnswer = "rejected-answer";

    /// <summary>The job order used when a unit is called outside a line (no budget).</summary>
    private static readonly JobOrder Unscoped = new("unscoped");

    /// <summary>Runs <paramref name="unit"/> on <paramref name="input"/>.</summary>
    /// <param name="unit">The unit (its generated prompt rendering and inspection).</param>
    /// <param name="spec">The unit's build-time facts.</param>
    /// <param name="models">The catalog that serves the unit's logical models.</param>
    /// <param name="input">The input.</param>
    /// <param name="context">The station context inside a line (material id, job order), or null.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <param name="job">The job order when there is no context (its budget applies); default: the context's.</param>
    /// <exception cref="OutputRejectedException">No model's output passed inspection.</exception>
    /// <exception cref="BudgetExhaustedException">A call's worst case did not fit the job's budget.</exception>
    public static async ValueTask<TOut> RunAsync<TIn, TOut>(
        IThinkingUnit<TIn, TOut> unit,
        ThinkingUnitSpec<TOut> spec,
        ModelCatalog models,
        TIn input,
        StationContext? context,
        CancellationToken cancellationToken,
        JobOrder? job = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(models);
        job ??= context?.Job ?? Unscoped;
        var call = new UnitCall<TIn, TOut>(unit, spec, models, input, context, job, SystemMessage(spec), unit.RenderPrompt(input));
        ModelEntry first = models.Resolve(spec.Model, job);
        int minutes = spec.CacheMinutes > 0 ? spec.CacheMinutes : first.Settings.CacheMinutes;
        return minutes > 0
            ? await RememberedAsync(call, first, minutes, cancellationToken).ConfigureAwait(false)
            : (await AskAsync(call, cancellationToken).ConfigureAwait(false)).Output;
    }

    /// <summary>
    /// What the generated spec of a unit whose output type no <c>JsonSerializerContext</c> lists calls
    /// (FCT0021 reports it at build time): it fails with what to add.
    /// </summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<TOut> MissingJsonContext<TOut>(string unit) =>
        throw new InvalidOperationException(
            $"Thinking unit '{unit}' has no source-generated JSON metadata for its output type {typeof(TOut).Name}: add [JsonSerializable(typeof({typeof(TOut).Name}))] to a JsonSerializerContext in the project (FCT0021).");

/// <summary>Asks the unit's models (then its escalation model) until an output passes inspection.</summary>
    private static async ValueTask<(TOut Output, string Text)> AskAsync<TIn, TOut>(UnitCall<TIn, TOut> unit, CancellationToken cancellationToken)
    {
        ThinkingUnitSpec<TOut> spec = unit.Spec;
        JobOrder job = unit.Job;
        var problems = new List<string>();
        string lastText = string.Empty;
        string lastModel = spec.Model;
        foreach (string logical in Models(spec))
        {
            ModelEntry entry = unit.Models.Resolve(logical, job);
            lastModel = entry.Name;
            List<ChatMessage> messages = [new(ChatRole.System, unit.System), new(ChatRole.User, unit.Prompt)];
            for (int round = 1; round <= spec.MaxRepairs + 1; round++)
            {
                var call = new ModelCall(unit.Models, spec.Unit, spec.Version, logical, entry, unit.Context, round);
                ChatResponse response = await call.SendAsync(messages, Options(spec, entry), job, cancellationToken).ConfigureAwait(false);
                lastText = response.Text ?? string.Empty;
                if (unit.Accepts(lastText, problems, out TOut? output))
                {
                    call.Finish(ModelCallOutcome.Accepted, null);
                    unit.Context?.ReportInspection(Inspector, InspectionResult.Ok);
                    return (output, lastText);
                }

                string rejected = Redact(job, unit.Models, string.Join("; ", problems));
                call.Finish(ModelCallOutcome.Rejected, rejected);
                unit.Context?.ReportInspection(Inspector, InspectionResult.Defect(RejectedAnswer, rejected));
                messages.Add(new ChatMessage(ChatRole.Assistant, lastText));
                messages.Add(new ChatMessage(ChatRole.User, Feedback(problems)));
            }
        }

        throw new OutputRejectedException(spec.Unit, lastModel, problems.ConvertAll(p => Redact(job, unit.Models, p)), Raw(job, unit.Models, lastText));
    }

    /// <summary>
    /// The memory tier: an identical call (<see cref="MemoryKey"/>) is answered from the catalog's
    /// <see cref="HybridCache"/>; identical calls at once wait for one model call (HybridCache's stampede
    /// protection). A remembered answer is still parsed and inspected against this input; one it rejects
    /// goes to the model, as does a caller whose wait ended in another caller's failure.
    /// </summary>
    private static async ValueTask<TOut> RememberedAsync<TIn, TOut>(UnitCall<TIn, TOut> unit, ModelEntry entry, int minutes, CancellationToken cancellationToken)
    {
        HybridCache memory = unit.Models.Memory ?? throw new InvalidOperationException(
            $"Thinking unit '{unit.Spec.Unit}' remembers answers for {minutes} minutes (CacheMinutes), but the model catalog has no HybridCache: " +
            "register one (services.AddHybridCache(), with AddStackExchangeRedisCache for Redis) before AddFactoryModels, or call ModelCatalog.UseMemory(cache).");
        var entryOptions = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(minutes), LocalCacheExpiration = TimeSpan.FromMinutes(minutes) };
        var started = Stopwatch.GetTimestamp();
        string text;
        try
        {
            text = await memory.GetOrCreateAsync(
                MemoryKey.Of(unit.Spec, entry, unit.System, unit.Prompt, unit.Job.Tenant),
                unit,
                static async (self, token) =>
                {
                    self.Asked = true;
                    (self.Output, string answered) = await AskAsync(self, token).ConfigureAwait(false);
                    return answered;
                },
                entryOptions,
                [MemoryKey.TenantTag(unit.Job.Tenant)],
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!unit.Asked && !cancellationToken.IsCancellationRequested)
        {
            // This caller waited on another caller's identical call, which failed: that failure is the
            // other's (its job's budget, its material's retries), so this material asks for itself.
            return (await AskAsync(unit, cancellationToken).ConfigureAwait(false)).Output;
        }

        if (unit.Asked)
        {
            return unit.Output!;
        }

        var problems = new List<string>();
        if (unit.Accepts(text, problems, out TOut? remembered))
        {
            new ModelCall(unit.Models, unit.Spec.Unit, unit.Spec.Version, unit.Spec.Model, entry, unit.Context, 1).Remembered(Stopwatch.GetElapsedTime(started));
            return remembered;
        }

        return (await AskAsync(unit, cancellationToken).ConfigureAwait(false)).Output;
    }

    private static IEnumerable<string> Models<TOut>(ThinkingUnitSpec<TOut> spec)
    {
        yield return spec.Model;
        if (!string.IsNullOrWhiteSpace(spec.Escalate) && spec.Escalate != spec.Model)
        {
            yield return spec.Escalate;
        }
    }

    internal static string SystemMessage<TOut>(ThinkingUnitSpec<TOut> spec)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(spec.Instructions))
        {
            text.Append(spec.Instructions).Append("\n\n");
        }

        text.Append("Answer with one JSON value and nothing else. It must match this JSON schema:\n");
        text.Append(spec.Schema.GetRawText());
        if (spec.Rules.Count > 0)
        {
            text.Append("\nIt must also follow these rules:");
            foreach (string rule in spec.Rules)
            {
                text.Append("\n- ").Append(rule);
            }
        }

        return text.ToString();
    }

    private static ChatOptions Options<TOut>(ThinkingUnitSpec<TOut> spec, ModelEntry entry) => new()
    {
        ModelId = entry.Settings.ModelId,
        Temperature = spec.Temperature,
        MaxOutputTokens = spec.MaxOutputTokens,
        ResponseFormat = ChatResponseFormat.ForJsonSchema(spec.Schema, SchemaName(spec.Unit)),
    };

    private static string SchemaName(string unit)
    {
        var name = new StringBuilder(unit.Length);
        foreach (char c in unit)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return name.Length == 0 ? "output" : name.ToString();
    }

    private static string Feedback(List<string> problems)
    {
        var text = new StringBuilder("Your answer was rejected:\n");
        foreach (string problem in problems)
        {
            text.Append("- ").Append(problem).Append('\n');
        }

        text.Append("Answer again with only the corrected JSON.");
        return text.ToString();
    }

    internal static bool TryParse<TOut>(string text, ThinkingUnitSpec<TOut> spec, List<string> problems, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TOut output)
    {
        output = default;
        string json = StripFences(text);
        if (json.Length == 0)
        {
            problems.Add("the answer was empty; it must be JSON matching the schema");
            return false;
        }

        try
        {
            output = JsonSerializer.Deserialize(json, spec.OutputType);
        }
        catch (JsonException exception)
        {
            problems.Add($"the answer is not valid JSON for the schema: {exception.Message}");
            return false;
        }

        if (output is null)
        {
            problems.Add("the answer was null; it must be a JSON value matching the schema");
            return false;
        }

        return true;
    }

    /// <summary>The JSON inside a Markdown code fence, when the model wrapped it in one.</summary>
    private static string StripFences(string text)
    {
        string trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        int firstLine = trimmed.IndexOf('\n', StringComparison.Ordinal);
        int closing = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine < 0 || closing <= firstLine ? trimmed : trimmed[(firstLine + 1)..closing].Trim();
    }

    private static string Raw(JobOrder job, ModelCatalog models, string text)
    {
        string redacted = Redact(job, models, text);
        return redacted.Length <= RawTextLimit ? redacted : string.Concat(redacted.AsSpan(0, RawTextLimit), "…");
    }

    /// <summary><paramref name="text"/> without the job's secrets and without the API keys of the catalog's models.</summary>
    internal static string Redact(JobOrder job, ModelCatalog models, string text) => models.Keys.Redact(job.Secrets.Redact(text));

    /// <summary>
    /// Input tokens a request may take, counting everything it sends: each message, the options'
    /// instructions, the structured-output schema (<c>response_format</c>: its name, description and
    /// JSON schema) and each tool's name, description and parameter schema. A token per
    /// <paramref name="bytesPerToken"/> UTF-8 bytes of each part, plus 4 for framing each part and 3 for the request.
    /// </summary>
    internal static long EstimateInputTokens(IReadOnlyList<ChatMessage> messages, ChatOptions? options = null, double bytesPerToken = 1)
    {
        double perToken = bytesPerToken > 0 ? bytesPerToken : 1;
        long tokens = 3;
        foreach (ChatMessage message in messages)
        {
            tokens += Part(perToken, message.Text);
        }

        if (options is null)
        {
            return tokens;
        }

        if (!string.IsNullOrEmpty(options.Instructions))
        {
            tokens += Part(perToken, options.Instructions);
        }

        if (options.ResponseFormat is ChatResponseFormatJson { Schema: { } schema } format)
        {
            tokens += Part(perToken, format.SchemaName, format.SchemaDescription, schema.GetRawText());
        }

        foreach (AITool tool in options.Tools ?? [])
        {
            tokens += Part(perToken, tool.Name, tool.Description, tool is AIFunctionDeclaration function ? function.JsonSchema.GetRawText() : null);
        }

        return tokens;
    }

    /// <summary>The tokens of one part of a request: its framing and a token per <paramref name="perToken"/> bytes of its texts.</summary>
    private static long Part(double perToken, string? text, string? more = null, string? rest = null)
    {
        long bytes = Encoding.UTF8.GetByteCount(text ?? string.Empty) + Encoding.UTF8.GetByteCount(more ?? string.Empty) + Encoding.UTF8.GetByteCount(rest ?? string.Empty);
        return 4 + (long)Math.Ceiling(bytes / perToken);
    }
}
