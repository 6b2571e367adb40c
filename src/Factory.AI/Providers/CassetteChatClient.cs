using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Providers;

/// <summary>Whether a cassette plays back or records.</summary>
public enum CassetteMode
{
    /// <summary>Answer from the cassette only; a request it has no answer for fails, naming its key and the file.</summary>
    Replay,

    /// <summary>Answer from the cassette when it has the request; otherwise ask the real client and append the exchange.</summary>
    Record,
}

/// <summary>
/// Records real model exchanges to a cassette (a JSONL file, one exchange a line, keyed by a hash of
/// the model, the messages and the options) and replays them offline: tests and demos run without an
/// endpoint, deterministically. A replay miss throws <see cref="CassetteMissException"/>. A
/// <see cref="DelegatingChatClient"/>: put it anywhere in a <see cref="ChatClientBuilder"/> pipeline.
/// </summary>
public sealed class CassetteChatClient : DelegatingChatClient
{
    private readonly string model;
    private readonly CassetteFile<CassetteEntry> file;

    /// <summary>Opens the cassette at <paramref name="path"/>.</summary>
    /// <param name="path">The JSONL file; in <see cref="CassetteMode.Record"/> it is created when missing.</param>
    /// <param name="mode">Replay or record.</param>
    /// <param name="model">The model the key names when the options name none (the real client's model).</param>
    /// <param name="inner">The real client; required to record.</param>
    public CassetteChatClient(string path, CassetteMode mode, string model, IChatClient? inner = null)
        : base(inner ?? NoModel.Instance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (mode == CassetteMode.Record && inner is null)
        {
            throw new ArgumentException("Recording needs the real client to ask.", nameof(inner));
        }

        Mode = mode;
        this.model = model;
        file = new CassetteFile<CassetteEntry>(path, mode, CassetteJson.Default.CassetteEntry, static e => e.Key);
    }

    /// <summary>The cassette file.</summary>
    public string Path => file.Path;

    /// <summary>Replay or record.</summary>
    public CassetteMode Mode { get; }

    /// <summary>Exchanges on the cassette.</summary>
    public int Count => file.Count;

    /// <summary>The key of a request: a SHA-256 of the model, the messages (role and text) and the options that shape the answer.</summary>
    public string KeyOf(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", options?.ModelId ?? model);
            json.WriteStartArray("messages");
            foreach (ChatMessage message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.Value);
                json.WriteString("text", message.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (options?.Temperature is { } temperature)
            {
                json.WriteNumber("temperature", temperature);
            }

            if (options?.MaxOutputTokens is { } maxOutput)
            {
                json.WriteNumber("maxOutputTokens", maxOutput);
            }

            if (options?.ResponseFormat is ChatResponseFormatJson format)
            {
                json.WriteString("format", format.Schema?.GetRawText() ?? "json");
            }

            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> request = [.. messages];
        string key = KeyOf(request, options);
        if (file.TryFind(key, out CassetteEntry? found))
        {
            return found.ToResponse();
        }

        if (Mode == CassetteMode.Replay)
        {
            throw new CassetteMissException(key, Path, options?.ModelId ?? model);
        }

        ChatResponse response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
        file.Append(CassetteEntry.From(key, options?.ModelId ?? model, request, response));
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }
}

/// <summary>A replaying cassette has no answer for a request.</summary>
public sealed class CassetteMissException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CassetteMissException(string key, string path, string model)
        : base($"The cassette '{path}' has no recording for key {key} (model '{model}'). Record it with CassetteMode.Record against a real endpoint, or check that the prompt, model and options are the ones recorded.")
    {
        Key = key;
        CassettePath = path;
    }

    /// <summary>The request's key.</summary>
    public string Key { get; }

    /// <summary>The cassette file.</summary>
    public string CassettePath { get; }
}

/// <summary>One recorded exchange: one JSONL line.</summary>
internal sealed record CassetteEntry(
    string Key,
    string Model,
    IReadOnlyList<CassetteMessage> Request,
    string Text,
    string? ResponseModel,
    long? InputTokens,
    long? OutputTokens,
    string? FinishReason)
{
    public static CassetteEntry From(string key, string model, List<ChatMessage> request, ChatResponse response)
    {
        var messages = new List<CassetteMessage>(request.Count);
        foreach (ChatMessage message in request)
        {
            messages.Add(new CassetteMessage(message.Role.Value, message.Text));
        }

        return new CassetteEntry(key, model, messages, response.Text, response.ModelId, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, response.FinishReason?.Value);
    }

    public ChatResponse ToResponse() => new(new ChatMessage(ChatRole.Assistant, Text))
    {
        ModelId = ResponseModel,
        FinishReason = FinishReason is null ? null : new ChatFinishReason(FinishReason),
        Usage = InputTokens is null && OutputTokens is null
            ? null
            : new UsageDetails { InputTokenCount = InputTokens, OutputTokenCount = OutputTokens, TotalTokenCount = (InputTokens ?? 0) + (OutputTokens ?? 0) },
    };
}

/// <summary>A recorded request message.</summary>
internal sealed record CassetteMessage(string Role, string Text);

/// <summary>Source-generated JSON for cassettes (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CassetteEntry))]
internal sealed partial class CassetteJson : JsonSerializerContext
{
}
