using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI.Pipeline;
using Factory.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Factory.AI.Tests;

/// <summary>The catalog's pipelines: Factory's layers on their own, and the standard layers configuration switches on.</summary>
public sealed class PipelineTests
{
    private const string Answer = """{"Category":"billing","Urgency":3}""";

    [Fact]
    public async Task Factorys_layers_work_alone_on_any_chat_client()
    {
        using var server = new FakeModelServer().Then(Reply.Error(503), Reply.Ok(Answer, promptTokens: 40, completionTokens: 2));
        var job = new JobOrder("alone") { Budget = new JobBudget(MaxTokens: 100) };
        IChatClient client = new ChatClientBuilder(Models.Client(server))
            .Use(inner => new BudgetChatClient(inner, Models.Fast, "fake-model", job))
            .Use(inner => new RetryChatClient(inner, Models.Fast))
            .Use(inner => new ConcurrencyLimitChatClient(inner, 1))
            .Build();

        ChatResponse response = await client.GetResponseAsync("hello", new ChatOptions { MaxOutputTokens = 10 });

        Assert.Equal(Answer, response.Text);
        Assert.Equal(2, server.Requests);
        Assert.Equal(42, JobSpend.Of(job).Tokens);
        BudgetExhaustedException refused = await Assert.ThrowsAsync<BudgetExhaustedException>(() => client.GetResponseAsync("hello", new ChatOptions { MaxOutputTokens = 60 }));
        Assert.Contains("job 'alone' may use 100 tokens; 42 are spent", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task In_a_pipeline_of_your_own_a_call_that_timed_out_is_charged_its_worst_case()
    {
        using var server = new FakeModelServer().Then(Reply.Ok(Answer) with { Delay = TimeSpan.FromMinutes(5) });
        var job = new JobOrder("own-pipeline");
        IChatClient client = new ChatClientBuilder(Models.Client(server))
            .Use(inner => new BudgetChatClient(inner, Models.Fast, "fake-model", job))
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("hello", new ChatOptions { MaxOutputTokens = 10 }, timeout.Token));

        // Nothing below marks whether the request went out, so the failure is taken as sent: "hello" is
        // 3 + 4 + 5 tokens, and 10 more may have come back.
        Assert.Equal(1, server.Requests);
        Assert.Equal(22, JobSpend.Of(job).Tokens);
        Assert.Equal(1, JobSpend.Of(job).Calls);
    }

    [Fact]
    public async Task Configuration_switches_on_UseOpenTelemetry_whose_gen_ai_span_replaces_Factorys_own_and_carries_its_attributes()
    {
        using var server = new FakeModelServer().Then(Reply.Ok(Answer, promptTokens: 1_000, completionTokens: 100));
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Factory:Models:default:Endpoint"] = server.Endpoint.ToString(),
            ["Factory:Models:default:Model"] = "fake-model",
            ["Factory:Models:default:InputPricePerMillion"] = "2",
            ["Factory:Models:default:OutputPricePerMillion"] = "10",
            ["Factory:Models:default:OpenTelemetry"] = "true",
        }).Build();
        ModelCatalog models = new ModelCatalog().AddFromConfiguration(configuration);
        using var trace = new TraceCapture("otel-test");

        await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), models, new Ticket("T-1", "x"), null, CancellationToken.None);
        Activity[] spans = trace.Spans();

        // One span per call: UseOpenTelemetry's, a child of the caller's, with Factory's attributes on it.
        Activity chat = Assert.Single(spans);
        Assert.Equal(trace.Root.SpanId, chat.ParentSpanId);
        Assert.NotEqual(TelemetryNames.ModelSpan, chat.OperationName);
        Assert.Equal("chat fake-model", chat.DisplayName);
        Assert.Equal(ActivityKind.Client, chat.Kind);
        Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("fake-model", chat.GetTagItem("gen_ai.request.model"));
        Assert.Equal("fake-model", chat.GetTagItem("gen_ai.response.model"));
        Assert.Equal(50, Convert.ToInt32(chat.GetTagItem("gen_ai.request.max_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1_000, Convert.ToInt64(chat.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(100, Convert.ToInt64(chat.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.003, (double)chat.GetTagItem(AiTelemetryNames.Cost)!, 9);
        Assert.Equal(("Summarize", "3", "default", 1), ((string?)chat.GetTagItem(TelemetryNames.Station), (string?)chat.GetTagItem(TelemetryNames.StationVersion), (string?)chat.GetTagItem(AiTelemetryNames.LogicalModel), (int?)chat.GetTagItem(AiTelemetryNames.Round)));
        Assert.DoesNotContain(chat.TagObjects, t => t.Value?.ToString()?.Contains("Ticket T-1", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_streamed_call_under_UseOpenTelemetry_has_one_span_with_its_cost_and_time_to_first_token()
    {
        using var server = new FakeModelServer().Then(Reply.Ok(Answer, promptTokens: 2_000, completionTokens: 300));
        ModelCatalog models = new ModelCatalog().Add(ModelCatalog.DefaultName, Models.Client(server), Models.Fast with { Stream = true, OpenTelemetry = true, Price = new ModelPrice(2m, 10m) });
        using var trace = new TraceCapture("otel-stream-test");

        await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), models, new Ticket("T-1", "x"), null, CancellationToken.None);
        Activity[] spans = trace.Spans();

        Activity chat = Assert.Single(spans);
        Assert.Equal(2_000, Convert.ToInt64(chat.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.007, (double)chat.GetTagItem(AiTelemetryNames.Cost)!, 9);
        Assert.True((double)chat.GetTagItem(AiTelemetryNames.TimeToFirstToken)! > 0);
        Assert.Equal("Summarize", chat.GetTagItem(TelemetryNames.Station));
    }

    [Fact]
    public async Task UseDistributedCache_answers_identical_calls_per_tenant_with_no_tokens()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Answer, promptTokens: 30, completionTokens: 5));
        var services = new ServiceCollection();
        services.AddDistributedMemoryCache();
        using ServiceProvider provider = services.BuildServiceProvider();
        ModelCatalog models = new ModelCatalog(provider).Add(ModelCatalog.DefaultName, Models.Client(server), Models.Fast with { DistributedCache = true });
        var events = new List<ModelCallEvent>();
        models.ModelCalled += events.Add;
        var acme = new JobOrder("a", tenant: "acme");
        var globex = new JobOrder("g", tenant: "globex");

        for (int i = 0; i < 3; i++)
        {
            await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), models, new Ticket("T-1", "x"), null, CancellationToken.None, acme);
        }

        await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), models, new Ticket("T-1", "x"), null, CancellationToken.None, globex);

        Assert.Equal(2, server.Requests);
        Assert.Equal(35, JobSpend.Of(acme).Tokens);
        Assert.Equal(35, JobSpend.Of(globex).Tokens);
        Assert.Equal([35L, 0L, 0L, 35L], events.Select(e => e.InputTokens + e.OutputTokens));
    }

    [Fact]
    public void DistributedCache_without_a_cache_registered_says_what_to_register()
    {
        using var server = new FakeModelServer();

        InvalidOperationException missing = Assert.Throws<InvalidOperationException>(() =>
            new ModelCatalog().Add("small", Models.Client(server), Models.Fast with { DistributedCache = true }));

        Assert.Contains("Model 'small' has DistributedCache on, but no IDistributedCache is registered", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalog_key_a_wrapped_client_quotes_never_reaches_the_gen_ai_span()
    {
        const string Key = "sk-proj-Zr6Yp3Hs0Jd5FgQ7x2Lm9Kt4Vb8Nw1";
        using var server = new FakeModelServer(_ => Reply.Ok(Answer));
        IChatClient keyed = new Factory.AI.Providers.OpenAICompatibleOptions { Endpoint = server.Endpoint, ApiKey = Key, Model = "fake-model" }.CreateChatClient();
        ModelCatalog models = new ModelCatalog().Add(ModelCatalog.DefaultName, new Quoting(keyed, Key), Models.Fast with { MaxRetries = 0, OpenTelemetry = true });
        using var trace = new TraceCapture("otel-key-test");

        ModelEndpointException failure = await Assert.ThrowsAsync<ModelEndpointException>(async () =>
            await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), models, new Ticket("T-1", "x"), null, CancellationToken.None));
        Activity[] spans = trace.Spans();

        Assert.Contains("***", failure.Message, StringComparison.Ordinal);
        Activity chat = Assert.Single(spans);
        Assert.Equal(ActivityStatusCode.Error, chat.Status);
        string everything = string.Join(" | ", spans.SelectMany(a => a.TagObjects.Select(t => t.Value?.ToString()).Append(a.StatusDescription).Concat(a.Events.Select(e => e.Name + string.Join(",", e.Tags.Select(t => t.Value))))));
        Assert.DoesNotContain(Key[8..20], everything, StringComparison.Ordinal);
    }

    /// <summary>Middleware of a user's that quotes the key in its own failure.</summary>
    private sealed class Quoting(IChatClient inner, string key) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"request with key {key} refused");
    }
}
