using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace Factory.AI.Pipeline;

/// <summary>
/// Microsoft.Extensions.AI's distributed-cache layer (<c>UseDistributedCache</c>) with the job order's
/// tenant in every key, so one tenant's answers are never served to another; a hit is marked
/// (<see cref="CacheHits"/>) so it is charged and recorded as 0 tokens and 0 cost.
/// </summary>
internal sealed class TenantCachingChatClient(IChatClient inner, IDistributedCache cache) : DistributedCachingChatClient(inner, cache)
{
    /// <inheritdoc />
    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues)
    {
        object?[] values = [.. additionalValues, "factory.tenant", ModelCallScope.Job?.Tenant];
        return base.GetCacheKey(messages, options, values);
    }

    /// <inheritdoc />
    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken) =>
        await base.ReadCacheAsync(key, cancellationToken).ConfigureAwait(false) is { } hit ? CacheHits.Mark(hit) : null;
}
