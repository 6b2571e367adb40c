using System;
using System.Globalization;
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
/// </summary>
public static class ModelCatalogSetup
{
    /// <summary>The configuration section models are read from.</summary>
    public const string SectionName = "Factory:Models";

    /// <summary>Adds every model under <c>Factory:Models</c> of <paramref name="configuration"/>.</summary>
    /// <returns><paramref name="catalog"/>, to chain.</returns>
    public static ModelCatalog AddFromConfiguration(this ModelCatalog catalog, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (IConfigurationSection model in configuration.GetSection(SectionName).GetChildren())
        {
            string id = model["Model"] ?? model.Key;
            var options = new OpenAICompatibleOptions
            {
                Endpoint = model["Endpoint"] is { Length: > 0 } endpoint ? new Uri(endpoint, UriKind.Absolute) : null,
                ApiKey = model["ApiKey"],
                Model = id,
            };
            ModelSettings settings = ModelSettings.Default with
            {
                ModelId = id,
                Price = new ModelPrice(Decimal(model["InputPricePerMillion"]), Decimal(model["OutputPricePerMillion"])),
                MaxConcurrency = Int(model["MaxConcurrency"]) ?? ModelSettings.Default.MaxConcurrency,
                MaxRetries = Int(model["MaxRetries"]) ?? ModelSettings.Default.MaxRetries,
                RequestTimeout = Int(model["TimeoutSeconds"]) is { } seconds ? TimeSpan.FromSeconds(seconds) : ModelSettings.Default.RequestTimeout,
                Stream = Bool(model["Stream"]),
                OpenTelemetry = Bool(model["OpenTelemetry"]),
                Logging = Bool(model["Logging"]),
                DistributedCache = Bool(model["DistributedCache"]),
                CacheMinutes = Int(model["CacheMinutes"]) ?? 0,
            };
            catalog.Add(model.Key, WithCassette(options.CreateChatClient(), model["Cassette"], model["CassetteMode"], id), settings);
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

        catalog.Add(ModelCatalog.DefaultName, WithCassette(options.CreateChatClient(), cassette, mode, options.Model), ModelSettings.Default with { ModelId = options.Model });
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

    private static Microsoft.Extensions.AI.IChatClient WithCassette(Microsoft.Extensions.AI.IChatClient client, string? cassette, string? mode, string model)
    {
        if (string.IsNullOrWhiteSpace(cassette))
        {
            return client;
        }

        CassetteMode parsed = Enum.TryParse(mode, ignoreCase: true, out CassetteMode value) ? value : CassetteMode.Record;
        return new CassetteChatClient(cassette, parsed, model, client);
    }

    private static decimal Decimal(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value) ? value : 0m;

    private static bool Bool(string? text) => bool.TryParse(text, out bool value) && value;

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;
}
