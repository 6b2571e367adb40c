using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Factory.AI.Tests;

/// <summary>The memory tier: HybridCache on a real Redis (FACTORY_REDIS), keyed per tenant.</summary>
public sealed class MemoryTests
{
    private const string Answer = """{"Summary":"late","Severity":2,"Area":"shipping","Points":["late"]}""";

    [Fact]
    public async Task A_thousand_materials_with_a_hundred_prompts_make_a_hundred_model_calls_and_a_second_tenant_makes_its_own()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Answer, promptTokens: 20, completionTokens: 4));
        string prefix = "factory-test-" + Guid.NewGuid().ToString("N") + ":";
        using ServiceProvider first = Services(prefix);
        ModelCatalog models = Catalog(first, server);
        var events = new ConcurrentQueue<ModelCallEvent>();
        models.ModelCalled += events.Enqueue;
        var provenance = new Provenance();

        LineReport acme = await RunAsync(models, "acme", provenance);

        Assert.Equal(100, server.Requests);
        Assert.Equal(1_000, acme.Out);
        Assert.Equal(100 * 24L, acme.Tokens);
        Assert.Equal(100, events.Count(e => !e.CacheHit));
        Assert.Equal(900, events.Count(e => e.CacheHit));
        Assert.All(events.Where(e => e.CacheHit), e => Assert.Equal((0L, 0L, 0m, ModelCallOutcome.Accepted), (e.InputTokens, e.OutputTokens, e.Cost, e.Outcome)));
        Assert.Equal(900, provenance.Executions.Count(x => x.Model == "cache:fake-model" && x.InputTokens == 0 && x.OutputTokens == 0));
        Assert.Equal(100, provenance.Executions.Count(x => x.Model == "fake-model" && x.InputTokens == 20 && x.OutputTokens == 4));

        LineReport globex = await RunAsync(models, "globex", new Provenance());

        Assert.Equal(200, server.Requests);
        Assert.Equal(100 * 24L, globex.Tokens);

        // Another process (a fresh in-memory tier) on the same Redis is answered from Redis.
        using ServiceProvider second = Services(prefix);
        LineReport again = await RunAsync(Catalog(second, server), "acme", new Provenance());

        Assert.Equal(200, server.Requests);
        Assert.Equal(0L, again.Tokens);
    }

    [Fact]
    public async Task The_prompt_version_the_model_and_the_options_are_in_the_key()
    {
        using var server = new FakeModelServer(_ => Reply.Ok("""{"Category":"billing","Urgency":3}"""));
        using ServiceProvider services = Services("factory-test-" + Guid.NewGuid().ToString("N") + ":");
        ModelCatalog models = new ModelCatalog(services).Add(ModelCatalog.DefaultName, Models.Client(server), Models.Fast with { CacheMinutes = 5 });
        var ticket = new Ticket("T-1", "x");

        async Task Ask(ThinkingUnitSpec<Summary> spec, string model = "fake-model") =>
            await ThinkingEngine.RunAsync(new SummaryUnit(), spec, Catalog(models, server, model), ticket, null, CancellationToken.None);

        await Ask(SummaryUnit.Spec());
        await Ask(SummaryUnit.Spec());
        Assert.Equal(1, server.Requests);
        await Ask(SummaryUnit.Spec(maxOutputTokens: 51));
        Assert.Equal(2, server.Requests);
        await Ask(new ThinkingUnitSpec<Summary>("Summarize", "4", "default", EngineJson.Default.Summary) { MaxOutputTokens = 50, Instructions = "You sort support tickets.", Temperature = 0.1f });
        Assert.Equal(3, server.Requests);
        await Ask(SummaryUnit.Spec(), model: "other-model");
        Assert.Equal(4, server.Requests);
        await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), Catalog(models, server, "fake-model"), ticket with { Body = "y" }, null, CancellationToken.None);
        Assert.Equal(5, server.Requests);
    }

    [Fact]
    public async Task A_caller_that_waited_on_another_jobs_identical_call_which_failed_asks_for_itself()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Answer, promptTokens: 20, completionTokens: 4))
            .Then(Reply.Error(400) with { Delay = TimeSpan.FromMilliseconds(600) });
        var services = new ServiceCollection();
        services.AddHybridCache();
        using ServiceProvider provider = services.BuildServiceProvider();
        ModelCatalog models = new ModelCatalog().UseMemory(provider.GetRequiredService<HybridCache>())
            .Add(ModelCatalog.DefaultName, Models.Client(server), Models.Fast with { CacheMinutes = 5, MaxConcurrency = 8 });
        var ticket = new Complaint("C-1", "late", new Customer("Ann", null), 2, null);
        var first = new JobOrder("first", tenant: "acme");
        var second = new JobOrder("second", tenant: "acme");

        Task<PainPoints> failing = ThinkingEngine.RunAsync(new RememberedExtract(models), RememberedExtract.ThinkingSpec, models, ticket, null, CancellationToken.None, first).AsTask();
        while (server.Requests == 0)
        {
            await Task.Delay(5);
        }

        PainPoints answered = await ThinkingEngine.RunAsync(new RememberedExtract(models), RememberedExtract.ThinkingSpec, models, ticket, null, CancellationToken.None, second);

        await Assert.ThrowsAsync<ModelEndpointException>(() => failing);
        Assert.Equal("late", answered.Summary);
        Assert.Equal(2, server.Requests);
        Assert.Equal(24, JobSpend.Of(second).Tokens);
        Assert.Equal(0, JobSpend.Of(first).Tokens);
    }

    [Fact]
    public async Task A_unit_that_remembers_without_a_HybridCache_says_what_to_register()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(Answer));
        ModelCatalog models = new ModelCatalog().Add("small", Models.Client(server), Models.Fast);

        InvalidOperationException missing = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await new RememberedExtract(models).ProcessAsync(new Complaint("C-1", "late", new Customer("Ann", null), 2, null), null!, CancellationToken.None));

        Assert.Contains("Thinking unit 'RememberedExtract' remembers answers for 10 minutes", missing.Message, StringComparison.Ordinal);
        Assert.Contains("AddHybridCache", missing.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    private static ServiceProvider Services(string prefix)
    {
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(options =>
        {
            options.Configuration = RedisServer.Configuration;
            options.InstanceName = prefix;
        });
        services.AddHybridCache();
        return services.BuildServiceProvider();
    }

    private static ModelCatalog Catalog(IServiceProvider services, FakeModelServer server) =>
        new ModelCatalog(services).Add("small", Models.Client(server), Models.Fast with { MaxConcurrency = 8 });

    /// <summary>A catalog on the same memory whose default entry has another model id.</summary>
    private static ModelCatalog Catalog(ModelCatalog memoryOf, FakeModelServer server, string model) =>
        new ModelCatalog().UseMemory(memoryOf.Memory!).Add(ModelCatalog.DefaultName, Models.Client(server, model), Models.Fast with { CacheMinutes = 5 });

    private static async Task<LineReport> RunAsync(ModelCatalog models, string tenant, Provenance provenance)
    {
        var line = new RememberedLine(new RememberedExtract(models));
        IEnumerable<Complaint> complaints = Enumerable.Range(0, 1_000).Select(i => new Complaint($"C-{i}", $"complaint kind {i % 100}", new Customer("Ann", null), 2, null));
        LineRun<Complaint, PainPoints> run = line.Start(new RunOptions { Job = new JobOrder("memory-" + tenant, tenant: tenant), Observers = [provenance] });
        Task feed = Task.Run(async () =>
        {
            foreach (Complaint complaint in complaints)
            {
                await run.Input.WriteAsync(complaint);
            }

            run.Input.Complete();
        });
        await foreach (PainPoints _ in run.Output.ReadAllAsync())
        {
        }

        await feed;
        return await run.Completion;
    }

    /// <summary>Every provenance record of a run.</summary>
    private sealed class Provenance : RunObserver
    {
        public ConcurrentQueue<StationExecution> Executions { get; } = new();

        public override void Executed(in StationExecution execution) => Executions.Enqueue(execution);
    }
}
