using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using Factory.AI.Providers;

namespace Factory.AI.Tests;

public sealed record Ticket(string Id, string Body);

public sealed record Summary(string Category, int Urgency);

[JsonSerializable(typeof(Summary))]
internal sealed partial class EngineJson : JsonSerializerContext
{
}

/// <summary>A thinking unit written by hand (what the generator writes), to test the engine on its own.</summary>
internal sealed class SummaryUnit : IThinkingUnit<Ticket, Summary>
{
    public static ThinkingUnitSpec<Summary> Spec(string model = "default", string? escalate = null, int maxRepairs = 2, int maxOutputTokens = 50) =>
        new("Summarize", "3", model, EngineJson.Default.Summary)
        {
            Escalate = escalate,
            MaxRepairs = maxRepairs,
            MaxOutputTokens = maxOutputTokens,
            Instructions = "You sort support tickets.",
            Temperature = 0.1f,
        };

    public string RenderPrompt(Ticket input) => "Ticket " + input.Id + ": " + input.Body;

    public void Inspect(Ticket input, Summary output, ICollection<string> problems)
    {
        if (output.Urgency is < 1 or > 5)
        {
            problems.Add($"Urgency must be between 1 and 5, not {output.Urgency}");
        }
    }
}

internal static class Models
{
    public static ModelSettings Fast { get; } = ModelSettings.Default with
    {
        RetryDelay = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public static ModelCatalog For(FakeModelServer server, ModelSettings? settings = null, string name = ModelCatalog.DefaultName) =>
        new ModelCatalog().Add(name, Client(server), settings ?? Fast);

    public static Microsoft.Extensions.AI.IChatClient Client(FakeModelServer server, string model = "fake-model") =>
        new OpenAICompatibleOptions { Endpoint = server.Endpoint, ApiKey = "test-key", Model = model }.CreateChatClient();
}
