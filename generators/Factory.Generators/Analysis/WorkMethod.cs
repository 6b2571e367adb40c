using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Factory.Generators.Analysis;

/// <summary>
/// A station's work method, read from its symbol. Holds symbols: use it while parsing or analysing,
/// never keep it in a generator model.
/// </summary>
internal sealed class WorkMethod
{
    public const string SyncName = "Process";
    public const string AsyncName = "ProcessAsync";

    private WorkMethod(WorkMethodProblem problem, ImmutableArray<IMethodSymbol> candidates, string? reason)
    {
        Problem = problem;
        Candidates = candidates;
        Reason = reason;
    }

    public WorkMethodProblem Problem { get; }

    /// <summary>Every method named Process or ProcessAsync declared on the station.</summary>
    public ImmutableArray<IMethodSymbol> Candidates { get; }

    /// <summary>Why the shape is unsupported, in words for a diagnostic.</summary>
    public string? Reason { get; }

    public IMethodSymbol? Method => Problem == WorkMethodProblem.None ? Candidates[0] : null;

    public ITypeSymbol? Input { get; private set; }

    public ITypeSymbol? Output { get; private set; }

    public WorkShape Shape { get; private set; }

    public ImmutableArray<WorkParameter> Extras { get; private set; } = ImmutableArray<WorkParameter>.Empty;

    /// <summary>
    /// True for a batch work method: it takes <c>IReadOnlyList&lt;TIn&gt;</c> and returns
    /// <c>IReadOnlyList&lt;TOut&gt;</c> (or a task of it). <see cref="Input"/> and <see cref="Output"/>
    /// are then the item types.
    /// </summary>
    public bool IsBatch { get; private set; }

    public bool IsValid => Problem == WorkMethodProblem.None;

    /// <summary>Finds and classifies the work method of <paramref name="station"/>.</summary>
    public static WorkMethod Read(INamedTypeSymbol station, KnownSymbols known)
    {
        ImmutableArray<IMethodSymbol>.Builder candidates = ImmutableArray.CreateBuilder<IMethodSymbol>();
        foreach (ISymbol member in station.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, Name: SyncName or AsyncName } method)
            {
                candidates.Add(method);
            }
        }

        ImmutableArray<IMethodSymbol> found = candidates.ToImmutable();
        if (found.Length == 0)
        {
            return new WorkMethod(WorkMethodProblem.Missing, found, null);
        }

        if (found.Length > 1)
        {
            return new WorkMethod(WorkMethodProblem.Ambiguous, found, null);
        }

        return Classify(found, known);
    }

    private static WorkMethod Classify(ImmutableArray<IMethodSymbol> found, KnownSymbols known)
    {
        IMethodSymbol method = found[0];
        string? reason = CheckDeclaration(method);
        if (reason is not null)
        {
            return new WorkMethod(WorkMethodProblem.UnsupportedShape, found, reason);
        }

        ITypeSymbol input = method.Parameters[0].Type;
        if (IsExtra(input, known) is not null)
        {
            return new WorkMethod(WorkMethodProblem.UnsupportedShape, found, "its first parameter must be the input, not a StationContext or CancellationToken");
        }

        ImmutableArray<WorkParameter>.Builder extras = ImmutableArray.CreateBuilder<WorkParameter>();
        for (int i = 1; i < method.Parameters.Length; i++)
        {
            WorkParameter? extra = IsExtra(method.Parameters[i].Type, known);
            if (extra is null || extras.Contains(extra.Value))
            {
                return new WorkMethod(WorkMethodProblem.UnsupportedShape, found, $"parameter '{method.Parameters[i].Name}' is neither a StationContext nor a CancellationToken (each may appear once, after the input)");
            }

            extras.Add(extra.Value);
        }

        (WorkShape shape, ITypeSymbol? output, string? returnProblem) = ReadReturn(method.ReturnType, known);
        if (output is null)
        {
            return new WorkMethod(WorkMethodProblem.UnsupportedShape, found, returnProblem);
        }

        ITypeSymbol? inputItem = ListItem(input, known);
        ITypeSymbol? outputItem = shape is WorkShape.Sync or WorkShape.Task or WorkShape.ValueTask ? ListItem(output, known) : null;
        bool isBatch = inputItem is not null && outputItem is not null;
        return new WorkMethod(WorkMethodProblem.None, found, null)
        {
            Input = isBatch ? inputItem : input,
            Output = isBatch ? outputItem : output,
            Shape = shape,
            Extras = extras.ToImmutable(),
            IsBatch = isBatch,
        };
    }

    private static ITypeSymbol? ListItem(ITypeSymbol type, KnownSymbols known) =>
        type is INamedTypeSymbol { IsGenericType: true } named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, known.ReadOnlyList)
            ? named.TypeArguments[0]
            : null;

    private static string? CheckDeclaration(IMethodSymbol method)
    {
        if (method.IsStatic)
        {
            return "it is static; the work method must be an instance method";
        }

        if (method.DeclaredAccessibility != Accessibility.Public)
        {
            return "it is not public";
        }

        if (method.IsGenericMethod)
        {
            return "it is generic";
        }

        if (method.Parameters.Length == 0)
        {
            return "it has no input parameter";
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                return $"parameter '{parameter.Name}' is ref, out, in or params";
            }
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return "it returns by reference";
        }

        return null;
    }

    private static WorkParameter? IsExtra(ITypeSymbol type, KnownSymbols known)
    {
        if (SymbolEqualityComparer.Default.Equals(type, known.StationContext))
        {
            return WorkParameter.Context;
        }

        if (SymbolEqualityComparer.Default.Equals(type, known.CancellationToken))
        {
            return WorkParameter.CancellationToken;
        }

        return null;
    }

    private static (WorkShape Shape, ITypeSymbol? Output, string? Problem) ReadReturn(ITypeSymbol returnType, KnownSymbols known)
    {
        if (returnType.SpecialType == SpecialType.System_Void)
        {
            return (WorkShape.Sync, null, "it returns void; a station gives an output (return IEnumerable<T> and yield nothing to filter)");
        }

        if (returnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic)
        {
            INamedTypeSymbol definition = generic.OriginalDefinition;
            ITypeSymbol argument = generic.TypeArguments[0];
            if (SymbolEqualityComparer.Default.Equals(definition, known.Task))
            {
                return (WorkShape.Task, argument, null);
            }

            if (SymbolEqualityComparer.Default.Equals(definition, known.ValueTask))
            {
                return (WorkShape.ValueTask, argument, null);
            }

            if (SymbolEqualityComparer.Default.Equals(definition, known.Enumerable))
            {
                return (WorkShape.Enumerable, argument, null);
            }

            if (SymbolEqualityComparer.Default.Equals(definition, known.AsyncEnumerable))
            {
                return (WorkShape.AsyncEnumerable, argument, null);
            }
        }

        string name = returnType.ToDisplayString();
        if (name is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask")
        {
            return (WorkShape.Sync, null, $"it returns {name} without a result; return Task<T> or ValueTask<T>");
        }

        if (returnType.IsRefLikeType || returnType.TypeKind == TypeKind.Pointer || returnType.TypeKind == TypeKind.FunctionPointer)
        {
            return (WorkShape.Sync, null, $"its return type {name} cannot travel between stations");
        }

        return (WorkShape.Sync, returnType, null);
    }
}
