using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Threading;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Factory.AI.Providers;

/// <summary>
/// Where an OpenAI-compatible endpoint is (OpenAI, gateways, Ollama, vLLM, the llama.cpp server) and
/// how to call it. <see cref="CreateChatClient"/> builds the client from Microsoft.Extensions.AI's
/// OpenAI adapter.
/// </summary>
public sealed record OpenAICompatibleOptions
{
    /// <summary>The environment variable naming the endpoint, e.g. <c>http://localhost:11434/v1</c> for Ollama.</summary>
    public const string EndpointVariable = "FACTORY_AI_ENDPOINT";

    /// <summary>The environment variable holding the API key (falls back to <c>OPENAI_API_KEY</c>).</summary>
    public const string ApiKeyVariable = "FACTORY_AI_API_KEY";

    /// <summary>The environment variable naming the model id, e.g. <c>llama3.2</c>.</summary>
    public const string ModelVariable = "FACTORY_AI_MODEL";

    /// <summary>The endpoint's base address, up to and including <c>/v1</c>; null for api.openai.com.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The API key; local servers accept anything, so a placeholder is sent when none is given.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The model id.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// Reads <c>FACTORY_AI_ENDPOINT</c>, <c>FACTORY_AI_API_KEY</c> (or <c>OPENAI_API_KEY</c>) and
    /// <c>FACTORY_AI_MODEL</c>; null when neither an endpoint nor a key is set.
    /// </summary>
    public static OpenAICompatibleOptions? FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        string? endpoint = read(EndpointVariable);
        string? key = read(ApiKeyVariable) ?? read("OPENAI_API_KEY");
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        return new OpenAICompatibleOptions
        {
            Endpoint = string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint, UriKind.Absolute),
            ApiKey = key,
            Model = read(ModelVariable) is { Length: > 0 } model ? model : "gpt-4o-mini",
        };
    }

    /// <summary>
    /// The OpenAI SDK's client for these options, its own retries off and no network timeout of its
    /// own: Factory's resilience layer retries (honouring Retry-After), times out and breaks circuits.
    /// </summary>
    public OpenAIClient CreateOpenAIClient()
    {
        var options = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (Endpoint is not null)
        {
            options.Endpoint = Endpoint;
        }

        return new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(ApiKey) ? "none" : ApiKey), options);
    }

    /// <summary>
    /// <c>OpenAIClient.GetChatClient(Model).AsIChatClient()</c>, inside an <see cref="EndpointFailureChatClient"/>
    /// that turns HTTP failures into <see cref="ModelEndpointException"/> (status, Retry-After) without the key,
    /// sending an output schema as the unit gave it (so the budget's worst case counts what goes out).
    /// </summary>
    public IChatClient CreateChatClient() =>
        new EndpointFailureChatClient(new SchemaAsGivenChatClient(CreateOpenAIClient().GetChatClient(Model).AsIChatClient()), ApiKey);

    /// <summary>
    /// <c>OpenAIClient.GetEmbeddingClient(Model).AsIEmbeddingGenerator()</c>, inside an
    /// <see cref="EndpointFailureEmbeddingGenerator"/> (status, Retry-After, no key).
    /// </summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator() =>
        new EndpointFailureEmbeddingGenerator(CreateOpenAIClient().GetEmbeddingClient(Model).AsIEmbeddingGenerator(), ApiKey);
}
