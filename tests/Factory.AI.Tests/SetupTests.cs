using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Factory.AI.Tests;

public sealed class SetupTests
{
    [Fact]
    public async Task The_environment_variables_point_the_default_model_at_an_openai_compatible_server()
    {
        using var server = new FakeModelServer().Then(Reply.Ok("""{"Category":"billing","Urgency":3}"""));
        var variables = new Dictionary<string, string?>
        {
            ["FACTORY_AI_ENDPOINT"] = server.Endpoint.ToString(),
            ["FACTORY_AI_MODEL"] = "llama3.2",
        };
        var models = new ModelCatalog();

        Assert.True(models.TryAddFromEnvironment(name => variables.GetValueOrDefault(name)));
        Summary summary = await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(model: "small"), models, new Ticket("1", "x"), null, CancellationToken.None);

        Assert.Equal(3, summary.Urgency);
        Assert.Equal("llama3.2", server.Bodies[0].RootElement.GetProperty("model").GetString());
        Assert.Equal("llama3.2", models.Resolve("small").ModelId);
    }

    [Fact]
    public async Task A_model_id_in_the_settings_goes_to_the_endpoint()
    {
        using var server = new FakeModelServer().Then(Reply.Ok("""{"Category":"billing","Urgency":3}"""));
        ModelCatalog models = new ModelCatalog().Add("default", Models.Client(server, model: "base-model"), Models.Fast with { ModelId = "tuned-model" });

        await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), models, new Ticket("1", "x"), null, CancellationToken.None);

        Assert.Equal("tuned-model", server.Bodies[0].RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Configuration_fills_the_catalog_with_endpoints_prices_and_limits_and_DI_serves_it()
    {
        using var small = new FakeModelServer().Then(Reply.Ok("""{"Category":"billing","Urgency":3}""", promptTokens: 1_000_000, completionTokens: 0));
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Factory:Models:small:Endpoint"] = small.Endpoint.ToString(),
            ["Factory:Models:small:Model"] = "llama3.2",
            ["Factory:Models:small:InputPricePerMillion"] = "0.15",
            ["Factory:Models:small:OutputPricePerMillion"] = "0.6",
            ["Factory:Models:small:MaxConcurrency"] = "2",
            ["Factory:Models:small:MaxRetries"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddFactoryModels(catalog => catalog.Override("acme", "fast", "small"));
        using ServiceProvider provider = services.BuildServiceProvider();
        ModelCatalog models = provider.GetRequiredService<ModelCatalog>();

        ModelEntry entry = models.Resolve("fast", new JobOrder(tenant: "acme"));
        var job = new JobOrder(tenant: "acme");
        await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(model: "small"), models, new Ticket("1", "x"), null, CancellationToken.None, job);

        Assert.Equal(("small", "llama3.2", 2, 0), (entry.Name, entry.ModelId, entry.Settings.MaxConcurrency, entry.Settings.MaxRetries));
        Assert.Equal(0.15m, JobSpend.Of(job).Cost);
        Assert.Equal("llama3.2", small.Bodies[0].RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Configuration_adds_embedding_models_under_Factory_Embeddings_with_their_price_and_a_recording_cassette()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(string.Empty, promptTokens: 40));
        string cassette = Path.Combine(Path.GetTempPath(), $"embeddings-{Guid.NewGuid():N}.jsonl");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Factory:Embeddings:default:Endpoint"] = server.Endpoint.ToString(),
            ["Factory:Embeddings:default:Model"] = "embed-small",
            ["Factory:Embeddings:default:InputPricePerMillion"] = "0.5",
            ["Factory:Embeddings:default:MaxRetries"] = "0",
            ["Factory:Embeddings:default:Cassette"] = cassette,
        }).Build();
        try
        {
            EmbeddingEntry entry = new ModelCatalog().AddFromConfiguration(configuration).ResolveEmbeddings();
            var job = new JobOrder("embed") { Budget = new JobBudget(MaxTokens: 1_000) };

            Assert.Single(await entry.GenerateAsync(["hello"], job));

            Assert.Equal(("embed-small", 0), (entry.ModelId, entry.Settings.MaxRetries));
            Assert.Equal((40L, 0.00002m), (JobSpend.Of(job).Tokens, JobSpend.Of(job).Cost));
            Assert.Equal("embed-small", server.Bodies[0].RootElement.GetProperty("model").GetString());
            Assert.Single(File.ReadAllLines(cassette));
        }
        finally
        {
            File.Delete(cassette);
        }
    }

    [Theory]
    [InlineData("Factory:Models:small:InputPricePerMillion", "2,5", "it takes a price such as 2.5")]
    [InlineData("Factory:Models:small:OpenTelemetry", "yes", "it takes true or false")]
    [InlineData("Factory:Models:small:MaxRetries", "-1", "it takes a whole number, 0 or more")]
    [InlineData("Factory:Models:small:Endpoint", "localhost:11434", "it takes an absolute URL")]
    [InlineData("Factory:Embeddings:e:CassetteMode", "Replay!", "use Replay or Record")]
    public void A_configuration_value_that_does_not_parse_is_an_error_naming_its_key(string key, string value, string says)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Factory:Models:small:Model"] = "m",
            ["Factory:Embeddings:e:Model"] = "m",
            ["Factory:Embeddings:e:Cassette"] = "unused.jsonl",
            [key] = value,
        }).Build();

        InvalidOperationException bad = Assert.Throws<InvalidOperationException>(() => new ModelCatalog().AddFromConfiguration(configuration));

        Assert.StartsWith($"{key} is '{value}':", bad.Message, StringComparison.Ordinal);
        Assert.Contains(says, bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_endpoint_or_a_key_nothing_is_added()
    {
        var models = new ModelCatalog();

        Assert.False(models.TryAddFromEnvironment(_ => null));
        Assert.Null(OpenAICompatibleOptions.FromEnvironment(_ => null));
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("0.5", 0.5)]
    public void Retry_after_reads_seconds(string header, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), EndpointFailures.ParseRetryAfter(header));
}
