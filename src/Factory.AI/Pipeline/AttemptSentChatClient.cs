using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Factory.AI.Pipeline;

/// <summary>
/// Wraps the model's own client, below every layer of the pipeline: marks the budgeted attempt in
/// progress (<see cref="ModelCallScope.Attempt"/>) as sent, so a failure after this point is charged as
/// one the provider may bill (<see cref="BudgetChatClient"/>).
/// </summary>
internal sealed class AttemptSentChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ModelCallScope.Attempt?.MarkSent();
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ModelCallScope.Attempt?.MarkSent();
        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }
}
