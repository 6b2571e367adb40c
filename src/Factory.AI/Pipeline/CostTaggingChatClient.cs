using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Pipeline;

/// <summary>
/// Just inside <c>UseOpenTelemetry</c>, whose <c>gen_ai</c> span is then the call's only span: puts
/// Factory's attributes on it — the call's cost from the model's prices (the conventions define tokens,
/// not prices), and for a thinking unit's call its station, version, logical model, material and round.
/// </summary>
internal sealed class CostTaggingChatClient(IChatClient inner, ModelPrice price) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Activity? span = Activity.Current;
        ModelCallScope.Call?.Tag(span);
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        TagCost(span, response.Usage);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Activity? span = Activity.Current;
        ModelCallScope.Call?.Tag(span);
        long started = Stopwatch.GetTimestamp();
        bool first = true;
        UsageDetails? usage = null;
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (first && !string.IsNullOrEmpty(update.Text))
            {
                first = false;
                span?.SetTag(AiTelemetryNames.TimeToFirstToken, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            foreach (AIContent content in update.Contents)
            {
                if (content is UsageContent counted)
                {
                    usage = counted.Details;
                }
            }

            yield return update;
        }

        TagCost(span, usage);
    }

    private void TagCost(Activity? span, UsageDetails? usage)
    {
        if (span is not null && usage is not null)
        {
            span.SetTag(AiTelemetryNames.Cost, (double)price.Cost(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0));
        }
    }
}
