using Microsoft.Extensions.AI;

namespace Factory.AI.Pipeline;

/// <summary>
/// Marks a response a cache answered, so the budget charges it nothing and provenance records a cache
/// hit with 0 tokens and 0 cost (the usage it carries was the original call's).
/// </summary>
internal static class CacheHits
{
    /// <summary>The marker's key in <see cref="ChatResponse.AdditionalProperties"/>.</summary>
    public const string Key = "factory.cache_hit";

    /// <summary><paramref name="response"/>, marked as a hit and without the original call's usage.</summary>
    public static ChatResponse Mark(ChatResponse response)
    {
        response.Usage = null;
        (response.AdditionalProperties ??= [])[Key] = true;
        return response;
    }

    /// <summary>The model provenance records for a call the memory tier answered: <c>cache:</c> and the model id.</summary>
    public static string ProvenanceModel(string modelId) => "cache:" + modelId;

    /// <summary>True when a cache answered <paramref name="response"/>.</summary>
    public static bool IsHit(ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue(Key, out object? hit) == true && hit is true;
}
