using System;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI;
using Factory.AI.Providers;

namespace Factory.RabbitMQ.Tests;

public sealed record Question(int Number, string Text);

public sealed record Sorted(string Category, int Urgency);

/// <summary>A thinking unit, four calls at once in each worker; every call sends the same request (the number is not in the prompt).</summary>
[ThinkingUnit(Parallelism = 4, MaxOutputTokens = 40, MaxRepairs = 0)]
public sealed partial class SortQuestion
{
    [Prompt]
    public const string Ask = "Sort this question: {{Text}}";

    public partial ValueTask<Sorted> ProcessAsync(Question input, StationContext context, CancellationToken cancellationToken);
}

[Line]
[Distributed<ThinkingJson>]
[Step<SortQuestion>]
public sealed partial class Thinking;

[JsonSerializable(typeof(Question))]
[JsonSerializable(typeof(Sorted))]
public sealed partial class ThinkingJson : JsonSerializerContext;

/// <summary>The model catalog of the tests' thinking units: one OpenAI-compatible model at <paramref name="endpoint"/> (the tests' fake server).</summary>
public static class ThinkingModels
{
    public static ModelCatalog At(Uri endpoint) =>
        new ModelCatalog().Add(
            ModelCatalog.DefaultName,
            new OpenAICompatibleOptions { Endpoint = endpoint, ApiKey = "test-key", Model = "fake-model" }.CreateChatClient(),
            ModelSettings.Default with { RetryDelay = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromSeconds(10) });
}
