using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAIChat = OpenAI.Chat;

namespace Factory.AI.Providers;

/// <summary>
/// Sends a JSON-schema response format to OpenAI exactly as the unit gave it. The adapter would
/// otherwise indent the schema and add to it (its strict-mode transform), so the request would carry
/// more than the budget layer reserved for (it counts the schema's bytes as given): a worst case that
/// is not one. Everything else of the request is the adapter's.
/// </summary>
internal sealed class SchemaAsGivenChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, AsGiven(options), cancellationToken);

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, AsGiven(options), cancellationToken);

    private static ChatOptions? AsGiven(ChatOptions? options)
    {
        if (options is not { ResponseFormat: ChatResponseFormatJson { Schema: { } schema } format } || options.RawRepresentationFactory is not null)
        {
            return options;
        }

        ChatOptions copy = options.Clone();
        BinaryData given = BinaryData.FromString(schema.GetRawText());
        copy.RawRepresentationFactory = _ => new OpenAIChat.ChatCompletionOptions
        {
            ResponseFormat = OpenAIChat.ChatResponseFormat.CreateJsonSchemaFormat(format.SchemaName ?? "output", given, format.SchemaDescription),
        };
        return copy;
    }
}
