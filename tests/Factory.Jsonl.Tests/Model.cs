using System.Text.Json.Serialization;

namespace Factory.Jsonl.Tests;

public sealed record Ticket(string Id, string Body);

public sealed record Triaged(string Id, bool Urgent);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(Triaged))]
[JsonSerializable(typeof(int))]
internal sealed partial class TestJson : JsonSerializerContext;

[Station]
public sealed partial class Triage
{
    public Triaged Process(Ticket input) => new(input.Id, input.Body.Contains("urgent", System.StringComparison.Ordinal));
}

[Line]
[Step<Triage>]
public sealed partial class TriageLine;
