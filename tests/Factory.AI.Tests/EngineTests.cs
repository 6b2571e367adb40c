using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Telemetry;
using Xunit;

namespace Factory.AI.Tests;

/// <summary>The engine against a real OpenAI-compatible HTTP server on loopback, scripted per test.</summary>
public sealed class EngineTests
{
    private static readonly Ticket Input = new("T-1", "My invoice is wrong");

    private static ValueTask<Summary> Run(ModelCatalog models, ThinkingUnitSpec<Summary>? spec = null, JobOrder? job = null, CancellationToken cancellationToken = default) =>
        ThinkingEngine.RunAsync(new SummaryUnit(), spec ?? SummaryUnit.Spec(), models, Input, null, cancellationToken, job);

    [Fact]
    public async Task Valid_json_is_parsed_with_the_output_types_json_type_info()
    {
        using var server = new FakeModelServer().Then(Reply.Ok("""{"Category":"billing","Urgency":3}""", promptTokens: 42, completionTokens: 7));
        ModelCatalog models = Models.For(server);
        var events = new List<ModelCallEvent>();
        models.ModelCalled += events.Add;

        Summary summary = await Run(models);

        Assert.Equal(new Summary("billing", 3), summary);
        ModelCallEvent call = Assert.Single(events);
        Assert.Equal(("Summarize", "3", ModelCallOutcome.Accepted, 42L, 7L, "fake-model"), (call.Unit, call.PromptVersion, call.Outcome, call.InputTokens, call.OutputTokens, call.ModelId));
        Assert.True(call.Latency > TimeSpan.Zero);

        JsonElement request = Assert.Single(server.Bodies).RootElement;
        Assert.Equal("fake-model", request.GetProperty("model").GetString());
        Assert.Equal(50, request.GetProperty("max_completion_tokens").GetInt32());
        JsonElement format = request.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        JsonElement schema = format.GetProperty("json_schema").GetProperty("schema");
        Assert.True(schema.GetProperty("properties").TryGetProperty("Urgency", out JsonElement urgency));
        Assert.Equal("integer", urgency.GetProperty("type").GetString());
        JsonElement[] messages = [.. request.GetProperty("messages").EnumerateArray()];
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.StartsWith("You sort support tickets.", messages[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("Ticket T-1: My invoice is wrong", messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Invalid_json_is_asked_again_with_the_problem_fed_back()
    {
        using var server = new FakeModelServer().Then(
            Reply.Ok("Sure! The category is billing."),
            Reply.Ok("```json\n{\"Category\":\"billing\",\"Urgency\":2}\n```"));
        ModelCatalog models = Models.For(server);
        var events = new List<ModelCallEvent>();
        models.ModelCalled += events.Add;

        Summary summary = await Run(models);

        Assert.Equal(new Summary("billing", 2), summary);
        Assert.Equal([ModelCallOutcome.Rejected, ModelCallOutcome.Accepted], events.Select(e => e.Outcome));
        Assert.Equal([1, 2], events.Select(e => e.Round));
        JsonElement[] second = [.. server.Bodies[1].RootElement.GetProperty("messages").EnumerateArray()];
        Assert.Equal(4, second.Length);
        Assert.Equal("assistant", second[2].GetProperty("role").GetString());
        Assert.Equal("Sure! The category is billing.", second[2].GetProperty("content").GetString());
        Assert.Contains("not valid JSON", second[3].GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_that_fails_inspection_is_asked_again_then_passes()
    {
        using var server = new FakeModelServer().Then(
            Reply.Ok("""{"Category":"billing","Urgency":9}"""),
            Reply.Ok("""{"Category":"billing","Urgency":5}"""));

        Summary summary = await Run(Models.For(server));

        Assert.Equal(5, summary.Urgency);
        string feedback = server.Bodies[1].RootElement.GetProperty("messages")[3].GetProperty("content").GetString()!;
        Assert.Contains("Urgency must be between 1 and 5, not 9", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_every_time_dead_letters_with_the_problems_and_the_redacted_raw_text()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"hunter2-secret","Urgency":0}"""));
        var job = new JobOrder("j1") { Secrets = new JobSecrets(new Dictionary<string, string> { ["key"] = "hunter2-secret" }) };

        OutputRejectedException rejected = await Assert.ThrowsAsync<OutputRejectedException>(async () => await Run(Models.For(server), SummaryUnit.Spec(maxRepairs: 1), job));

        Assert.Equal(2, server.Requests);
        Assert.Contains("Urgency must be between 1 and 5, not 0", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("***", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalate_asks_the_escalation_model_when_the_small_one_cannot_pass_inspection()
    {
        using var small = new FakeModelServer(_ => Reply.Ok("""{"Category":"x","Urgency":0}"""));
        using var large = new FakeModelServer(_ => Reply.Ok("""{"Category":"billing","Urgency":4}""") with { Model = "large-model" });
        ModelCatalog models = new ModelCatalog()
            .Add("small", Models.Client(small), Models.Fast)
            .Add("large", Models.Client(large), Models.Fast);
        var events = new List<ModelCallEvent>();
        models.ModelCalled += events.Add;

        Summary summary = await Run(models, SummaryUnit.Spec(model: "small", escalate: "large", maxRepairs: 1));

        Assert.Equal(4, summary.Urgency);
        Assert.Equal((2, 1), (small.Requests, large.Requests));
        Assert.Equal(["small", "small", "large"], events.Select(e => e.Model));
        Assert.Equal("large-model", events[^1].ModelId);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_after_the_servers_delay()
    {
        using var server = new FakeModelServer().Then(Reply.Error(429, retryAfter: "1"), Reply.Ok("""{"Category":"billing","Urgency":1}"""));
        var clock = Stopwatch.StartNew();

        Summary summary = await Run(Models.For(server));

        Assert.Equal(1, summary.Urgency);
        Assert.Equal(2, server.Requests);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_503_is_retried_and_a_500_backs_off()
    {
        using var server = new FakeModelServer().Then(Reply.Error(503), Reply.Error(500), Reply.Ok("""{"Category":"billing","Urgency":1}"""));

        Summary summary = await Run(Models.For(server));

        Assert.Equal(1, summary.Urgency);
        Assert.Equal(3, server.Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    public async Task Bad_request_and_unauthorised_are_never_retried(int status)
    {
        using var server = new FakeModelServer(_ => Reply.Error(status));

        ModelEndpointException failure = await Assert.ThrowsAsync<ModelEndpointException>(async () => await Run(Models.For(server)));

        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Repeated_500s_open_the_breaker_which_half_opens_later()
    {
        using var server = new FakeModelServer(_ => Reply.Error(500));
        ModelSettings settings = Models.Fast with { MaxRetries = 0, BreakerMinimumThroughput = 3, BreakDuration = TimeSpan.FromMilliseconds(800) };
        ModelCatalog models = Models.For(server, settings);

        for (int i = 0; i < 3; i++)
        {
            ModelEndpointException failure = await Assert.ThrowsAsync<ModelEndpointException>(async () => await Run(models));
            Assert.Equal(500, failure.StatusCode);
        }

        ModelEndpointException open = await Assert.ThrowsAsync<ModelEndpointException>(async () => await Run(models));
        Assert.Contains("circuit breaker is open", open.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests);

        await Task.Delay(1_000);
        server.Fallback = _ => Reply.Ok("""{"Category":"billing","Urgency":2}""");
        Summary summary = await Run(models);
        Assert.Equal(2, summary.Urgency);
        Assert.Equal(4, server.Requests);
    }

    [Fact]
    public async Task A_response_slower_than_the_request_timeout_fails_the_attempt_and_the_retry_succeeds()
    {
        using var server = new FakeModelServer().Then(
            Reply.Ok("""{"Category":"slow","Urgency":1}""") with { Delay = TimeSpan.FromSeconds(3) },
            Reply.Ok("""{"Category":"fast","Urgency":1}"""));
        ModelSettings settings = Models.Fast with { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 1 };
        var clock = Stopwatch.StartNew();

        Summary summary = await Run(Models.For(server, settings));

        Assert.Equal("fast", summary.Category);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_without_retries_fails()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"slow","Urgency":1}""") with { Delay = TimeSpan.FromSeconds(3) });
        ModelSettings settings = Models.Fast with { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxRetries = 0 };

        await Assert.ThrowsAsync<Polly.Timeout.TimeoutRejectedException>(async () => await Run(Models.For(server, settings)));
    }

    [Fact]
    public async Task Sixteen_concurrent_calls_never_take_usage_past_the_token_budget()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"billing","Urgency":1}""", promptTokens: 120, completionTokens: 30) with { Delay = TimeSpan.FromMilliseconds(150) });
        ModelCatalog models = Models.For(server, Models.Fast with { MaxConcurrency = 16 });
        const long budget = 1_500;
        var job = new JobOrder("budgeted") { Budget = new JobBudget(MaxTokens: budget) };
        int exhausted = 0;
        int accepted = 0;

        for (int wave = 0; wave < 4; wave++)
        {
            Task[] calls = Enumerable.Range(0, 16).Select(async _ =>
            {
                try
                {
                    await Run(models, job: job);
                    Interlocked.Increment(ref accepted);
                }
                catch (BudgetExhaustedException exception)
                {
                    Assert.StartsWith("budget exhausted", exception.Message, StringComparison.Ordinal);
                    Interlocked.Increment(ref exhausted);
                }
            }).ToArray();
            await Task.WhenAll(calls);
            Assert.True(JobSpend.Of(job).Tokens <= budget, $"used {JobSpend.Of(job).Tokens} of {budget}");
        }

        JobSpend spend = JobSpend.Of(job);
        Assert.True(spend.Tokens <= budget);
        Assert.Equal(0, spend.ReservedTokens);
        Assert.Equal(accepted, server.Requests);
        Assert.Equal(accepted * 150L, spend.Tokens);
        Assert.True(accepted >= 2, $"{accepted} accepted");
        Assert.True(exhausted > 0);
        Assert.Equal(64, accepted + exhausted);
    }

    [Fact]
    public async Task At_most_MaxConcurrency_calls_to_a_model_are_in_flight()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"billing","Urgency":1}""") with { Delay = TimeSpan.FromMilliseconds(150) });
        ModelCatalog models = Models.For(server, Models.Fast with { MaxConcurrency = 2 });

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Run(models).AsTask()));

        Assert.Equal(6, server.Requests);
        Assert.Equal(2, server.MaxInFlight);
    }

    [Fact]
    public async Task Waiting_for_a_slot_is_not_timed_and_does_not_open_the_breaker()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"billing","Urgency":1}""") with { Delay = TimeSpan.FromMilliseconds(200) });
        ModelSettings settings = Models.Fast with { MaxConcurrency = 1, RequestTimeout = TimeSpan.FromMilliseconds(600), MaxRetries = 0, BreakerMinimumThroughput = 2 };
        ModelCatalog models = Models.For(server, settings);

        Summary[] all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Run(models).AsTask()));

        Assert.Equal(8, all.Length);
        Assert.Equal(8, server.Requests);
    }

    [Fact]
    public async Task The_cost_budget_holds_with_per_model_prices()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"billing","Urgency":1}""", promptTokens: 300, completionTokens: 50));
        ModelCatalog models = Models.For(server, Models.Fast with { Price = new ModelPrice(10m, 30m) });
        var job = new JobOrder("costly") { Budget = new JobBudget(MaxCost: 0.05m) };

        int made = 0;
        while (true)
        {
            try
            {
                await Run(models, job: job);
                made++;
            }
            catch (BudgetExhaustedException)
            {
                break;
            }
        }

        JobSpend spend = JobSpend.Of(job);
        Assert.Equal(made * 0.0045m, spend.Cost);
        Assert.True(spend.Cost <= 0.05m);
        Assert.True(made >= 2);
        Assert.Equal(made, spend.ByModel["fake-model"].Calls);
    }

    [Fact]
    public async Task A_job_label_or_a_tenant_override_points_a_logical_name_at_another_model()
    {
        using var standard = new FakeModelServer(_ => Reply.Ok("""{"Category":"standard","Urgency":1}"""));
        using var premium = new FakeModelServer(_ => Reply.Ok("""{"Category":"premium","Urgency":1}"""));
        ModelCatalog models = new ModelCatalog()
            .Add("small", Models.Client(standard), Models.Fast)
            .Add("premium-small", Models.Client(premium), Models.Fast)
            .Override("acme", "small", "premium-small");
        ThinkingUnitSpec<Summary> spec = SummaryUnit.Spec(model: "small");

        Assert.Equal("standard", (await Run(models, spec, new JobOrder())).Category);
        Assert.Equal("premium", (await Run(models, spec, new JobOrder(tenant: "acme"))).Category);
        var labelled = new JobOrder { Labels = ImmutableDictionary<string, string>.Empty.Add("factory.model.small", "premium-small") };
        Assert.Equal("premium", (await Run(models, spec, labelled)).Category);
    }

    [Fact]
    public async Task Streaming_measures_the_time_to_the_first_token_and_reads_usage()
    {
        using var server = new FakeModelServer().Then(Reply.Ok("""{"Category":"billing","Urgency":3}""", promptTokens: 11, completionTokens: 6));
        ModelCatalog models = Models.For(server, Models.Fast with { Stream = true });
        ModelCallEvent? call = null;
        models.ModelCalled += e => call = e;

        Summary summary = await Run(models);

        Assert.Equal(3, summary.Urgency);
        Assert.NotNull(call);
        Assert.NotNull(call.TimeToFirstToken);
        Assert.Equal((11L, 6L), (call.InputTokens, call.OutputTokens));
        Assert.True(server.Bodies[0].RootElement.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Each_model_call_is_a_gen_ai_chat_span_with_gen_ai_tags()
    {
        using var server = new FakeModelServer().Then(Reply.Ok("not json"), Reply.Ok("""{"Category":"billing","Urgency":3}""", promptTokens: 21, completionTokens: 4));
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.Source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await Run(Models.For(server));

        Activity[] chats = [.. spans.Where(s => s.OperationName == TelemetryNames.ModelSpan && (string?)s.GetTagItem(TelemetryNames.Station) == "Summarize")];
        Assert.Equal(2, chats.Length);
        Assert.Equal(ActivityStatusCode.Error, chats[0].Status);
        Activity accepted = chats[1];
        Assert.Equal("fake-model", accepted.GetTagItem(TelemetryNames.RequestModel));
        Assert.Equal(21L, accepted.GetTagItem(TelemetryNames.InputTokens));
        Assert.Equal(4L, accepted.GetTagItem(TelemetryNames.OutputTokens));
        Assert.Equal("Accepted", accepted.GetTagItem(TelemetryNames.Outcome));
        Assert.Equal("chat", accepted.GetTagItem(AiTelemetryNames.OperationName));
    }

    [Fact]
    public async Task Unknown_logical_names_fall_back_to_default_and_a_catalog_without_it_says_what_to_set()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"billing","Urgency":3}"""));

        Assert.Equal(3, (await Run(Models.For(server), SummaryUnit.Spec(model: "whatever"))).Urgency);
        InvalidOperationException missing = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Run(Models.For(server, name: "small"), SummaryUnit.Spec(model: "large")));
        Assert.Contains("FACTORY_AI_ENDPOINT", missing.Message, StringComparison.Ordinal);
    }
}
