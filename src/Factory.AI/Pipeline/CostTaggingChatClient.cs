using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Pipeline;

/// <summary>
/// Just inside <c>UseOpenTelemetry</c>: puts the call's cost from the model's prices on its
/// <c>gen_ai</c> span as Factory's <see cref="AiTelemetryNames.Cost"/> (the conventions define tokens, not prices).
/// </summary>
internal sealed class CostTaggingChatClient(IChatClient inner, ModelPrice price) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Activity? span = Activity.Current;
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (span is not null && response.Usage is { } usage)
        {
            span.SetTag(AiTelemetryNames.Cost, (double)price.Cost(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0));
        }

        return response;
    }
}
