using System;
using Microsoft.Extensions.AI;
using Factory.AI.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Factory.AI;

/// <summary>
/// Fills a <see cref="ModelCatalog"/> from configuration or the environment, and registers it with DI.
/// Configuration (e.g. appsettings.json, or environment variables such as
/// <c>Factory__Models__small__Endpoint</c>):
/// <code>
/// "Factory": { "Models": {
///   "small": { "Endpoint": "http://localhost:11434/v1", "Model": "llama3.2", "MaxConcurrency": 2 },
///   "large": { "Model": "gpt-4o", "ApiKey": "...", "InputPricePerMillion": 2.5, "OutputPricePerMillion": 10 } } }
/// </code>
/// Other keys per model: <c>TimeoutSeconds</c>, <c>MaxRetries</c>, <c>Stream</c>, <c>Cassette</c> (a JSONL path)
/// and <c>CassetteMode</c> (<c>Replay</c> or <c>Record</c>); and the standard layers, each <c>true</c> or
/// <c>false</c>: <c>OpenTelemetry</c>, <c>Logging</c>, <c>DistributedCache</c>; and <c>CacheMinutes</c>, the memory tier (see <see cref="ModelSettings"/>).
/// Embedding models sit under <c>Factory:Embeddings</c> with <c>Endpoint</c>, <c>Model</c>, <c>ApiKey</c>,
/// <c>InputPricePerMillion</c>, <c>MaxConcurrency</c>, <c>MaxRetries</c>, <c>TimeoutSeconds</c>, <c>Cassette</c>
/// and <c>CassetteMode</c>.
/// </summary>
public static class ModelCatalogSetup
{
    /// <summary>The configuration section models are read from.</summary>
    public const string SectionName = "Factory:Models";

    /// <summary>The configuration section embedding models are read from (the same keys as a chat model's, less the chat-only ones).</summary>
    public const string EmbeddingsSectionName = "Factory:Embeddings";

    /// <summary>
    /// Adds every model under <c>Factory:Models</c> and every embedding model under <c>Factory:Embeddings</c>
    /// of <paramref name="configuration"/>. A value that does not parse is an error naming its key.
    /// </summary>
    /// <returns><paramref name="catalog"/>, to chain.</returns>
    public static ModelCatalog AddFromConfiguration(this ModelCatalog catalog, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (IConfigurationSection model in configuration.GetSection(SectionName).GetChildren())
        {
            var entry = new ModelSection(model);
            ModelSettings settings = entry.Settings() with
            {
                Stream = entry.Bool("Stream"),
                OpenTelemetry = entry.Bool("OpenTelemetry"),
                Logging = entry.Bool("Logging"),
                DistributedCache = entry.Bool("DistributedCache"),
                CacheMinutes = entry.Int("CacheMinutes") ?? 0,
            };
            catalog.Add(model.Key, WithCassette(entry.Endpoint().CreateChatClient(), entry.Cassette(), entry.Id), settings);
        }

        foreach (IConfigurationSection model in configuration.GetSection(EmbeddingsSectionName).GetChildren())
        {
            var entry = new ModelSection(model);
            IEmbeddingGenerator<string, Embedding<float>> generator = entry.Endpoint().CreateEmbeddingGenerator();
            if (entry.Cassette() is { } cassette)
            {
                generator = new CassetteEmbeddingGenerator(cassette.Path, cassette.Mode, entry.Id, cassette.Mode == CassetteMode.Record ? generator : null);
            }

            catalog.AddEmbeddings(model.Key, generator, entry.Settings());
        }

        return catalog;
    }

    /// <summary>
    /// Adds a <see cref="ModelCatalog.DefaultName"/> entry from <c>FACTORY_AI_ENDPOINT</c>,
    /// <c>FACTORY_AI_API_KEY</c> (or <c>OPENAI_API_KEY</c>) and <c>FACTORY_AI_MODEL</c>, when they are
    /// set; <c>FACTORY_AI_CASSETTE</c> (a JSONL path) records the exchanges, or replays them alone when
    /// <c>FACTORY_AI_CASSETTE_MODE=Replay</c>.
    /// </summary>
    /// <returns>True when an entry was added.</returns>
    public static bool TryAddFromEnvironment(this ModelCatalog catalog, Func<string, string?>? read = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        read ??= Environment.GetEnvironmentVariable;
        string? cassette = read("FACTORY_AI_CASSETTE");
        string? mode = read("FACTORY_AI_CASSETTE_MODE");
        OpenAICompatibleOptions? options = OpenAICompatibleOptions.FromEnvironment(read);
        if (options is null)
        {
            if (string.IsNullOrWhiteSpace(cassette) || !string.Equals(mode, nameof(CassetteMode.Replay), StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            string model = read(OpenAICompatibleOptions.ModelVariable) is { Length: > 0 } id ? id : "recorded";
            catalog.Add(ModelCatalog.DefaultName, new CassetteChatClient(cassette, CassetteMode.Replay, model), ModelSettings.Default with { ModelId = model });
            return true;
        }

        (string, CassetteMode)? recorded = string.IsNullOrWhiteSpace(cassette) ? null : (cassette, ModelSection.CassetteModeOf(mode, "FACTORY_AI_CASSETTE_MODE"));
        catalog.Add(ModelCatalog.DefaultName, WithCassette(options.CreateChatClient(), recorded, options.Model), ModelSettings.Default with { ModelId = options.Model });
        return true;
    }

    /// <summary>
    /// Registers a singleton <see cref="ModelCatalog"/> (what thinking units take), filled from
    /// <c>IConfiguration</c> when one is registered and from the environment, then by <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddFactoryModels(this IServiceCollection services, Action<ModelCatalog>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider =>
        {
            var catalog = new ModelCatalog(provider);
            if (provider.GetService<IConfiguration>() is { } configuration)
            {
                catalog.AddFromConfiguration(configuration);
            }

            if (!catalog.Entries.ContainsKey(ModelCatalog.DefaultName))
            {
                catalog.TryAddFromEnvironment();
            }

            configure?.Invoke(catalog);
            return catalog;
        });
        return services;
    }

    private static IChatClient WithCassette(IChatClient client, (string Path, CassetteMode Mode)? cassette, string model) =>
        cassette is { } c ? new CassetteChatClient(c.Path, c.Mode, model, client) : client;
}
