using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI.Pipeline;
using Factory.Telemetry;
using Microsoft.Extensions.AI;
using Polly.CircuitBreaker;

namespace Factory.AI;

/// <summary>One model call of a thinking unit: its span, the call through the entry's pipeline (budget, resilience), usage and its event.</summary>
internal sealed class ModelCall(ModelCatalog models, string unit, string version, string logical, ModelEntry entry, StationContext? context, int round)
{
    private readonly long started = Stopwatch.GetTimestamp();
    private Activity? activity;
    private TimeSpan? firstToken;
    private TimeSpan latency;
    private long inputTokens;
    private long outputTokens;
    private decimal cost;
    private string modelId = entry.ModelId;

    public async ValueTask<ChatResponse> SendAsync(List<ChatMessage> messages, ChatOptions options, JobOrder job, CancellationToken cancellationToken)
    {
        long estimate = ThinkingEngine.EstimateInputTokens(messages, options, entry.Settings.InputBytesPerToken);
        int maxOutput = options.MaxOutputTokens ?? 0;
        // With UseOpenTelemetry on, its gen_ai span is the call's span (Tag puts Factory's attributes on it); otherwise Factory makes one.
        activity = entry.Settings.OpenTelemetry ? null : FactoryTelemetry.Source.StartActivity(TelemetryNames.ModelSpan, ActivityKind.Client);
        if (activity is not null)
        {
            activity.DisplayName = "chat " + entry.ModelId;
            activity.SetTag(AiTelemetryNames.OperationName, "chat");
            activity.SetTag(TelemetryNames.RequestModel, entry.ModelId);
            activity.SetTag(AiTelemetryNames.RequestMaxTokens, maxOutput);
            if (options.Temperature is { } temperature)
            {
                activity.SetTag(AiTelemetryNames.RequestTemperature, temperature);
            }

            Tag(activity);
        }

        ChatResponse response;
        try
        {
            // The entry's budget layer charges the job; its other layers retry, limit and break circuits.
            ModelCallScope.Job = job;
            ModelCallScope.Call = this;
            response = await AskAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (BudgetExhaustedException exception)
        {
            Fail(ModelCallOutcome.BudgetExhausted, exception, job);
            throw;
        }
        catch (Exception exception)
        {
            Fail(cancellationToken.IsCancellationRequested ? ModelCallOutcome.Cancelled : ModelCallOutcome.Failed, exception, job);
            if (exception is BrokenCircuitException broken)
            {
                throw new ModelEndpointException(null, broken.RetryAfter, $"model '{entry.Name}' is not being called: its circuit breaker is open after repeated failures", ApiKeys.Quoted(exception, models.Keys) ? null : exception);
            }

            // A failure that quotes a model's API key (a client that echoes the server's 401 body) leaves without it.
            Exception scrubbed = ApiKeys.Scrubbed(exception, models.Keys);
            if (!ReferenceEquals(scrubbed, exception))
            {
                throw scrubbed;
            }

            throw;
        }

        latency = Stopwatch.GetElapsedTime(started);
        modelId = string.IsNullOrWhiteSpace(response.ModelId) ? entry.ModelId : response.ModelId;
        (long input, long output) = BudgetChatClient.UsageOf(response, estimate, entry.Settings.InputBytesPerToken);
        decimal answered = entry.Settings.Price.Cost(input, output);
        inputTokens += input;
        outputTokens += output;
        cost += answered;

        // The attempt's provenance record and the station's totals in the run report (every answered call, accepted or not).
        context?.ReportModelUsage(modelId, input, output, answered);
        return response;
    }

    /// <summary>
    /// An attempt of this call that brought no answer and was charged its worst case, as the provider may
    /// bill it (<see cref="BudgetChatClient"/>): counted in the call's usage, its event, metrics and span,
    /// the attempt's provenance and the station's totals, as it is in the job's spend. A call's attempts
    /// (its retries) follow one another, never at once.
    /// </summary>
    internal void ChargedUnanswered(long input, long output, decimal charged)
    {
        inputTokens += input;
        outputTokens += output;
        cost += charged;
        context?.ReportModelUsage(entry.ModelId, input, output, charged);
    }

    /// <summary>Factory's attributes of the call (its station, version, logical model, round, material) on <paramref name="span"/>.</summary>
    public void Tag(Activity? span)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(TelemetryNames.Station, unit);
        span.SetTag(TelemetryNames.StationVersion, version);
        span.SetTag(AiTelemetryNames.LogicalModel, logical);
        span.SetTag(AiTelemetryNames.Round, round);
        if (context is not null)
        {
            span.SetTag(TelemetryNames.MaterialId, context.MaterialId);
        }
    }

    /// <summary>The call through the entry's pipeline: streamed when the model's settings say so.</summary>
    private async ValueTask<ChatResponse> AskAsync(List<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        if (!entry.Settings.Stream)
        {
            return await entry.Pipeline.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        long attemptStarted = Stopwatch.GetTimestamp();
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in entry.Pipeline.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (firstToken is null && !string.IsNullOrEmpty(update.Text))
            {
                firstToken = Stopwatch.GetElapsedTime(attemptStarted);
            }

            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public void Finish(ModelCallOutcome outcome, string? error)
    {
        CountUsage();

        if (activity is not null)
        {
            activity.SetTag(AiTelemetryNames.ResponseModel, modelId);
            activity.SetTag(TelemetryNames.InputTokens, inputTokens);
            activity.SetTag(TelemetryNames.OutputTokens, outputTokens);
            activity.SetTag(AiTelemetryNames.Cost, (double)cost);
            activity.SetTag(TelemetryNames.Outcome, outcome.ToString());
            if (firstToken is { } ttft)
            {
                activity.SetTag(AiTelemetryNames.TimeToFirstToken, ttft.TotalSeconds);
            }

            if (outcome != ModelCallOutcome.Accepted)
            {
                activity.SetStatus(ActivityStatusCode.Error, error);
            }

            activity.Dispose();
        }

        models.Raise(new ModelCallEvent(unit, version, logical, entry.Name, modelId, context?.MaterialId ?? 0, round, inputTokens, outputTokens, cost, latency, firstToken, outcome, error));
    }

    /// <summary>
    /// The call the memory tier answered: a span and an event marked as a cache hit, and provenance
    /// (<see cref="CacheHits.ProvenanceModel"/>) with 0 tokens and 0 cost.
    /// </summary>
    public void Remembered(TimeSpan took)
    {
        latency = took;
        activity = FactoryTelemetry.Source.StartActivity(TelemetryNames.ModelSpan, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.DisplayName = "chat " + entry.ModelId + " (memory)";
            activity.SetTag(AiTelemetryNames.OperationName, "chat");
            activity.SetTag(TelemetryNames.RequestModel, entry.ModelId);
            activity.SetTag(TelemetryNames.Station, unit);
            activity.SetTag(TelemetryNames.StationVersion, version);
            activity.SetTag(AiTelemetryNames.LogicalModel, logical);
            activity.SetTag(AiTelemetryNames.CacheHit, true);
            activity.SetTag(TelemetryNames.InputTokens, 0L);
            activity.SetTag(TelemetryNames.OutputTokens, 0L);
            activity.SetTag(AiTelemetryNames.Cost, 0d);
            activity.SetTag(TelemetryNames.Outcome, nameof(ModelCallOutcome.Accepted));
            activity.Dispose();
        }

        context?.ReportModelUsage(CacheHits.ProvenanceModel(entry.ModelId), 0, 0, 0m);
        models.Raise(new ModelCallEvent(unit, version, logical, entry.Name, entry.ModelId, context?.MaterialId ?? 0, round, 0, 0, 0m, latency, null, ModelCallOutcome.Accepted, null, CacheHit: true));
    }

    /// <summary>The call's tokens and cost in the metrics.</summary>
    private void CountUsage()
    {
        FactoryTelemetry.ModelTokens.Add(inputTokens, new KeyValuePair<string, object?>(TelemetryNames.RequestModel, modelId), new KeyValuePair<string, object?>(TelemetryNames.TokenType, "input"));
        FactoryTelemetry.ModelTokens.Add(outputTokens, new KeyValuePair<string, object?>(TelemetryNames.RequestModel, modelId), new KeyValuePair<string, object?>(TelemetryNames.TokenType, "output"));
        if (cost > 0m)
        {
            FactoryTelemetry.ModelCost.Add((double)cost, new KeyValuePair<string, object?>(TelemetryNames.RequestModel, modelId));
        }
    }

    private void Fail(ModelCallOutcome outcome, Exception exception, JobOrder job)
    {
        latency = Stopwatch.GetElapsedTime(started);
        if (inputTokens + outputTokens > 0)
        {
            CountUsage(); // attempts charged though unanswered (ChargedUnanswered)
        }

        activity?.SetTag(TelemetryNames.ErrorType, exception.GetType().FullName);
        string error = ThinkingEngine.Redact(job, models, exception.Message);
        models.Raise(new ModelCallEvent(unit, version, logical, entry.Name, modelId, context?.MaterialId ?? 0, round, inputTokens, outputTokens, cost, latency, firstToken, outcome, error));
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.InputTokens, inputTokens);
            activity.SetTag(TelemetryNames.OutputTokens, outputTokens);
            activity.SetTag(AiTelemetryNames.Cost, (double)cost);
            activity.SetTag(TelemetryNames.Outcome, outcome.ToString());
            activity.SetStatus(ActivityStatusCode.Error, error);
            activity.Dispose();
        }
    }
}
