using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.AI.Tests;

public sealed record Address(string City);

public sealed record Customer(string Name, Address? Address);

public sealed record Complaint(string Id, string Body, Customer Customer, int Stars, string? Note);

public sealed record PainPoints
{
    [Required]
    public string? Summary { get; init; }

    [Range(1, 5)]
    public int Severity { get; init; }

    [StringLength(40, MinimumLength = 2)]
    public string? Product { get; init; }

    [RegularExpression("[A-Z]{3}-[0-9]+")]
    public string? Code { get; init; }

    [AllowedValues("billing", "shipping", "other")]
    public string? Area { get; init; }

    [Range(0.0, 1.0, ErrorMessage = "{0} is a probability: {1} to {2}")]
    public double? Confidence { get; init; }

    public IReadOnlyList<string> Points { get; init; } = [];
}

[JsonSerializable(typeof(PainPoints))]
internal sealed partial class UnitJson : JsonSerializerContext
{
}

/// <summary>A thinking unit as a user writes it: the generator implements ProcessAsync.</summary>
[ThinkingUnit(Model = "small", Escalate = "large", MaxOutputTokens = 200, Temperature = 0.2, Version = "4", MaxRepairs = 1)]
public sealed partial class ExtractPainPoints
{
    [Instructions]
    public const string System = "You extract a customer's pain points.";

    [Prompt]
    public const string Ask = "Complaint {{Id}} from {{Customer.Name}} in {{ Customer.Address.City }} ({{Stars}} stars, note: {{Note}}): {{Body}} -- literal {{{{braces}}}}";

    public partial ValueTask<PainPoints> ProcessAsync(Complaint input, StationContext context, CancellationToken cancellationToken);

    private static IEnumerable<string> Inspect(Complaint input, PainPoints output)
    {
        if (output.Points.Count == 0)
        {
            yield return $"Points must list at least one pain point of complaint {input.Id}";
        }
    }
}

/// <summary>A unit with a constructor of its own, a Task shape and no context parameter.</summary>
[ThinkingUnit(Name = "Triage")]
public sealed partial class TriageComplaint
{
    private readonly string prefix;

    public TriageComplaint(ModelCatalog models, string prefix)
    {
        Models = models;
        this.prefix = prefix;
    }

    [Prompt]
    private const string Ask = "Triage: {{Body}}";

    public partial Task<PainPoints> ProcessAsync(Complaint input, CancellationToken cancellationToken);

    public string Prefix => prefix;
}

[Line]
[Step<ExtractPainPoints>]
public sealed partial class ComplaintLine;

/// <summary>Sixteen workers on one model: the budget test in a real line.</summary>
[ThinkingUnit(Model = "small", Parallelism = 16, Ordered = false, MaxOutputTokens = 100, MaxRepairs = 0)]
public sealed partial class ParallelExtract
{
    [Prompt]
    public const string Ask = "Pain points of {{Customer.Name}}: {{Body}}";

    public partial ValueTask<PainPoints> ProcessAsync(Complaint input, StationContext context, CancellationToken cancellationToken);
}

[Line]
[Step<ParallelExtract>]
public sealed partial class ParallelLine;

/// <summary>A unit that remembers its accepted answers for ten minutes (the memory tier).</summary>
[ThinkingUnit(Model = "small", Parallelism = 8, MaxOutputTokens = 100, MaxRepairs = 0, CacheMinutes = 10)]
public sealed partial class RememberedExtract
{
    [Prompt]
    public const string Ask = "Pain points: {{Body}}";

    public partial ValueTask<PainPoints> ProcessAsync(Complaint input, StationContext context, CancellationToken cancellationToken);
}

[Line]
[Step<RememberedExtract>]
public sealed partial class RememberedLine;
