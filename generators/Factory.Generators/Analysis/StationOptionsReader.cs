using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Analysis;

/// <summary>The options written on a <c>[Station]</c>, with the defaults filled in.</summary>
internal sealed class StationOptionsReader
{
    public const int DefaultCapacity = 256;
    public const int DefaultBackoffMs = 100;

    private const string NotEmpty = "it must not be empty or white space";

    public string? Name { get; private set; }

    public string Version { get; private set; } = "1";

    public int Parallelism { get; private set; } = 1;

    public int Capacity { get; private set; } = DefaultCapacity;

    public bool Ordered { get; private set; } = true;

    public int MaxAttempts { get; private set; } = 1;

    public int BackoffMs { get; private set; } = DefaultBackoffMs;

    public int TimeoutMs { get; private set; }

    /// <summary>Materials per call for a batch station; 0 when the option is not written.</summary>
    public int BatchSize { get; private set; }

    /// <summary>How long a batch waits to fill after its first material; 0 when not written.</summary>
    public int BatchWaitMs { get; private set; }

    /// <summary>True when BatchSize or BatchWaitMs is written: the station must have a batch work method.</summary>
    public bool HasBatchOptions => batchOptions.Count > 0;

    /// <summary>True when BatchSize is written (a batch work method needs it).</summary>
    public bool HasBatchSize => batchOptions.Contains("BatchSize");

    /// <summary>The batch options written (BatchSize, BatchWaitMs), in the order they are written.</summary>
    public IReadOnlyList<string> BatchOptions => batchOptions;

    public ImmutableArray<string> Requires { get; private set; } = ImmutableArray<string>.Empty;

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
            case "Name":
                Name = value.Value as string;
                if (Name is not null && Name.Trim().Length == 0)
                {
                    problems.Add(new OptionProblem(option, value.ToCSharpString(), NotEmpty));
                }

                break;
            case "Version":
                Version = value.Value as string ?? string.Empty;
                if (Version.Trim().Length == 0)
                {
                    problems.Add(new OptionProblem(option, value.ToCSharpString(), NotEmpty));
                }

                break;
            case "Parallelism":
                Parallelism = AtLeast(option, value, 1);
                break;
            case "Capacity":
                Capacity = AtLeast(option, value, 1);
                break;
            case "Ordered":
                Ordered = value.Value is bool ordered && ordered;
                break;
            case "MaxAttempts":
                MaxAttempts = AtLeast(option, value, 1);
                break;
            case "BackoffMs":
                BackoffMs = AtLeast(option, value, 0);
                break;
            case "TimeoutMs":
                TimeoutMs = AtLeast(option, value, 0);
                break;
            case "BatchSize":
                BatchSize = AtLeast(option, value, 1);
                batchOptions.Add(option);
                break;
            case "BatchWaitMs":
                BatchWaitMs = AtLeast(option, value, 0);
                batchOptions.Add(option);
                break;
            case "Requires":
                Requires = ReadRequires(option, value);
                break;

            // [ThinkingUnit] only.
            case "Model":
                if (value.Value is not string model || model.Trim().Length == 0)
                {
                    problems.Add(new OptionProblem(option, value.ToCSharpString(), NotEmpty));
                }

                break;
            case "Escalate":
                if (value.Value is string escalate && escalate.Trim().Length == 0)
                {
                    problems.Add(new OptionProblem(option, value.ToCSharpString(), NotEmpty));
                }

                break;
            case "MaxOutputTokens":
                AtLeast(option, value, 1);
                break;
            case "MaxRepairs":
                AtLeast(option, value, 0);
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
