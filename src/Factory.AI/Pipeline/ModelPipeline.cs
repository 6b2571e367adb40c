using System;
using Factory.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace Factory.AI.Pipeline;

/// <summary>Builds a catalog entry's pipeline with <see cref="ChatClientBuilder"/> (the order is <see cref="ModelEntry.Pipeline"/>'s).</summary>
internal static class ModelPipeline
{
    public static IChatClient Build(ModelEntry entry, ModelCatalog catalog, Action<ChatClientBuilder>? use)
    {
        ModelSettings settings = entry.Settings;
        var builder = new ChatClientBuilder(new KeyScrubbingChatClient(new AttemptSentChatClient(entry.Client), () => catalog.Keys));
        if (settings.OpenTelemetry)
        {
            builder.UseOpenTelemetry(sourceName: TelemetryNames.Source);
            builder.Use(inner => new CostTaggingChatClient(inner, settings.Price));
        }

        if (settings.Logging)
        {
            builder.UseLogging();
        }

        if (settings.DistributedCache)
        {
            builder.Use((inner, services) => new TenantCachingChatClient(inner, services.GetService(typeof(IDistributedCache)) as IDistributedCache
                ?? throw new InvalidOperationException($"Model '{entry.Name}' has DistributedCache on, but no IDistributedCache is registered: register one (e.g. AddStackExchangeRedisCache or AddDistributedMemoryCache) before AddFactoryModels, or pass a service provider to the ModelCatalog.")));
        }

        use?.Invoke(builder);
        builder.Use(inner => new RetryChatClient(inner, settings, entry.Name));

        // Inside the retries, so every attempt reserves its own worst case (a timed-out attempt may be
        // billed); outside the concurrency limit, so a call waiting for budget holds no slot.
        builder.Use(inner => new BudgetChatClient(inner, settings, entry.ModelId));
        builder.Use(inner => new ConcurrencyLimitChatClient(inner, Math.Max(1, settings.MaxConcurrency)));
        builder.Use(inner => new CircuitBreakerChatClient(inner, settings, entry.Name));
        return builder.Build(catalog.Services);
    }
}
