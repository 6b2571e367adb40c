using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Factory.AI;
using Factory.AI.Pipeline;
using Microsoft.Extensions.AI;

namespace Factory.Benchmarks;

/// <summary>
/// Issue 20, without the network: <see cref="ModelCallOverhead"/>'s layers over an in-process client
/// that answers at once with a fixed response (no HTTP, no JSON), so only what the layers themselves
/// cost per call is left: the budget's estimate, reservation and settlement, the retry and breaker
/// pipelines, the concurrency slot. <c>Bare</c> is the stub alone.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Models")]
public class ModelLayerCost
{
    private const int Calls = 10_000;

    private IChatClient bare = null!;
    private IChatClient layered = null!;
    private List<ChatMessage> messages = null!;
    private ChatOptions options = null!;

    [GlobalSetup]
    public void Setup()
    {
        ModelSettings settings = ModelSettings.Default;
        var job = new JobOrder("bench") { Budget = new JobBudget(MaxTokens: 1_000_000_000_000) };
        bare = new Answering();
        layered = new ChatClientBuilder(new Answering())
            .Use(inner => new RetryChatClient(inner, settings))
            .Use(inner => new BudgetChatClient(inner, settings, "bench-model", job))
            .Use(inner => new ConcurrencyLimitChatClient(inner, settings.MaxConcurrency))
            .Use(inner => new CircuitBreakerChatClient(inner, settings))
            .Build();
        ThinkingUnitSpec<BenchSummary> spec = BenchUnit.Spec;
        messages = [new(ChatRole.System, "You sort support tickets.\n\nAnswer with one JSON value and nothing else. It must match this JSON schema:\n" + spec.Schema.GetRawText()), new(ChatRole.User, "Ticket T-1: My invoice is wrong")];
        options = new ChatOptions { MaxOutputTokens = 50, ResponseFormat = ChatResponseFormat.ForJsonSchema(spec.Schema, "Summarize") };
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public async Task Bare()
    {
        for (int i = 0; i < Calls; i++)
        {
            _ = await bare.GetResponseAsync(messages, options, CancellationToken.None).ConfigureAwait(false);
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task FactoryLayers()
    {
        for (int i = 0; i < Calls; i++)
        {
            _ = await layered.GetResponseAsync(messages, options, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Answers every call at once with the same response and usage.</summary>
    private sealed class Answering : IChatClient
    {
        private readonly ChatResponse response = new(new ChatMessage(ChatRole.Assistant, """{"Category":"billing","Urgency":3}"""))
        {
            ModelId = "bench-model",
            Usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 12, TotalTokenCount = 132 },
        };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(response);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
