using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAIChat = OpenAI.Chat;

namespace Factory.AI.Providers;

/// <summary>Where an OpenAI-compatible endpoint is and how to call it.</summary>
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
}

/// <summary>
/// An <see cref="IChatClient"/> for OpenAI and every OpenAI-compatible server (gateways, Ollama,
/// vLLM, the llama.cpp server), on the official OpenAI SDK. The SDK's own retries are off: the
/// model gate retries (honouring Retry-After) and breaks circuits. HTTP failures surface as
/// <see cref="ModelEndpointException"/> with the status and Retry-After, and without the API key:
/// servers echo a wrong key in their 401 body ("Incorrect API key provided: sk-…"), so the key, in
/// every form and any part of it the server quoted, is masked in the message, and the SDK's
/// exception is kept as the inner exception only when it does not quote the key.
/// </summary>
public sealed class OpenAICompatibleChatClient : IChatClient
{
    private readonly OpenAIChat.ChatClient client;
    private readonly ChatClientMetadata metadata;
    private readonly ApiKeyCredential credential;
    private readonly OpenAIClientOptions clientOptions;
    private readonly SecretRedactor keys;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OpenAIChat.ChatClient> others = new(StringComparer.Ordinal);

    /// <summary>Creates a client for <paramref name="options"/>.</summary>
    public OpenAICompatibleChatClient(OpenAICompatibleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        clientOptions = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (options.Endpoint is not null)
        {
            clientOptions.Endpoint = options.Endpoint;
        }

        ApiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? null : options.ApiKey;
        keys = SecretRedactor.ForKeys([ApiKey]);
        string key = ApiKey ?? "none";
        credential = new ApiKeyCredential(key);
        client = new OpenAIChat.ChatClient(options.Model, credential, clientOptions);
        Model = options.Model;
        metadata = new ChatClientMetadata("openai", options.Endpoint, options.Model);
    }

    /// <summary>The model id requests go to unless <see cref="ChatOptions.ModelId"/> names another.</summary>
    public string Model { get; }

    /// <summary>The API key the client sends, so the catalog can keep it out of every failure it reports; null when none was given.</summary>
    internal string? ApiKey { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        OpenAIChat.ChatCompletion completion;
        try
        {
            ClientResult<OpenAIChat.ChatCompletion> result = await For(options).CompleteChatAsync(Convert(messages), Convert(options), cancellationToken).ConfigureAwait(false);
            completion = result.Value;
        }
        catch (ClientResultException exception)
        {
            throw Translate(exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ModelEndpointException(exception.StatusCode is { } status ? (int)status : null, null, $"model endpoint request failed: {keys.Redact(exception.Message)}", WithoutKey(exception));
        }

        var text = new StringBuilder();
        foreach (OpenAIChat.ChatMessageContentPart part in completion.Content)
        {
            text.Append(part.Text);
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text.ToString()))
        {
            ModelId = completion.Model,
            ResponseId = completion.Id,
            CreatedAt = completion.CreatedAt,
            FinishReason = FinishReason(completion.FinishReason),
            Usage = Usage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IAsyncEnumerator<OpenAIChat.StreamingChatCompletionUpdate> updates = For(options)
            .CompleteChatStreamingAsync(Convert(messages), Convert(options), cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                OpenAIChat.StreamingChatCompletionUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    update = updates.Current;
                }
                catch (ClientResultException exception)
                {
                    throw Translate(exception);
                }

                var contents = new List<AIContent>();
                foreach (OpenAIChat.ChatMessageContentPart part in update.ContentUpdate)
                {
                    if (!string.IsNullOrEmpty(part.Text))
                    {
                        contents.Add(new TextContent(part.Text));
                    }
                }

                if (update.Usage is { } usage)
                {
                    contents.Add(new UsageContent(Usage(usage)!));
                }

                yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
                {
                    ModelId = update.Model,
                    ResponseId = update.CompletionId,
                    FinishReason = update.FinishReason is { } reason ? FinishReason(reason) : null,
                    RawRepresentation = update,
                };
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : serviceType == typeof(OpenAIChat.ChatClient) ? client : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>The SDK client for the options' model id (the SDK binds a client to one model).</summary>
    private OpenAIChat.ChatClient For(ChatOptions? options) =>
        options?.ModelId is { Length: > 0 } id && id != Model
            ? others.GetOrAdd(id, static (model, self) => new OpenAIChat.ChatClient(model, self.credential, self.clientOptions), this)
            : client;

    private static List<OpenAIChat.ChatMessage> Convert(IEnumerable<ChatMessage> messages)
    {
        var converted = new List<OpenAIChat.ChatMessage>();
        foreach (ChatMessage message in messages)
        {
            string text = message.Text ?? string.Empty;
            if (message.Role == ChatRole.System)
            {
                converted.Add(new OpenAIChat.SystemChatMessage(text));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                converted.Add(new OpenAIChat.AssistantChatMessage(text));
            }
            else
            {
                converted.Add(new OpenAIChat.UserChatMessage(text));
            }
        }

        return converted;
    }

    private static OpenAIChat.ChatCompletionOptions Convert(ChatOptions? options)
    {
        var converted = new OpenAIChat.ChatCompletionOptions();
        if (options is null)
        {
            return converted;
        }

        converted.Temperature = options.Temperature;
        converted.MaxOutputTokenCount = options.MaxOutputTokens;
        converted.TopP = options.TopP;
        if (options.ResponseFormat is ChatResponseFormatJson { Schema: { } schema } json)
        {
            converted.ResponseFormat = OpenAIChat.ChatResponseFormat.CreateJsonSchemaFormat(
                json.SchemaName ?? "output",
                BinaryData.FromString(schema.GetRawText()),
                json.SchemaDescription);
        }
        else if (options.ResponseFormat is ChatResponseFormatJson)
        {
            converted.ResponseFormat = OpenAIChat.ChatResponseFormat.CreateJsonObjectFormat();
        }

        return converted;
    }

    private static UsageDetails? Usage(OpenAIChat.ChatTokenUsage? usage) => usage is null
        ? null
        : new UsageDetails
        {
            InputTokenCount = usage.InputTokenCount,
            OutputTokenCount = usage.OutputTokenCount,
            TotalTokenCount = usage.TotalTokenCount,
        };

    private static ChatFinishReason FinishReason(OpenAIChat.ChatFinishReason reason) => reason switch
    {
        OpenAIChat.ChatFinishReason.Length => ChatFinishReason.Length,
        OpenAIChat.ChatFinishReason.ContentFilter => ChatFinishReason.ContentFilter,
        OpenAIChat.ChatFinishReason.ToolCalls or OpenAIChat.ChatFinishReason.FunctionCall => ChatFinishReason.ToolCalls,
        _ => ChatFinishReason.Stop,
    };

    private ModelEndpointException Translate(ClientResultException exception)
    {
        int? status = exception.Status == 0 ? null : exception.Status;
        TimeSpan? retryAfter = null;
        if (exception.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out string? header))
        {
            retryAfter = ParseRetryAfter(header);
        }

        return new ModelEndpointException(status, retryAfter, $"model endpoint answered {status?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}: {keys.Redact(exception.Message)}", WithoutKey(exception));
    }

    /// <summary><paramref name="exception"/> to keep inside the endpoint's failure, unless it quotes the key.</summary>
    private Exception? WithoutKey(Exception exception) => ApiKeys.Quoted(exception, keys) ? null : exception;

    /// <summary>Retry-After as seconds or an HTTP date.</summary>
    internal static TimeSpan? ParseRetryAfter(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        if (double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when)
            ? (when - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero)
            : null;
    }
}
