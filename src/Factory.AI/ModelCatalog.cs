using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Factory.AI.Pipeline;
using Factory.AI.Providers;
using Factory.Ledger;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;

namespace Factory.AI;

/// <summary>
/// Maps logical model names ("small", "large", "default") to <see cref="IChatClient"/>s with their
/// settings. Thinking units name a logical model; the catalog decides which client serves it, so a
/// model is swapped per step without touching the unit. A job order may point a logical name at
/// another entry for its tenant: a label <c>factory.model.&lt;logical&gt;</c> on the job order, or
/// <see cref="Override"/> per tenant.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>The logical name units use when they name none, and the entry used for names the catalog does not have.</summary>
    public const string DefaultName = "default";

    /// <summary>Prefix of the job-order labels that override a logical name: <c>factory.model.small = tenant-small</c>.</summary>
    public const string LabelPrefix = "factory.model.";

    private readonly ConcurrentDictionary<string, ModelEntry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmbeddingEntry> embeddings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Logical), string> overrides = new();
    private readonly IServiceProvider? services;
    private volatile SecretRedactor keys = SecretRedactor.ForKeys([]);
    private HybridCache? memory;

    /// <summary>Creates an empty catalog.</summary>
    /// <param name="services">What the standard layers a model's settings switch on take from DI (an <c>ILoggerFactory</c>, an <c>IDistributedCache</c>); null for none.</param>
    public ModelCatalog(IServiceProvider? services = null)
    {
        this.services = services;
        memory = services?.GetService(typeof(HybridCache)) as HybridCache;
    }

    /// <summary>
    /// The memory tier: where thinking units that remember answers (<c>CacheMinutes</c>) keep them. Taken
    /// from the service provider (<c>services.AddHybridCache()</c>, with <c>AddStackExchangeRedisCache</c>
    /// for Redis as its distributed store), or set with <see cref="UseMemory"/>; null for none.
    /// </summary>
    public HybridCache? Memory => memory;

    /// <summary>Keeps remembered answers in <paramref name="cache"/>.</summary>
    /// <returns>This catalog, to chain.</returns>
    public ModelCatalog UseMemory(HybridCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        memory = cache;
        return this;
    }

    /// <summary>Raised after every model call a thinking unit makes (success or not), on the calling thread.</summary>
    public event Action<ModelCallEvent>? ModelCalled;

    /// <summary>The entries, by name.</summary>
    public IReadOnlyDictionary<string, ModelEntry> Entries => entries;

    /// <summary>
    /// Adds (or replaces) the entry <paramref name="name"/>: any <see cref="IChatClient"/>, wrapped with
    /// <see cref="ChatClientBuilder"/> in Factory's layers and the standard ones <paramref name="settings"/>
    /// switch on (see <see cref="ModelEntry.Pipeline"/>).
    /// </summary>
    /// <param name="name">The entry's name, e.g. "small".</param>
    /// <param name="client">The model's client, e.g. <c>OpenAIClient.GetChatClient(model).AsIChatClient()</c>.</param>
    /// <param name="settings">Prices, limits, resilience, layers; default <see cref="ModelSettings.Default"/>.</param>
    /// <param name="use">Middleware of your own (<c>builder.Use(...)</c>), placed inside the budget and the standard layers and outside the resilience layers.</param>
    /// <returns>This catalog, to chain.</returns>
    public ModelCatalog Add(string name, IChatClient client, ModelSettings? settings = null, Action<ChatClientBuilder>? use = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(client);
        entries[name] = new ModelEntry(name, client, settings ?? ModelSettings.Default, this, use);
        RefreshKeys();
        return this;
    }

    /// <summary>The embedding entries, by name.</summary>
    public IReadOnlyDictionary<string, EmbeddingEntry> Embeddings => embeddings;

    /// <summary>
    /// Adds (or replaces) the embedding entry <paramref name="name"/>: any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>
    /// (e.g. <c>OpenAICompatibleOptions.CreateEmbeddingGenerator()</c>), inside Factory's budget and resilience layers.
    /// </summary>
    /// <returns>This catalog, to chain.</returns>
    public ModelCatalog AddEmbeddings(string name, IEmbeddingGenerator<string, Embedding<float>> generator, ModelSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(generator);
        embeddings[name] = new EmbeddingEntry(name, generator, settings ?? ModelSettings.Default);
        RefreshKeys();
        return this;
    }

    /// <summary>The embedding entry <paramref name="name"/>, else <see cref="DefaultName"/>.</summary>
    /// <exception cref="InvalidOperationException">Neither is in the catalog; the message says what to add.</exception>
    public EmbeddingEntry ResolveEmbeddings(string name = DefaultName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return embeddings.TryGetValue(name, out EmbeddingEntry? entry) || embeddings.TryGetValue(DefaultName, out entry)
            ? entry
            : throw new InvalidOperationException(
                $"No embedding model serves '{name}': add it (or '{DefaultName}') with ModelCatalog.AddEmbeddings. Known: {string.Join(", ", embeddings.Keys)}.");
    }

    /// <summary>For jobs of <paramref name="tenant"/>, serve logical name <paramref name="logical"/> with entry <paramref name="entry"/>.</summary>
    /// <returns>This catalog, to chain.</returns>
    public ModelCatalog Override(string tenant, string logical, string entry)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(logical);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry);
        overrides[(tenant, logical)] = entry;
        return this;
    }

    /// <summary>
    /// The entry that serves <paramref name="logical"/> for <paramref name="job"/>: the job's label
    /// <c>factory.model.&lt;logical&gt;</c>, else the tenant's override, else the entry of that name,
    /// else <see cref="DefaultName"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No entry serves the name; the message names what was tried.</exception>
    public ModelEntry Resolve(string logical, JobOrder? job = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logical);
        string name = logical;
        if (job is not null && job.Labels.TryGetValue(LabelPrefix + logical, out string? labelled) && !string.IsNullOrWhiteSpace(labelled))
        {
            name = labelled;
        }
        else if (job is not null && overrides.TryGetValue((job.Tenant, logical), out string? overridden))
        {
            name = overridden;
        }

        if (entries.TryGetValue(name, out ModelEntry? entry) || entries.TryGetValue(DefaultName, out entry))
        {
            return entry;
        }

        throw new InvalidOperationException(
            $"No model serves the logical name '{logical}'{(name == logical ? string.Empty : $" (mapped to '{name}')")}: " +
            $"add it (or '{DefaultName}') to the model catalog, e.g. with FACTORY_AI_ENDPOINT and FACTORY_AI_MODEL. Known: {string.Join(", ", entries.Keys)}.");
    }

    /// <summary>The API keys of every entry, to mask in whatever a failed call reports (built again when an entry is added).</summary>
    internal SecretRedactor Keys => keys;

    private void RefreshKeys() =>
        keys = SecretRedactor.ForKeys(entries.Values.Select(e => e.ApiKey).Concat(embeddings.Values.Select(e => e.ApiKey)));

    /// <summary>What the standard layers take from DI, or null.</summary>
    internal IServiceProvider? Services => services;

    internal void Raise(ModelCallEvent call) => ModelCalled?.Invoke(call);
}

/// <summary>One model the catalog serves: its name, client and settings, and the pipeline its calls pass.</summary>
public sealed class ModelEntry
{
    internal ModelEntry(string name, IChatClient client, ModelSettings settings, ModelCatalog catalog, Action<ChatClientBuilder>? use)
    {
        Name = name;
        Client = client;
        Settings = settings;
        ApiKey = (client.GetService(typeof(EndpointFailureChatClient)) as EndpointFailureChatClient)?.ApiKey;
        ModelId = settings.ModelId
            ?? (client.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId
            ?? name;
        Pipeline = ModelPipeline.Build(this, catalog, use);
    }

    /// <summary>The entry's name.</summary>
    public string Name { get; }

    /// <summary>The client that makes the calls, as it was added.</summary>
    public IChatClient Client { get; }

    /// <summary>
    /// <see cref="Client"/> inside the entry's layers, outermost first: the standard layers the settings
    /// switch on (<c>UseOpenTelemetry</c>, <c>UseLogging</c>, <c>UseDistributedCache</c> keyed per tenant),
    /// your own, then <see cref="RetryChatClient"/>, <see cref="BudgetChatClient"/> (a reservation per
    /// attempt), <see cref="ConcurrencyLimitChatClient"/> and <see cref="CircuitBreakerChatClient"/>. Thinking units call this.
    /// </summary>
    public IChatClient Pipeline { get; }

    /// <summary>Prices, limits and resilience settings.</summary>
    public ModelSettings Settings { get; }

    /// <summary>The model id recorded for this entry: the settings' model id, else the client's default model, else the entry's name.</summary>
    public string ModelId { get; }

    /// <summary>The key the entry's client sends (found through wrapping clients), or null.</summary>
    internal string? ApiKey { get; }
}
