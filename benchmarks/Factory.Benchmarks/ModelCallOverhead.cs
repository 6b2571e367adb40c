using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Factory.AI;
using Factory.AI.Pipeline;
using Factory.AI.Providers;
using Microsoft.Extensions.AI;

namespace Factory.Benchmarks;

/// <summary>
/// Issue 20: what Factory's layers cost per model call, against the bare <see cref="IChatClient"/>
/// (<c>OpenAIClient.GetChatClient(model).AsIChatClient()</c>) calling the same loopback server that
/// answers at once. <c>Bare</c>: the adapter alone. <c>FactoryLayers</c>: the same adapter inside what a
/// catalog entry adds (<see cref="EndpointFailureChatClient"/> and the schema as given, then the budget
/// reserving from a job, retries, the concurrency limit, the breaker and timeout), with the request a
/// thinking unit sends. <c>ThinkingUnitCall</c>: a whole <see cref="ThinkingEngine.RunAsync{TIn, TOut}"/>
/// (render, the catalog entry's pipeline, span, parse the JSON answer, inspect, the call's event).
/// Calls are sequential: this is latency added, not throughput.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Models")]
public class ModelCallOverhead
{
    private const int Calls = 200;

    private LoopbackModelServer server = null!;
    private IChatClient bare = null!;
    private IChatClient layered = null!;
    private ModelCatalog catalog = null!;
    private JobOrder job = null!;
    private List<ChatMessage> messages = null!;
    private ChatOptions options = null!;

    [GlobalSetup]
    public void Setup()
    {
        server = new LoopbackModelServer();
        var endpoint = new OpenAICompatibleOptions { Endpoint = server.Endpoint, ApiKey = "bench-key", Model = "bench-model" };
        ModelSettings settings = ModelSettings.Default;
        job = new JobOrder("bench") { Budget = new JobBudget(MaxTokens: 1_000_000_000_000) };
        bare = endpoint.CreateOpenAIClient().GetChatClient(endpoint.Model).AsIChatClient();
        layered = new ChatClientBuilder(endpoint.CreateChatClient())
            .Use(inner => new RetryChatClient(inner, settings))
            .Use(inner => new BudgetChatClient(inner, settings, "bench-model", job))
            .Use(inner => new ConcurrencyLimitChatClient(inner, settings.MaxConcurrency))
            .Use(inner => new CircuitBreakerChatClient(inner, settings))
            .Build();
        catalog = new ModelCatalog().Add(ModelCatalog.DefaultName, endpoint.CreateChatClient(), settings);
        ThinkingUnitSpec<BenchSummary> spec = BenchUnit.Spec;
        messages = [new(ChatRole.System, "You sort support tickets.\n\nAnswer with one JSON value and nothing else. It must match this JSON schema:\n" + spec.Schema.GetRawText()), new(ChatRole.User, "Ticket T-1: My invoice is wrong")];
        options = new ChatOptions { MaxOutputTokens = 50, ResponseFormat = ChatResponseFormat.ForJsonSchema(spec.Schema, "Summarize") };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        bare.Dispose();
        layered.Dispose();
        server.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public async Task Bare()
    {
        for (int i = 0; i < Calls; i++)
        {
            Check(await bare.GetResponseAsync(messages, options, CancellationToken.None).ConfigureAwait(false));
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task FactoryLayers()
    {
        for (int i = 0; i < Calls; i++)
        {
            Check(await layered.GetResponseAsync(messages, options, CancellationToken.None).ConfigureAwait(false));
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task ThinkingUnitCall()
    {
        var unit = new BenchUnit();
        for (int i = 0; i < Calls; i++)
        {
            BenchSummary summary = await ThinkingEngine.RunAsync(unit, BenchUnit.Spec, catalog, new BenchTicket("T-1", "My invoice is wrong"), null, CancellationToken.None, job).ConfigureAwait(false);
            if (summary.Urgency != 3)
            {
                throw new InvalidOperationException($"unexpected answer {summary}");
            }
        }
    }

    private static void Check(ChatResponse response)
    {
        if (response.Usage?.OutputTokenCount != 12)
        {
            throw new InvalidOperationException($"unexpected answer: {response.Text}");
        }
    }
}

public sealed record BenchTicket(string Id, string Body);

public sealed record BenchSummary(string Category, int Urgency);

[JsonSerializable(typeof(BenchSummary))]
internal sealed partial class ModelBenchJson : JsonSerializerContext
{
}

/// <summary>A thinking unit written by hand (what the generator writes).</summary>
internal sealed class BenchUnit : IThinkingUnit<BenchTicket, BenchSummary>
{
    public static ThinkingUnitSpec<BenchSummary> Spec { get; } = new("Summarize", "1", ModelCatalog.DefaultName, ModelBenchJson.Default.BenchSummary)
    {
        MaxOutputTokens = 50,
        Instructions = "You sort support tickets.",
    };

    public string RenderPrompt(BenchTicket input) => "Ticket " + input.Id + ": " + input.Body;

    public void Inspect(BenchTicket input, BenchSummary output, ICollection<string> problems)
    {
        if (output.Urgency is < 1 or > 5)
        {
            problems.Add("Urgency must be between 1 and 5");
        }
    }
}
