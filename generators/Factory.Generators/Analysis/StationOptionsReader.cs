using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Analysis;

/// <summary>
/// The options written on a <c>[Station]</c> or a <c>[ThinkingUnit]</c>, with the defaults filled in.
/// Names and defaults are the linked <see cref="StationAttribute"/>'s and <see cref="StationDefaults"/>'
/// (a thinking unit's own ones are <see cref="ThinkingUnitOptions"/>).
/// </summary>
internal sealed class StationOptionsReader
{
    private const string NotEmpty = "it must not be empty or white space";

    public string? Name { get; private set; }

    public string Version { get; private set; } = StationDefaults.Version;

    public int Parallelism { get; private set; } = StationDefaults.Parallelism;

    public int Capacity { get; private set; } = StationDefaults.Capacity;

    public bool Ordered { get; private set; } = StationDefaults.Ordered;

    public int MaxAttempts { get; private set; } = StationDefaults.MaxAttempts;

    public int BackoffMs { get; private set; } = StationDefaults.BackoffMs;

    public int TimeoutMs { get; private set; } = StationDefaults.TimeoutMs;

    /// <summary>Materials per call for a batch station; 0 when the option is not written.</summary>
    public int BatchSize { get; private set; } = StationDefaults.BatchSize;

    /// <summary>How long a batch waits to fill after its first material; 0 when not written.</summary>
    public int BatchWaitMs { get; private set; } = StationDefaults.BatchWaitMs;

    /// <summary>True when BatchSize or BatchWaitMs is written: the station must have a batch work method.</summary>
    public bool HasBatchOptions => batchOptions.Count > 0;

    /// <summary>True when BatchSize is written (a batch work method needs it).</summary>
    public bool HasBatchSize => batchOptions.Contains(nameof(StationAttribute.BatchSize));

    /// <summary>The batch options written (BatchSize, BatchWaitMs), in the order they are written.</summary>
    public IReadOnlyList<string> BatchOptions => batchOptions;

    /// <summary>A thinking unit's logical model.</summary>
    public string Model { get; private set; } = ThinkingUnitOptions.DefaultModel;

    /// <summary>A thinking unit's escalation model, or null for none.</summary>
    public string? Escalate { get; private set; }

    /// <summary>A thinking unit's temperature, or null to leave it to the model.</summary>
    public double? Temperature { get; private set; }

    public int MaxOutputTokens { get; private set; } = ThinkingUnitOptions.DefaultMaxOutputTokens;

    public int MaxRepairs { get; private set; } = ThinkingUnitOptions.DefaultMaxRepairs;

    /// <summary>Minutes a thinking unit's accepted answers are remembered; 0 (the default) for none.</summary>
    public int CacheMinutes { get; private set; }

    public ImmutableArray<string> Requires { get; private set; } = ImmutableArray<string>.Empty;

    /// <summary>The permissions named in <c>Effects</c>: what the station does outside the line.</summary>
    public ImmutableArray<string> Effects { get; private set; } = ImmutableArray<string>.Empty;

    /// <summary>Options whose value is out of range, in the order they are written.</summary>
    public IReadOnlyList<OptionProblem> Problems => problems;

    private readonly List<OptionProblem> problems = new();

    private readonly List<string> batchOptions = new();

    public bool IsValid => problems.Count == 0;

    public static StationOptionsReader Read(AttributeData attribute)
    {
        var options = new StationOptionsReader();
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            options.Apply(argument.Key, argument.Value);
        }

        return options;
    }

    private void Apply(string option, TypedConstant value)
    {
        switch (option)
        {
            case nameof(StationAttribute.Name):
                Name = value.Value as string;
                if (Name is not null && Name.Trim().Length == 0)
                {
                    problems.Add(new OptionProblem(option, value.ToCSharpString(), NotEmpty));
                }

                break;
            case nameof(StationAttribute.Version):
                Version = value.Value as string ?? string.Empty;
                if (Version.Trim().Length == 0)
                {
                    problems.Add(new OptionProblem(option, value.ToCSharpString(), NotEmpty));
                }

                break;
            case nameof(StationAttribute.Parallelism):
                Parallelism = AtLeast(option, value, 1);
                break;
            case nameof(StationAttribute.Capacity):
                Capacity = AtLeast(option, value, 1);
                break;
            case nameof(StationAttribute.Ordered):
                Ordered = value.Value is bool ordered && ordered;
                break;
            case nameof(StationAttribute.MaxAttempts):
                MaxAttempts = AtLeast(option, value, 1);
                break;
            case nameof(StationAttribute.BackoffMs):
                BackoffMs = AtLeast(option, value, 0);
                break;
            case nameof(StationAttribute.TimeoutMs):
                TimeoutMs = AtLeast(option, value, 0);
                break;
            case nameof(StationAttribute.BatchSize):
                BatchSize = AtLeast(option, value, 1);
                batchOptions.Add(option);
                break;
            case nameof(StationAttribute.BatchWaitMs):
                BatchWaitMs = AtLeast(option, value, 0);
                batchOptions.Add(option);
                break;
            case nameof(StationAttribute.Requires):
                Requires = ReadRequires(option, value);
                break;
            case nameof(StationAttribute.Effects):
                Effects = PermissionList.Split(value.Value as string);
                break;

            // [ThinkingUnit] only.
            case ThinkingUnitOptions.Model:
                if (value.Value is not string model || model.Trim().Length == 0)
                {
                    problems.Add(new OptionProblem(option, value.ToCSharpString(), NotEmpty));
                }
                else
                {
                    Model = model;
                }

                break;
            case ThinkingUnitOptions.Escalate:
                Escalate = value.Value as string;
                if (Escalate is not null && Escalate.Trim().Length == 0)
                {
                    problems.Add(new OptionProblem(option, value.ToCSharpString(), NotEmpty));
                }

                break;
            case ThinkingUnitOptions.Temperature:
                // Negative (the default) leaves the temperature to the model.
                Temperature = value.Value is double temperature && temperature >= 0 ? temperature : null;
                break;
            case ThinkingUnitOptions.MaxOutputTokens:
                MaxOutputTokens = AtLeast(option, value, 1);
                break;
            case ThinkingUnitOptions.MaxRepairs:
                MaxRepairs = AtLeast(option, value, 0);
                break;
            case ThinkingUnitOptions.CacheMinutes:
                CacheMinutes = AtLeast(option, value, 0);
                break;
        }
    }

    private int AtLeast(string option, TypedConstant value, int minimum)
    {
        int number = value.Value is int n ? n : minimum;
        if (number < minimum)
        {
            string rule = minimum == 0 ? "it must not be negative" : $"it must be at least {minimum}";
            problems.Add(new OptionProblem(option, value.ToCSharpString(), rule));
        }

        return number;
    }

    private ImmutableArray<string> ReadRequires(string option, TypedConstant value)
    {
        if (value.Kind != TypedConstantKind.Array || value.IsNull)
        {
            return ImmutableArray<string>.Empty;
        }

        ImmutableArray<string>.Builder permissions = ImmutableArray.CreateBuilder<string>();
        bool hasEmpty = false;
        foreach (TypedConstant item in value.Values)
        {
            if (item.Value is string permission && permission.Trim().Length > 0)
            {
                permissions.Add(permission);
            }
            else
            {
                hasEmpty = true;
            }
        }

        if (hasEmpty)
        {
            problems.Add(new OptionProblem(option, ArrayText(value), "every permission must be a non-empty string"));
        }

        return permissions.ToImmutable();
    }

    /// <summary>An array as a collection expression, e.g. <c>["tickets:read", ""]</c>.</summary>
    private static string ArrayText(TypedConstant array)
    {
        var items = new List<string>(array.Values.Length);
        foreach (TypedConstant item in array.Values)
        {
            items.Add(item.ToCSharpString());
        }

        return "[" + string.Join(", ", items) + "]";
    }
}
